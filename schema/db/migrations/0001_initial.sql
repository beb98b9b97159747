-- 0001_initial: the server store (docs/architecture.md "Storage"). SQLite 3.15.2 dialect (SQLCipher 3.4.1):
-- no UPSERT, RETURNING, window functions, JSON1 or STRICT tables.
-- Conventions: times are UTC ISO-8601 text ("2024-05-01T10:00:00.000Z"); dates are
-- "YYYY-MM-DD"; country codes are ISO 3166-1 alpha-3 (plus the ICAO XXA/XXB/XXC/XXX codes
-- where the design allows them); code lists mirror the enums of vrs_schema.
-- Applied in one transaction with PRAGMA user_version = 1 by the migration runner.

-- Key/value facts about this store (created_at, store id). Not secret, not incident data.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY NOT NULL CHECK (length(key) BETWEEN 1 AND 64),
  value TEXT NOT NULL
);

-- Member agencies. member_id is e.g. "AUS-ABF"; state is the ISO 3166-1 alpha-3 code.
CREATE TABLE members (
  member_id   TEXT PRIMARY KEY NOT NULL
              CHECK (length(member_id) BETWEEN 3 AND 64 AND member_id NOT GLOB '*[^A-Za-z0-9_.-]*'),
  state       TEXT NOT NULL CHECK (length(state) = 3 AND state NOT GLOB '*[^A-Z]*'),
  agency      TEXT NOT NULL CHECK (length(agency) BETWEEN 1 AND 200),
  role        TEXT NOT NULL CHECK (role IN ('reporter', 'analyst', 'admin', 'focal_point')),
  status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'retired')),
  name_opt_in INTEGER NOT NULL DEFAULT 0 CHECK (name_opt_in IN (0, 1)),
  created_at  TEXT NOT NULL,
  updated_at  TEXT
);
CREATE INDEX members_state ON members (state);

-- Ed25519 keys members sign submissions with (registered at enrolment); several per member
-- over time, at most one current.
CREATE TABLE member_keys (
  id          INTEGER PRIMARY KEY,
  member_id   TEXT NOT NULL REFERENCES members (member_id),
  public_key  BLOB NOT NULL UNIQUE CHECK (length(public_key) = 32),
  created_at  TEXT NOT NULL,
  retired_at  TEXT
);
CREATE UNIQUE INDEX member_keys_one_current ON member_keys (member_id) WHERE retired_at IS NULL;

-- Certificates the CA issued, the registry the TLS verify step consults (docs/pki.md).
-- fingerprint = lower-case hex SHA-256 of the DER certificate.
CREATE TABLE certificates (
  serial        TEXT PRIMARY KEY NOT NULL CHECK (length(serial) BETWEEN 1 AND 64),
  member_id     TEXT NOT NULL REFERENCES members (member_id),
  fingerprint   TEXT NOT NULL UNIQUE
                CHECK (length(fingerprint) = 64 AND fingerprint NOT GLOB '*[^0-9a-f]*'),
  role          TEXT NOT NULL CHECK (role IN ('reporter', 'analyst', 'admin', 'focal_point')),
  subject       TEXT NOT NULL,
  not_before    TEXT NOT NULL,
  not_after     TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
  revoked_at    TEXT,
  reason        TEXT,            -- revocation reason (RFC 5280 name or free text)
  issued_reason TEXT NOT NULL,   -- why it was issued: enrolment, renewal, re-enrolment, ...
  replaces      TEXT REFERENCES certificates (serial),
  created_at    TEXT NOT NULL,
  CHECK (not_before < not_after),
  CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
);
CREATE INDEX certificates_member ON certificates (member_id);
CREATE INDEX certificates_expiry ON certificates (status, not_after);

