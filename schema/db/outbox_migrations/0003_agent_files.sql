-- 0003_agent_files: the files `vrs-client agent` took from its inbox (docs/agent.md). A row is
-- written in the same transaction that queues the file's submissions, so a file is either
-- wholly queued and known here, or not at all; a file seen again with the same content
-- (sha256) is never queued twice. `complete` turns 1 once every submission has its receipt
-- and the file's summary in done/ says so.
CREATE TABLE agent_files (
  sha256       TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  kind         TEXT NOT NULL CHECK (kind IN ('submit', 'amend', 'withdraw')),
  taken_at     TEXT NOT NULL,
  records      INTEGER NOT NULL CHECK (records >= 1),
  submissions  TEXT NOT NULL,
  complete     INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1))
);
CREATE INDEX agent_files_open ON agent_files (complete, taken_at);
