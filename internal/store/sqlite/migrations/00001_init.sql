-- Incident store schema, SQLite dialect. Times are Unix microseconds (UTC);
-- JSON columns hold the caller's JSON text unchanged. There are no foreign
-- keys: decisions, incidents and reviews may be written before their session.

-- +goose Up
CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    closed      INTEGER NOT NULL DEFAULT 0,
    turns       INTEGER NOT NULL DEFAULT 0,
    scores      TEXT NOT NULL,
    max_scores  TEXT NOT NULL,
    trajectory  TEXT
);
CREATE INDEX sessions_updated ON sessions (updated_at, id);

CREATE TABLE decisions (
    id          TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL,
    time        INTEGER NOT NULL,
    action      TEXT NOT NULL,
    rules       TEXT NOT NULL,
    turn        INTEGER NOT NULL,
    detail      TEXT
);
CREATE INDEX decisions_session ON decisions (session_id, time, id);

CREATE TABLE incidents (
    id          TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL,
    time        INTEGER NOT NULL,
    phenomenon  TEXT NOT NULL,
    score       REAL NOT NULL,
    severity    TEXT NOT NULL,
    first_turn  INTEGER NOT NULL,
    turn        INTEGER NOT NULL,
    finding     TEXT,
    action      TEXT NOT NULL,
    decision_id TEXT NOT NULL
);
CREATE INDEX incidents_time ON incidents (time, id);
CREATE INDEX incidents_session ON incidents (session_id, time, id);
CREATE INDEX incidents_phenomenon ON incidents (phenomenon, time, id);

CREATE TABLE reviews (
    id          TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied')),
    tool_call   TEXT,
    decided_at  INTEGER,
    reason      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reviews_session ON reviews (session_id, created_at, id);
CREATE INDEX reviews_status ON reviews (status, created_at, id);

-- +goose Down
DROP TABLE reviews;
DROP TABLE incidents;
DROP TABLE decisions;
DROP TABLE sessions;
