-- 0003_consent: who agreed to each certificate (docs/pki.md "Consent").
-- A certificate for a member that already has a signing key is issued only with the member's
-- proof (its enrolment request signed with that key) or, without it, after a second, different
-- administrator approved the request; so is the first certificate of an analyst or an
-- administrator. Certificates issued before this migration keep consent 'legacy'.

ALTER TABLE certificates ADD COLUMN consent TEXT NOT NULL DEFAULT 'legacy'
  CHECK (consent IN ('legacy', 'first_enrolment', 'member_proof', 'two_person', 'operator'));
ALTER TABLE certificates ADD COLUMN requested_by TEXT;
ALTER TABLE certificates ADD COLUMN approved_by TEXT;

-- Requests that wait for a second administrator. A request is approved at most once and
-- expires (status 'expired' when looked at) after 7 days; the CSR is public data.
CREATE TABLE certificate_requests (
  id           INTEGER PRIMARY KEY,
  member_id    TEXT NOT NULL REFERENCES members (member_id),
  csr          TEXT NOT NULL,
  signing_key  BLOB NOT NULL CHECK (length(signing_key) = 32),
  days         INTEGER NOT NULL CHECK (days >= 1),
  reason       TEXT NOT NULL,
  why          TEXT NOT NULL,   -- why a second administrator is needed
  requested_by TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'expired')),
  approved_by  TEXT,
  approved_at  TEXT,
  serial       TEXT REFERENCES certificates (serial),
  CHECK ((status = 'approved') = (approved_by IS NOT NULL AND serial IS NOT NULL))
);
CREATE INDEX certificate_requests_pending ON certificate_requests (status, id);

-- A certificate issued in a member's name without the member's proof is told to the member:
-- every other certificate of the member sees the notice (response header VRS-Notice) until a
-- connection with that certificate lists the member's certificates (GET /v1/certificates).
-- Whoever holds the new certificate therefore cannot hide it from the member's own.
CREATE TABLE certificate_notices (
  id          INTEGER PRIMARY KEY,
  member_id   TEXT NOT NULL REFERENCES members (member_id),
  serial      TEXT NOT NULL REFERENCES certificates (serial),
  created_at  TEXT NOT NULL
);
CREATE INDEX certificate_notices_member ON certificate_notices (member_id);
CREATE TABLE certificate_notice_seen (
  notice_id   INTEGER NOT NULL REFERENCES certificate_notices (id),
  fingerprint TEXT NOT NULL,
  seen_at     TEXT NOT NULL,
  PRIMARY KEY (notice_id, fingerprint)
);
