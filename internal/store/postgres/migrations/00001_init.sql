-- Incident store schema, PostgreSQL dialect. JSON columns that hold the
-- caller's documents are `json` (kept as sent, unknown fields and all); the
-- scores, which the store writes itself, are jsonb. There are no foreign
-- keys: decisions, incidents and reviews may be written before their session.

-- +goose Up
CREATE TABLE sessions (
    id          text PRIMARY KEY,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    closed      boolean NOT NULL DEFAULT false,
    turns       integer NOT NULL DEFAULT 0,
    scores      jsonb NOT NULL,
    max_scores  jsonb NOT NULL,
    trajectory  json
);
CREATE INDEX sessions_updated ON sessions (updated_at, id);

CREATE TABLE decisions (
    id          text PRIMARY KEY,
    session_id  text NOT NULL,
    time        timestamptz NOT NULL,
    action      text NOT NULL,
    rules       text[] NOT NULL,
    turn        integer NOT NULL,
    detail      json
);
CREATE INDEX decisions_session ON decisions (session_id, time, id);

CREATE TABLE incidents (
    id          text PRIMARY KEY,
    session_id  text NOT NULL,
    time        timestamptz NOT NULL,
    phenomenon  text NOT NULL,
    score       double precision NOT NULL,
    severity    text NOT NULL,
    first_turn  integer NOT NULL,
    turn        integer NOT NULL,
    finding     json,
    action      text NOT NULL,
    decision_id text NOT NULL
);
CREATE INDEX incidents_time ON incidents (time, id);
CREATE INDEX incidents_session ON incidents (session_id, time, id);
CREATE INDEX incidents_phenomenon ON incidents (phenomenon, time, id);

CREATE TABLE reviews (
    id          text PRIMARY KEY,
    session_id  text NOT NULL,
    created_at  timestamptz NOT NULL,
    status      text NOT NULL CHECK (status IN ('pending', 'approved', 'denied')),
    tool_call   json,
    decided_at  timestamptz,
    reason      text NOT NULL DEFAULT ''
);
CREATE INDEX reviews_session ON reviews (session_id, created_at, id);
CREATE INDEX reviews_status ON reviews (status, created_at, id);

-- +goose Down
DROP TABLE reviews;
DROP TABLE incidents;
DROP TABLE decisions;
DROP TABLE sessions;
