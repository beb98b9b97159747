-- 0002_cell_key: the secret behind the record keys of the cell-key method (docs/disclosure.md
-- "Noise"). A record version's key is SipHash-2-4 of its incident_versions.id under this
-- secret, so every version has its own secret random key without storing one per row. One
-- row, written by the server with the OS random generator the first time it starts on this
-- store, never changed afterwards (changing it would change every published noise and open
-- the figures to differencing between the old and the new noise). Protected, as every secret
-- here, by the database encryption.
CREATE TABLE cell_key_secret (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  secret      BLOB NOT NULL CHECK (length(secret) = 16),
  created_at  TEXT NOT NULL
);
