-- 0002_resend_window: submissions a restored server lost can be sent again (docs/operations.md
-- "Restore"). A sent submission now keeps its signed payload until keep_until (the resend
-- window, 14 days after its receipt); then the payload is cleared as before. The outbox stays
-- encrypted with outbox.key, and holds nothing the member's own system does not hold.
-- `vrs-client sync --resend-lost` queues again every sent submission, still in its window, that
-- the server no longer lists; the receipt it had is kept here, as evidence of what the server
-- once acknowledged.
ALTER TABLE envelopes ADD COLUMN keep_until TEXT;

CREATE TABLE lost_receipts (
  submission_id TEXT NOT NULL REFERENCES envelopes (submission_id),
  receipt       TEXT NOT NULL,
  received_at   TEXT NOT NULL,
  requeued_at   TEXT NOT NULL
);
