#include "vrs/db/audit_log.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "vrs/crypto/compare.hpp"
#include "vrs/db/clock.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/transaction.hpp"

namespace vrs::db {
namespace {

constexpr std::string_view kSelectHead = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";
constexpr std::string_view kInsert =
    "INSERT INTO audit_log (seq, time, actor, action, object, outcome, prev_hash, hash) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr std::string_view kSelectFrom =
    "SELECT seq, time, actor, action, object, outcome, prev_hash, hash FROM audit_log "
    "WHERE seq > ?1 ORDER BY seq LIMIT ?2";
constexpr std::string_view kSelectAll =
    "SELECT seq, time, actor, action, object, outcome, prev_hash, hash FROM audit_log ORDER BY seq";

constexpr std::array<std::string_view, 3> kTriggers = {"audit_log_no_update", "audit_log_no_delete",
                                                       "audit_log_next_seq"};

Result<void> check_field(std::string_view name, const std::string& value, std::size_t max, bool may_be_empty) {
  if (value.empty() && !may_be_empty) return fail(ErrorCode::InvalidArgument, "audit entry: " + std::string(name) + " is empty");
  if (value.size() > max) {
    return fail(ErrorCode::InvalidArgument, "audit entry: " + std::string(name) + " is longer than " +
                                                std::to_string(max) + " bytes");
  }
  return {};
}

AuditRecord read_record(Statement& stmt) {
  AuditRecord r;
  r.seq = stmt.column_int64(0);
  r.time = stmt.column_text(1);
  r.actor = stmt.column_text(2);
  r.action = stmt.column_text(3);
  r.object = stmt.column_text(4);
  r.outcome = stmt.column_text(5);
  r.prev_hash = stmt.column_blob(6);
  r.hash = stmt.column_blob(7);
  return r;
}

std::array<std::uint8_t, 8> be64(std::int64_t value) {
  std::array<std::uint8_t, 8> out{};
  auto u = static_cast<std::uint64_t>(value);
  for (int i = 7; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(u & 0xffu);
    u >>= 8u;
  }
  return out;
}

}  // namespace

crypto::Digest32 compute_audit_hash(std::int64_t seq, std::string_view time, std::string_view actor,
                                    std::string_view action, std::string_view object, std::string_view outcome,
                                    crypto::ByteView prev_hash) {
  const auto seq_bytes = be64(seq);
  crypto::Blake2b256 h;
  h.update_framed(seq_bytes);
  h.update_framed(crypto::as_bytes(time));
  h.update_framed(crypto::as_bytes(actor));
  h.update_framed(crypto::as_bytes(action));
  h.update_framed(crypto::as_bytes(object));
  h.update_framed(crypto::as_bytes(outcome));
  h.update_framed(prev_hash);
  return h.finish();
}

AuditLog::AuditLog(Database& db, Clock clock) : db_(&db), clock_(std::move(clock)) {
  if (!clock_) clock_ = [] { return std::chrono::system_clock::now(); };
}

Result<AuditHead> AuditLog::head() {
  VRS_TRY(auto stmt, db_->cached(kSelectHead));
  VRS_TRY(auto row, stmt->step());
  AuditHead head;
  if (!row) return head;
  head.seq = stmt->column_int64(0);
  const crypto::Bytes hash = stmt->column_blob(1);
  if (hash.size() != head.hash.size()) {
    return fail(ErrorCode::DataLoss, "audit log entry " + std::to_string(head.seq) + " has a malformed hash");
  }
  std::copy(hash.begin(), hash.end(), head.hash.begin());
  return head;
}

Result<std::int64_t> AuditLog::append(const AuditEntry& entry) {
  VRS_TRY_VOID(check_field("actor", entry.actor, kMaxAuditActor, false));
  VRS_TRY_VOID(check_field("action", entry.action, kMaxAuditAction, false));
  VRS_TRY_VOID(check_field("object", entry.object, kMaxAuditObject, true));
  VRS_TRY_VOID(check_field("outcome", entry.outcome, kMaxAuditOutcome, false));

  // Reading the head and inserting the next entry must be one write transaction: the caller's
  // if it has one open (the entry then commits or rolls back with the action), else ours.
  std::optional<Transaction> own;
  if (!db_->in_transaction()) {
    auto tx = Transaction::begin(*db_);
    if (!tx) return fail(tx.error().with_context("cannot write audit entry"));
    own.emplace(std::move(*tx));
  }
  auto current = head();
  if (!current) return fail(current.error().with_context("cannot write audit entry"));
  const std::int64_t seq = current->seq + 1;
  const std::string time = format_utc(clock_());
  const crypto::Digest32 hash =
      compute_audit_hash(seq, time, entry.actor, entry.action, entry.object, entry.outcome, current->hash);

  auto stmt = db_->cached(kInsert);
  if (!stmt) return fail(stmt.error().with_context("cannot write audit entry"));
  Statement& s = **stmt;
  Result<void> r = s.bind_int64(1, seq);
  if (r) r = s.bind_text(2, time);
  if (r) r = s.bind_text(3, entry.actor);
  if (r) r = s.bind_text(4, entry.action);
  if (r) r = s.bind_text(5, entry.object);
  if (r) r = s.bind_text(6, entry.outcome);
  if (r) r = s.bind_blob(7, current->hash);
  if (r) r = s.bind_blob(8, hash);
  if (r) r = s.run();
  if (!r) return fail(r.error().with_context("cannot write audit entry"));
  if (own) {
    if (auto c = own->commit(); !c) return fail(c.error().with_context("cannot write audit entry"));
  }
  return seq;
}

Result<std::vector<AuditRecord>> AuditLog::list(std::int64_t after_seq, std::size_t limit) {
  std::vector<AuditRecord> out;
  if (limit == 0) return out;
  VRS_TRY(auto stmt, db_->cached(kSelectFrom));
  VRS_TRY_VOID(stmt->bind_int64(1, after_seq));
  VRS_TRY_VOID(stmt->bind_int64(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX))));
  for (;;) {
    VRS_TRY(auto row, stmt->step());
    if (!row) break;
    out.push_back(read_record(*stmt));
  }
  return out;
}

