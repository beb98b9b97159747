-- 0001_outbox: the client outbox (docs/architecture.md "Storage"), a vrs_db database of its own
-- (application_id "VRSO") in the member's profile directory, keyed with outbox.key.
-- SQLite 3.15.2 dialect (SQLCipher 3.4.1): no UPSERT, RETURNING, window functions, JSON1 or
-- STRICT tables. Times are UTC ISO-8601 text with milliseconds ("2026-11-23T10:00:00.000Z"),
-- which sort in time order. Applied in one transaction with PRAGMA user_version = 1.

-- One row per submission (one batch). Written and committed before the first send; the
-- signed payload (the canonical vrs.batch/1 bytes) is kept so the envelope can be re-sealed
-- when the server rotates its sealing key. `envelope` is NULL until sealed (the server's key
-- may not be known yet when the submission is queued offline). On a verified receipt the row
-- turns 'sent' and its payload and envelope are cleared (the receipt is the proof; the
-- member's own system holds the data).
CREATE TABLE envelopes (
  submission_id   TEXT PRIMARY KEY NOT NULL CHECK (length(submission_id) = 36),
  created_at      TEXT NOT NULL,
  member          TEXT NOT NULL CHECK (length(member) BETWEEN 3 AND 64),
  source          TEXT NOT NULL CHECK (length(source) <= 1024),
  record_count    INTEGER NOT NULL CHECK (record_count BETWEEN 1 AND 5000),
  refs            TEXT NOT NULL,
  payload         BLOB,
  payload_sha256  TEXT NOT NULL CHECK (length(payload_sha256) = 64),
  key_id          TEXT,
  envelope        TEXT,
  state           TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error      TEXT,
  next_attempt_at TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  CHECK (state = 'sent' OR payload IS NOT NULL),
  CHECK ((key_id IS NULL) = (envelope IS NULL))
);
CREATE INDEX envelopes_due ON envelopes (state, next_attempt_at);

-- Verified receipts, exactly as the server signed them (`receipt` is the wire JSON), with the
-- id of the server key that verified them.
CREATE TABLE receipts (
  submission_id   TEXT PRIMARY KEY NOT NULL REFERENCES envelopes (submission_id),
  receipt         TEXT NOT NULL,
  received_at     TEXT NOT NULL,
  key_id          TEXT NOT NULL,
  record_count    INTEGER NOT NULL CHECK (record_count >= 1),
  audit_seq       INTEGER NOT NULL CHECK (audit_seq >= 0)
);
