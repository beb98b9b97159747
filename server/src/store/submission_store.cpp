#include "vrs/server/store/submission_store.hpp"

#include "vrs/server/store/incident_rows.hpp"
#include "vrs/crypto/compare.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/db/audit_log.hpp"
#include "vrs/db/clock.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/statement.hpp"
#include "vrs/schema/receipt.hpp"

namespace vrs::server::store {
namespace {

std::string record_path(std::size_t i, std::string_view field) {
  std::string p = "records[";
  p += std::to_string(i);
  p += "].";
  p += field;
  return p;
}

struct Latest {
  std::int64_t version = 0;
  std::string status;
};

Result<std::optional<Latest>> latest_version(db::Database& db, const std::string& member, const std::string& ref) {
  VRS_TRY(auto stmt, db.cached("SELECT version, status FROM incident_versions WHERE member_id = ?1 AND ref = ?2 AND is_latest = 1"));
  VRS_TRY_VOID(stmt->bind_text(1, member));
  VRS_TRY_VOID(stmt->bind_text(2, ref));
  VRS_TRY(auto row, stmt->step());
  if (!row) return std::optional<Latest>();
  return std::optional<Latest>(Latest{stmt->column_int64(0), stmt->column_text(1)});
}

}  // namespace

Result<SubmissionOutcome> SubmissionStore::store(const VerifiedSubmission& sub, const ServerKeys& keys) {
  SubmissionOutcome out;
  // 1. The signer must be the member's current signing key (registered at enrolment).
  {
    auto stmt = db_->cached("SELECT public_key FROM member_keys WHERE member_id = ?1 AND retired_at IS NULL");
    if (!stmt) return fail(stmt.error());
    VRS_TRY_VOID((*stmt)->bind_text(1, sub.member_id));
    auto row = (*stmt)->step();
    if (!row) return fail(row.error());
    const bool match = *row && crypto::constant_time_equal((*stmt)->column_blob(0), sub.signer);
    if (!match) {
      out.kind = SubmissionOutcome::Kind::SignerMismatch;
      out.detail = "the payload is not signed with the current signing key of member " + sub.member_id;
      return out;
    }
  }
  // 2. Idempotency: the submission id is unique across the store.
  {
    auto stmt = db_->cached("SELECT member_id, payload_hash, receipt FROM submissions WHERE submission_id = ?1");
    if (!stmt) return fail(stmt.error());
    VRS_TRY_VOID((*stmt)->bind_text(1, sub.batch.submission_id));
    auto row = (*stmt)->step();
    if (!row) return fail(row.error());
    if (*row) {
      const bool same = (*stmt)->column_text(0) == sub.member_id &&
                        crypto::to_hex((*stmt)->column_blob(1)) == sub.payload_sha256;
      if (same) {
        const auto receipt = (*stmt)->column_blob(2);
        out.kind = SubmissionOutcome::Kind::Replayed;
        out.receipt.assign(receipt.begin(), receipt.end());
        return out;
      }
      out.kind = SubmissionOutcome::Kind::SubmissionConflict;
      out.detail = "submission " + sub.batch.submission_id + " was already stored with another payload";
      return out;
    }
  }
  // 3. Versions: a new ref starts at 1; an amendment or withdrawal names the latest version.
  std::vector<schema::ReceiptRecord> records;
  std::vector<VersionRow> rows;
  records.reserve(sub.batch.records.size());
  rows.reserve(sub.batch.records.size());
  const std::string now = db::utc_now();
  for (std::size_t i = 0; i < sub.batch.records.size(); ++i) {
    const auto& rec = sub.batch.records[i];
    VRS_TRY(auto latest, latest_version(*db_, sub.member_id, rec.ref));
    const auto base = rec.base_version ? std::optional<std::int64_t>(static_cast<std::int64_t>(*rec.base_version))
                                       : std::optional<std::int64_t>();
    auto conflict = [&](std::string_view field, std::string value, std::string message) {
      out.conflicts.push_back(schema::FieldError{record_path(i, field), std::move(value), std::move(message)});
    };
    std::int64_t version = 1;
    if (!latest) {
      if (base) {
        conflict("base_version", std::to_string(*base),
                 "\"" + rec.ref + "\" has no stored version to amend (base_version " + std::to_string(*base) + ")");
        continue;
      }
      if (rec.status == schema::RecordStatus::Withdrawn) {
        conflict("status", "\"withdrawn\"", "\"" + rec.ref + "\" has no stored version to withdraw");
        continue;
      }
    } else {
      const auto& l = *latest;
      if (l.status == "withdrawn") {
        conflict("ref", "\"" + rec.ref + "\"",
                 "\"" + rec.ref + "\" was withdrawn (version " + std::to_string(l.version) + ") and cannot be re-created");
        continue;
      }
      if (!base) {
        conflict("ref", "\"" + rec.ref + "\"",
                 "\"" + rec.ref + "\" already exists (latest version " + std::to_string(l.version) +
                     "); an amendment names it as base_version");
        continue;
      }
      if (*base != l.version) {
        conflict("base_version", std::to_string(*base),
                 "stale: the latest version of \"" + rec.ref + "\" is " + std::to_string(l.version));
        continue;
      }
      version = l.version + 1;
    }
    records.push_back({rec.ref, static_cast<std::uint64_t>(version), std::string(schema::to_string(rec.status))});
    rows.push_back(VersionRow{sub.member_id, sub.state, version, base, sub.batch.submission_id, now});
  }
  if (!out.conflicts.empty()) {
    out.kind = SubmissionOutcome::Kind::VersionConflict;
    out.detail = std::to_string(out.conflicts.size()) + " record(s) conflict with stored versions";
    return out;
  }
  // 4. Audit entry (its position goes into the receipt), receipt, submission row, versions.
  db::AuditLog audit(*db_);
  auto seq = audit.append({sub.member_id, "submission.store",
                           "submission=" + sub.batch.submission_id + " records=" + std::to_string(records.size()), "ok"});
  if (!seq) return fail(seq.error());
  schema::Receipt receipt{sub.batch.submission_id, sub.member_id, sub.payload_sha256, static_cast<std::uint64_t>(*seq),
                          now, keys.receipt_key_id(), records};
  VRS_TRY(auto wire, schema::sign_receipt(receipt, keys.receipt_key()));
  auto payload_hash = crypto::from_hex(sub.payload_sha256);
  if (!payload_hash) return fail(payload_hash.error());
  {
    VRS_TRY(auto stmt, db_->cached(
        "INSERT INTO submissions (submission_id, member_id, payload_hash, signature, signer_key, sealed_to, record_count, "
        "client_time, received_at, receipt, audit_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"));
    db::Statement& s = *stmt;
    Result<void> r = s.bind_text(1, sub.batch.submission_id);
    if (r) r = s.bind_text(2, sub.member_id);
    if (r) r = s.bind_blob(3, *payload_hash);
    if (r) r = s.bind_blob(4, sub.signature);
    if (r) r = s.bind_blob(5, sub.signer);
    if (r) r = s.bind_text(6, sub.sealed_to);
    if (r) r = s.bind_int64(7, static_cast<std::int64_t>(records.size()));
    if (r) r = s.bind_text(8, sub.batch.created_at);
    if (r) r = s.bind_text(9, now);
    if (r) r = s.bind_blob(10, crypto::as_bytes(wire));
    if (r) r = s.bind_int64(11, *seq);
    if (r) r = s.run();
    if (!r) return fail(r.error());
  }
  {
    VRS_TRY(auto demote, db_->cached("UPDATE incident_versions SET is_latest = 0 WHERE member_id = ?1 AND ref = ?2 AND is_latest = 1"));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (rows[i].version > 1) {
        VRS_TRY_VOID(demote->bind_text(1, sub.member_id));
        VRS_TRY_VOID(demote->bind_text(2, sub.batch.records[i].ref));
        VRS_TRY_VOID(demote->run());
      }
    }
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    VRS_TRY_VOID(insert_incident_version(*db_, rows[i], sub.batch.records[i]));
  }
  out.kind = SubmissionOutcome::Kind::Stored;
  out.receipt = std::move(wire);
  out.records = rows.size();
  return out;
}