-- Server signing (Ed25519 receipts) and sealing (X25519 envelopes) keys with key ids, so
-- envelopes sealed to a retired key still open. The secret is protected by the database
-- encryption; at most one current key per kind.
CREATE TABLE server_keys (
  key_id      TEXT PRIMARY KEY NOT NULL CHECK (length(key_id) BETWEEN 1 AND 64),
  kind        TEXT NOT NULL CHECK (kind IN ('ed25519', 'x25519')),
  public_key  BLOB NOT NULL CHECK (length(public_key) = 32),
  secret_key  BLOB NOT NULL CHECK (length(secret_key) = 32),
  created_at  TEXT NOT NULL,
  retired_at  TEXT
);
CREATE UNIQUE INDEX server_keys_one_current ON server_keys (kind) WHERE retired_at IS NULL;

-- Append-only, hash-chained audit log (vrs/db/audit_log.hpp documents the hash).
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY CHECK (seq >= 1),
  time      TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  object    TEXT NOT NULL,
  outcome   TEXT NOT NULL,
  prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),
  hash      BLOB NOT NULL CHECK (length(hash) = 32)
);
-- Append-only in SQL too: rows are never changed or removed, and a new row takes exactly the
-- next sequence number (which also stops INSERT OR REPLACE from overwriting a row, since the
-- REPLACE path's delete does not fire DELETE triggers).
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_next_seq BEFORE INSERT ON audit_log
WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM audit_log)
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: seq must be the next number');
END;

-- Signed chain heads (checkpoints) the server publishes so members can hold it to account.
CREATE TABLE audit_checkpoints (
  id         INTEGER PRIMARY KEY,
  seq        INTEGER NOT NULL REFERENCES audit_log (seq),
  head_hash  BLOB NOT NULL CHECK (length(head_hash) = 32),
  key_id     TEXT NOT NULL REFERENCES server_keys (key_id),
  signature  BLOB NOT NULL CHECK (length(signature) = 64),
  created_at TEXT NOT NULL
);
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END;

-- Accepted submissions (docs/architecture.md "Submission path"): one row per batch, with what the receipt covers.
-- Idempotency: the same submission_id with the same payload_hash returns the stored receipt.
CREATE TABLE submissions (
  id            INTEGER PRIMARY KEY,
  submission_id TEXT NOT NULL UNIQUE CHECK (length(submission_id) BETWEEN 1 AND 64),
  member_id     TEXT NOT NULL REFERENCES members (member_id),
  payload_hash  BLOB NOT NULL CHECK (length(payload_hash) = 32),
  signature     BLOB NOT NULL CHECK (length(signature) = 64),
  signer_key    BLOB NOT NULL CHECK (length(signer_key) = 32),
  sealed_to     TEXT REFERENCES server_keys (key_id),
  record_count  INTEGER NOT NULL DEFAULT 0 CHECK (record_count >= 0),
  client_time   TEXT,
  received_at   TEXT NOT NULL,
  receipt       BLOB NOT NULL,
  audit_seq     INTEGER NOT NULL REFERENCES audit_log (seq)
);
CREATE INDEX submissions_member ON submissions (member_id, received_at);