Result<AuditVerifyReport> AuditLog::verify() {
  AuditVerifyReport report;
  VRS_TRY(auto stmt, db_->prepare(kSelectAll));
  std::int64_t expected_seq = 1;
  crypto::Digest32 prev{};  // genesis: 32 zero bytes
  for (;;) {
    VRS_TRY(auto row, stmt.step());
    if (!row) break;
    const AuditRecord r = read_record(stmt);
    ++report.entries;
    report.head_seq = r.seq;
    if (r.hash.size() == report.head_hash.size()) std::copy(r.hash.begin(), r.hash.end(), report.head_hash.begin());
    if (report.first_broken_seq) continue;  // keep counting; the first break is what matters

    const auto broken = [&](std::int64_t seq, std::string reason) {
      report.first_broken_seq = seq;
      report.reason = std::move(reason);
    };
    if (r.seq != expected_seq) {
      if (r.seq > expected_seq) {
        broken(expected_seq, "entry " + std::to_string(expected_seq) + " is missing (the log jumps from " +
                                 std::to_string(expected_seq - 1) + " to " + std::to_string(r.seq) + ")");
      } else {
        broken(r.seq, "entry " + std::to_string(r.seq) + " is out of sequence");
      }
      continue;
    }
    if (r.prev_hash.size() != prev.size() || !crypto::constant_time_equal(r.prev_hash, prev)) {
      broken(r.seq, expected_seq == 1 ? "entry 1 does not start from the genesis hash"
                                      : "prev_hash of entry " + std::to_string(r.seq) +
                                            " is not the hash of entry " + std::to_string(r.seq - 1));
      continue;
    }
    const crypto::Digest32 computed = compute_audit_hash(r.seq, r.time, r.actor, r.action, r.object, r.outcome, prev);
    if (r.hash.size() != computed.size() || !crypto::constant_time_equal(r.hash, computed)) {
      broken(r.seq, "hash of entry " + std::to_string(r.seq) + " does not match its contents");
      continue;
    }
    prev = computed;
    ++expected_seq;
  }
  return report;
}

Result<bool> AuditLog::triggers_present() {
  VRS_TRY(auto stmt, db_->cached("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log' "
                          "AND name IN (?1, ?2, ?3)"));
  for (std::size_t i = 0; i < kTriggers.size(); ++i) {
    VRS_TRY_VOID(stmt->bind_text(static_cast<int>(i + 1), kTriggers[i]));
  }
  VRS_TRY(auto row, stmt->step());
  return row && stmt->column_int64(0) == static_cast<std::int64_t>(kTriggers.size());
}

}  // namespace vrs::db