Result<std::vector<SubmissionSummary>> SubmissionStore::list(const std::string& member_id, std::int64_t after,
                                                             std::size_t limit) {
  VRS_TRY(auto stmt, db_->prepare(
      "SELECT id, submission_id, received_at, record_count, payload_hash, audit_seq FROM submissions "
      "WHERE member_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3"));
  VRS_TRY_VOID(stmt.bind_text(1, member_id));
  VRS_TRY_VOID(stmt.bind_int64(2, after));
  VRS_TRY_VOID(stmt.bind_int64(3, static_cast<std::int64_t>(limit)));
  std::vector<SubmissionSummary> out;
  for (;;) {
    VRS_TRY(auto row, stmt.step());
    if (!row) break;
    out.push_back({stmt.column_int64(0), stmt.column_text(1), stmt.column_text(2), stmt.column_int64(3),
                   crypto::to_hex(stmt.column_blob(4)), stmt.column_int64(5)});
  }
  return out;
}

Result<std::optional<std::string>> SubmissionStore::receipt(const std::string& member_id,
                                                            const std::string& submission_id) {
  VRS_TRY(auto stmt, db_->prepare("SELECT receipt FROM submissions WHERE member_id = ?1 AND submission_id = ?2"));
  VRS_TRY_VOID(stmt.bind_text(1, member_id));
  VRS_TRY_VOID(stmt.bind_text(2, submission_id));
  VRS_TRY(auto row, stmt.step());
  if (!row) return std::optional<std::string>();
  const auto blob = stmt.column_blob(0);
  return std::optional<std::string>(std::string(blob.begin(), blob.end()));
}

Result<std::vector<IncidentVersionInfo>> SubmissionStore::versions(const std::string& member_id,
                                                                   const std::string& ref) {
  auto stmt = db_->prepare(
      "SELECT version, status, base_version, submission_id, created_at, is_latest, canonical FROM incident_versions "
      "WHERE member_id = ?1 AND ref = ?2 ORDER BY version");
  if (!stmt) return fail(stmt.error());
  VRS_TRY_VOID(stmt->bind_text(1, member_id));
  VRS_TRY_VOID(stmt->bind_text(2, ref));
  std::vector<IncidentVersionInfo> out;
  for (;;) {
    VRS_TRY(auto row, stmt->step());
    if (!row) break;
    IncidentVersionInfo v;
    v.version = stmt->column_int64(0);
    v.status = stmt->column_text(1);
    if (!stmt->column_is_null(2)) v.base_version = stmt->column_int64(2);
    v.submission_id = stmt->column_text(3);
    v.created_at = stmt->column_text(4);
    v.latest = stmt->column_int64(5) != 0;
    const auto blob = stmt->column_blob(6);
    v.canonical.assign(blob.begin(), blob.end());
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace vrs::server::store