-- Incident records, one row per version of (member_id, ref) (docs/api.md "Submissions").
-- is_latest is maintained by the writer (no window functions in SQLite 3.15): when a new
-- version is stored the previous one is set to 0 in the same transaction. A withdrawal is a
-- version with status 'withdrawn' (a tombstone) and may leave the incident fields NULL.
-- date_start/date_end span the reported date: a day, or the first..last day of a month.
CREATE TABLE incident_versions (
  id                 INTEGER PRIMARY KEY,
  member_id          TEXT NOT NULL REFERENCES members (member_id),
  state              TEXT NOT NULL CHECK (length(state) = 3),  -- reporting state, from the member
  ref                TEXT NOT NULL CHECK (length(ref) BETWEEN 1 AND 64),
  version            INTEGER NOT NULL CHECK (version >= 1),
  base_version       INTEGER CHECK (base_version IS NULL OR (base_version >= 1 AND base_version < version)),
  status             TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
  is_latest          INTEGER NOT NULL DEFAULT 1 CHECK (is_latest IN (0, 1)),
  submission_id      TEXT NOT NULL REFERENCES submissions (submission_id),
  case_key           TEXT CHECK (case_key IS NULL OR (length(case_key) <= 128 AND case_key NOT GLOB '*[^0-9a-f]*')),
  date_start         TEXT,
  date_end           TEXT,
  date_precision     TEXT CHECK (date_precision IN ('day', 'month')),
  detection_country  TEXT CHECK (detection_country IS NULL OR length(detection_country) = 3),
  detection_location TEXT CHECK (detection_location IN ('airport', 'seaport', 'land_checkpoint',
                       'land_between_checkpoints', 'at_sea', 'inland', 'exit_prevented', 'other')),
  sharing            TEXT NOT NULL DEFAULT 'aggregate_only'
                     CHECK (sharing IN ('aggregate_only', 'analysts', 'members')),
  notes              TEXT CHECK (notes IS NULL OR length(notes) <= 2000),
  -- harm (Protocol art. 6(3)); abuse kinds in incident_abuse
  deaths             INTEGER NOT NULL DEFAULT 0 CHECK (deaths >= 0),
  missing            INTEGER NOT NULL DEFAULT 0 CHECK (missing >= 0),
  injured            INTEGER NOT NULL DEFAULT 0 CHECK (injured >= 0),
  -- criminal-justice response
  investigations     INTEGER NOT NULL DEFAULT 0 CHECK (investigations >= 0),
  arrests            INTEGER NOT NULL DEFAULT 0 CHECK (arrests >= 0),
  prosecutions       INTEGER NOT NULL DEFAULT 0 CHECK (prosecutions >= 0),
  convictions        INTEGER NOT NULL DEFAULT 0 CHECK (convictions >= 0),
  canonical          BLOB NOT NULL,  -- canonical JSON of the record version as submitted
  created_at         TEXT NOT NULL,
  UNIQUE (member_id, ref, version),
  CHECK (date_start IS NULL OR date_end IS NULL OR date_start <= date_end),
  CHECK (status = 'withdrawn' OR (date_start IS NOT NULL AND date_end IS NOT NULL AND
         date_precision IS NOT NULL AND detection_country IS NOT NULL AND detection_location IS NOT NULL))
);
-- At most one latest version per (member, ref).
CREATE UNIQUE INDEX incident_versions_one_latest ON incident_versions (member_id, ref) WHERE is_latest = 1;
-- Region/period aggregation over latest active versions, and coverage per member/month.
CREATE INDEX incident_versions_period ON incident_versions (is_latest, status, date_start);
CREATE INDEX incident_versions_country ON incident_versions (detection_country, date_start);
CREATE INDEX incident_versions_state ON incident_versions (state, date_start);
CREATE INDEX incident_versions_submission ON incident_versions (submission_id);
CREATE INDEX incident_versions_case_key ON incident_versions (case_key) WHERE case_key IS NOT NULL;

-- Detail tables keyed by incident version id (the analyses, docs/reports.md). Lists keep their order
-- in `position` (0-based).
CREATE TABLE incident_conduct (
  incident_id INTEGER NOT NULL REFERENCES incident_versions (id) ON DELETE CASCADE,
  conduct     TEXT NOT NULL CHECK (conduct IN ('smuggling', 'document_fraud', 'enabling_illegal_stay',
                'irregular_migration')),
  PRIMARY KEY (incident_id, conduct)
);
CREATE INDEX incident_conduct_kind ON incident_conduct (conduct);

