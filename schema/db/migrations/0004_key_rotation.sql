-- 0004_key_rotation: retiring the server's own keys (docs/operations.md "Rotate keys").
-- A sealing key that is no longer current still opens envelopes sealed to it until closed_at;
-- NULL means retired_at plus the configured grace ([keys] sealing_grace_days). A receipt key
-- that is no longer current keeps verifying the receipts it signed; its successor signs a
-- statement of its retirement (schema/key_retirement.hpp), kept in retirement_signature and
-- published in GET /v1/keys, so members can keep the key history and check it.

ALTER TABLE server_keys ADD COLUMN closed_at TEXT;
ALTER TABLE server_keys ADD COLUMN successor TEXT;
ALTER TABLE server_keys ADD COLUMN retirement_signature BLOB
  CHECK (retirement_signature IS NULL OR length(retirement_signature) = 64);
