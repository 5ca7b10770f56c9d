-- Reviews carry the key of the withheld tool call (the gateway's digest of
-- its name and arguments), so that an approval is found after a restart.
-- Existing rows take the key the gateway stored inside tool_call.

-- +goose Up
ALTER TABLE reviews ADD COLUMN tool_key TEXT NOT NULL DEFAULT '';
UPDATE reviews SET tool_key = COALESCE(json_extract(tool_call, '$.key'), '')
 WHERE tool_call IS NOT NULL AND json_valid(tool_call) AND json_type(tool_call, '$.key') = 'text';
CREATE INDEX reviews_approved_key ON reviews (session_id, tool_key) WHERE status = 'approved';

-- +goose Down
DROP INDEX reviews_approved_key;
ALTER TABLE reviews DROP COLUMN tool_key;