CREATE TABLE incident_route_legs (
  incident_id INTEGER NOT NULL REFERENCES incident_versions (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL CHECK (position >= 0),
  country     TEXT NOT NULL CHECK (length(country) = 3),
  role        TEXT NOT NULL CHECK (role IN ('origin', 'transit', 'destination')),
  mode        TEXT NOT NULL CHECK (mode IN ('air', 'land', 'sea', 'unknown')),
  PRIMARY KEY (incident_id, position)
);
CREATE INDEX incident_route_legs_country ON incident_route_legs (role, country);

CREATE TABLE incident_migrant_groups (
  incident_id            INTEGER NOT NULL REFERENCES incident_versions (id) ON DELETE CASCADE,
  position               INTEGER NOT NULL CHECK (position >= 0),
  nationality            TEXT NOT NULL CHECK (length(nationality) = 3),
  sex                    TEXT NOT NULL CHECK (sex IN ('female', 'male', 'unknown')),
  age                    TEXT NOT NULL CHECK (age IN ('child', 'adult', 'unknown')),
  count                  INTEGER NOT NULL CHECK (count >= 1),
  unaccompanied_children INTEGER NOT NULL DEFAULT 0 CHECK (unaccompanied_children >= 0),
  document_status        TEXT NOT NULL DEFAULT 'unknown'
                         CHECK (document_status IN ('none', 'genuine', 'fraudulent', 'unknown')),
  PRIMARY KEY (incident_id, position)
);
CREATE INDEX incident_migrant_groups_nationality ON incident_migrant_groups (nationality);

CREATE TABLE incident_smuggler_groups (
  incident_id INTEGER NOT NULL REFERENCES incident_versions (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL CHECK (position >= 0),
  nationality TEXT NOT NULL CHECK (length(nationality) = 3),
  sex         TEXT NOT NULL CHECK (sex IN ('female', 'male', 'unknown')),
  age         TEXT NOT NULL CHECK (age IN ('juvenile', 'adult', 'unknown')),
  role        TEXT NOT NULL CHECK (role IN ('organiser', 'recruiter', 'transporter', 'crew', 'guide',
                'document_supplier', 'financier', 'corrupt_official', 'other')),
  count       INTEGER NOT NULL CHECK (count >= 1),
  PRIMARY KEY (incident_id, position)
);
CREATE INDEX incident_smuggler_groups_nationality ON incident_smuggler_groups (nationality);

CREATE TABLE incident_methods (
  incident_id INTEGER NOT NULL REFERENCES incident_versions (id) ON DELETE CASCADE,
  method      TEXT NOT NULL CHECK (method IN ('fraudulent_documents', 'genuine_documents_misused',
                'visa_abuse', 'transit_swap', 'concealment', 'unseaworthy_vessel', 'commercial_flight',
                'land_vehicle', 'on_foot', 'corruption', 'pay_on_arrival', 'other')),
  PRIMARY KEY (incident_id, method)
);
CREATE INDEX incident_methods_kind ON incident_methods (method);

CREATE TABLE incident_documents (
  incident_id INTEGER NOT NULL REFERENCES incident_versions (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL CHECK (position >= 0),
  type        TEXT NOT NULL CHECK (type IN ('passport', 'visa', 'id_card', 'residence_permit', 'other')),
  fraud       TEXT NOT NULL CHECK (fraud IN ('counterfeit', 'forged', 'photo_substituted', 'impostor',
                'fraudulently_obtained', 'stolen_blank')),
  issuer      TEXT NOT NULL CHECK (length(issuer) = 3),
  count       INTEGER NOT NULL CHECK (count >= 1),
  PRIMARY KEY (incident_id, position)
);

-- Fees in minor units of the ISO 4217 currency (converted to USD at analysis time).
CREATE TABLE incident_fees (
  incident_id  INTEGER NOT NULL REFERENCES incident_versions (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL CHECK (position >= 0),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  currency     TEXT NOT NULL CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
  per          TEXT NOT NULL CHECK (per IN ('person', 'group')),
  covers       TEXT NOT NULL CHECK (covers IN ('full_journey', 'leg')),
  payment      TEXT NOT NULL CHECK (payment IN ('cash', 'bank', 'hawala', 'mobile', 'pay_on_arrival',
                 'other', 'unknown')),
  PRIMARY KEY (incident_id, position)
);
CREATE INDEX incident_fees_currency ON incident_fees (currency);

CREATE TABLE incident_abuse (
  incident_id INTEGER NOT NULL REFERENCES incident_versions (id) ON DELETE CASCADE,
  abuse       TEXT NOT NULL CHECK (abuse IN ('endangered_life', 'inhuman_treatment', 'exploitation',
                'violence', 'extortion')),
  PRIMARY KEY (incident_id, abuse)
);
