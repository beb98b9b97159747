#include "vrs/client/outbox/outbox.hpp"

#include <algorithm>
#include <set>

#include <boost/json.hpp>

#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/hash.hpp"
#include "vrs/db/clock.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/db_key.hpp"
#include "vrs/db/transaction.hpp"
#include "vrs/schema/envelope.hpp"

namespace vrs::client::outbox {

using namespace vrs::client::net;

namespace fs = std::filesystem;
namespace json = boost::json;

std::string_view to_string(EnvelopeState state) noexcept {
  switch (state) {
    case EnvelopeState::Queued: return "queued";
    case EnvelopeState::Sent: return "sent";
    case EnvelopeState::Failed: return "failed";
  }
  return "queued";
}

std::chrono::seconds backoff_delay(int attempts) noexcept {
  if (attempts <= 1) return kFirstBackoff;
  std::chrono::seconds delay = kFirstBackoff;
  for (int i = 1; i < attempts && delay < kMaxBackoff; ++i) delay *= 2;
  return std::min(delay, kMaxBackoff);
}

namespace {

constexpr std::size_t kMaxSourceBytes = 1024;
constexpr std::size_t kMaxReasonBytes = 2000;

// The columns every entry query selects, in this order (see read_entry).
constexpr std::string_view kEntryColumns =
    "submission_id, created_at, member, source, record_count, refs, payload, payload_sha256, key_id, envelope, state, "
    "attempts, last_error, next_attempt_at, updated_at";

// Sent payloads whose resend window ended before `now` (UTC text) are cleared.
Result<void> clear_expired_payloads(db::Database& db, const std::string& now) {
  VRS_TRY(auto stmt, db.cached("UPDATE envelopes SET payload = NULL, keep_until = NULL WHERE state = 'sent' AND keep_until < ?1"));
  VRS_TRY_VOID(stmt->bind_text(1, now));
  return stmt->run();
}

std::string bounded(std::string_view text, std::size_t max) {
  if (text.size() <= max) return std::string(text);
  std::string out(text.substr(0, max - 3));
  out += "...";
  return out;
}

std::string refs_json(const std::vector<std::string>& refs) {
  json::array array;
  for (const auto& ref : refs) array.emplace_back(json::string_view(ref.data(), ref.size()));
  return json::serialize(array);
}

Result<std::vector<std::string>> parse_refs(const std::string& text) {
  boost::system::error_code ec;
  const json::value value = json::parse(text, ec);
  if (ec || !value.is_array()) return fail(ErrorCode::DataLoss, "outbox: a stored refs list is damaged");
  std::vector<std::string> refs;
  for (const auto& item : value.get_array()) {
    if (!item.is_string()) return fail(ErrorCode::DataLoss, "outbox: a stored refs list is damaged");
    refs.emplace_back(item.get_string().data(), item.get_string().size());
  }
  return refs;
}

std::optional<EnvelopeState> parse_state(std::string_view text) {
  if (text == "queued") return EnvelopeState::Queued;
  if (text == "sent") return EnvelopeState::Sent;
  if (text == "failed") return EnvelopeState::Failed;
  return std::nullopt;
}

std::optional<std::string> optional_text(const db::Statement& stmt, int column) {
  if (stmt.column_is_null(column)) return std::nullopt;
  return stmt.column_text(column);
}

Result<OutboxEntry> read_entry(const db::Statement& stmt) {
  OutboxEntry e;
  e.submission_id = stmt.column_text(0);
  e.created_at = stmt.column_text(1);
  e.member = stmt.column_text(2);
  e.source = stmt.column_text(3);
  e.record_count = static_cast<std::size_t>(stmt.column_int64(4));
  VRS_TRY(auto refs, parse_refs(stmt.column_text(5)));
  e.refs = std::move(refs);
  if (!stmt.column_is_null(6)) {
    const auto blob = stmt.column_blob(6);
    e.payload.assign(blob.begin(), blob.end());
  }
  e.payload_sha256 = stmt.column_text(7);
  e.key_id = optional_text(stmt, 8);
  e.envelope = optional_text(stmt, 9);
  const auto state = parse_state(stmt.column_text(10));
  if (!state) return fail(ErrorCode::DataLoss, "outbox: submission " + e.submission_id + " has an unknown state");
  e.state = *state;
  e.attempts = static_cast<int>(stmt.column_int64(11));
  e.last_error = optional_text(stmt, 12).value_or("");
  e.next_attempt_at = stmt.column_text(13);
  e.updated_at = stmt.column_text(14);
  return e;
}

std::string select_entries(std::string_view where) {
  std::string sql = "SELECT ";
  sql += kEntryColumns;
  sql += " FROM envelopes ";
  sql += where;
  return sql;
}

bool sorted_equal(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

}  // namespace

Result<schema::Receipt> check_receipt(std::string_view wire, const OutboxEntry& entry, const ServerKeys& keys) {
  VRS_TRY(auto unverified, schema::parse_receipt(wire));
  const ReceiptKey* key = keys.find_receipt_key(unverified.key_id);
  if (key == nullptr) {
    return fail(ErrorCode::Unauthenticated,
                "receipt for " + entry.submission_id + " is signed with key " + bounded(unverified.key_id, 64) +
                    ", which is not a receipt key of the server");
  }
  VRS_TRY(auto receipt, schema::verify_receipt(wire, key->public_key));
  if (!key->retired_at.empty() && receipt.server_time > key->retired_at) {
    // A retired key signs nothing new: a receipt dated after its retirement was not made by
    // the server (or was made with a key it gave up, perhaps because it leaked).
    return fail(ErrorCode::Unauthenticated, "receipt for " + entry.submission_id + " is signed with key " + key->key_id +
                                                " at " + bounded(receipt.server_time, 40) + ", after its retirement at " +
                                                key->retired_at);
  }
  const auto mismatch = [&](std::string_view what) {
    std::string message = "receipt for ";
    message += entry.submission_id;
    message += " does not match what was sent: ";
    message += what;
    return fail(ErrorCode::Conflict, std::move(message));
  };
  if (receipt.submission_id != entry.submission_id) return mismatch("another submission id");
  if (receipt.member != entry.member) return mismatch("another member");
  if (receipt.payload_sha256 != entry.payload_sha256) return mismatch("another payload SHA-256");
  std::vector<std::string> refs;
  refs.reserve(receipt.records.size());
  for (const auto& record : receipt.records) {
    if (record.version == 0) return mismatch("a record version 0");
    refs.push_back(record.ref);
  }
  if (!sorted_equal(std::move(refs), entry.refs)) return mismatch("other record refs");
  return receipt;
}

struct Outbox::Impl {
  db::Database db;
  explicit Impl(db::Database database) : db(std::move(database)) {}

  // A write transaction and its commit; errors start with "outbox: ".
  Result<db::Transaction> begin() {
    auto tx = db::Transaction::begin(db);
    if (!tx) return fail(tx.error().with_context("outbox"));
    return tx;
  }
  static Result<void> commit(db::Transaction& tx) {
    if (auto committed = tx.commit(); !committed) return fail(committed.error().with_context("outbox"));
    return {};
  }

  Result<std::optional<OutboxEntry>> find(std::string_view id) {
    VRS_TRY(auto stmt, db.cached(select_entries("WHERE submission_id = ?1")));
    VRS_TRY_VOID(stmt->bind_text(1, id));
    VRS_TRY(const bool row, stmt->step());
    if (!row) return std::optional<OutboxEntry>();
    VRS_TRY(auto entry, read_entry(*stmt));
    return std::optional<OutboxEntry>(std::move(entry));
  }

  Result<OutboxEntry> require(std::string_view id) {
    VRS_TRY(auto entry, find(id));
    if (!entry) {
      std::string message = "outbox: no submission ";
      message += bounded(id, 64);
      return fail(ErrorCode::NotFound, std::move(message));
    }
    return std::move(*entry);
  }

  // require(), and FailedPrecondition when the entry was already sent.
  Result<OutboxEntry> require_unsent(std::string_view id) {
    VRS_TRY(auto entry, require(id));
    if (entry.state == EnvelopeState::Sent) {
      return fail(ErrorCode::FailedPrecondition, "outbox: submission " + entry.submission_id + " was already sent");
    }
    return entry;
  }

  Result<std::vector<OutboxEntry>> query(const std::string& sql, const std::optional<std::string>& text_param) {
    VRS_TRY(auto stmt, db.cached(sql));
    if (text_param) VRS_TRY_VOID(stmt->bind_text(1, *text_param));
    std::vector<OutboxEntry> out;
    while (true) {
      VRS_TRY(const bool row, stmt->step());
      if (!row) break;
      VRS_TRY(auto entry, read_entry(*stmt));
      out.push_back(std::move(entry));
    }
    return out;
  }
};

Outbox::Outbox(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
Outbox::Outbox(Outbox&&) noexcept = default;
Outbox& Outbox::operator=(Outbox&&) noexcept = default;
Outbox::~Outbox() = default;

Result<Outbox> Outbox::open(const fs::path& db_path, const fs::path& key_path, Mode mode) {
  std::error_code ec;
  const bool db_exists = fs::exists(fs::symlink_status(db_path, ec));
  if (!db_exists && mode == Mode::OpenExisting) {
    return fail(ErrorCode::NotFound, "no outbox " + db_path.string() + " (nothing was submitted from this profile yet)");
  }
  const bool key_exists = fs::exists(fs::symlink_status(key_path, ec));
  if (db_exists && !key_exists) {
    return fail(ErrorCode::FailedPrecondition, "outbox " + db_path.string() + " exists but its key " + key_path.string() +
                                                   " is missing; the outbox cannot be opened without it");
  }
  auto key = key_exists ? db::read_key_file(key_path) : db::create_key_file(key_path);
  if (!key && !key_exists && key.error().code() == ErrorCode::AlreadyExists) key = db::read_key_file(key_path);  // a concurrent first use
  // read_key_file names the path, and for a loose mode the mode and the chmod to run.
  if (!key) return fail(key.error().with_context("outbox"));
  db::OpenOptions options;
  options.schema = &db::outbox_schema();
  options.create = !db_exists;
  auto database = db::Database::open(db_path, *key, options);
  if (!database && options.create && database.error().code() == ErrorCode::AlreadyExists) {
    options.create = false;  // another process created it meanwhile
    database = db::Database::open(db_path, *key, options);
  }
  if (!database) return fail(database.error().with_context("outbox"));
  // Payloads past their resend window are cleared at every open too, not only when a receipt
  // arrives: an outbox that sends nothing more keeps nothing longer than kResendWindow.
  if (auto cleared = clear_expired_payloads(*database, db::format_utc(Clock::now())); !cleared) {
    return fail(cleared.error().with_context("outbox"));
  }
  return Outbox(std::make_unique<Impl>(std::move(*database)));
}

db::Database& Outbox::database() noexcept { return impl_->db; }

Result<void> Outbox::enqueue(const std::vector<NewSubmission>& submissions, Clock::time_point now,
                             const std::function<Result<void>(db::Database&)>& also) {
  const std::string time = db::format_utc(now);
  VRS_TRY(auto tx, impl_->begin());
  VRS_TRY(auto stmt,
          impl_->db.cached(
              "INSERT INTO envelopes (submission_id, created_at, member, source, record_count, refs, payload, payload_sha256, "
              "state, attempts, next_attempt_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'queued', 0, ?9, ?9)"));
  for (const auto& s : submissions) {
    if (!schema::is_uuid_v4(s.submission_id)) return fail(ErrorCode::InvalidArgument, "outbox: a submission id must be a UUIDv4");
    if (s.payload.empty() || s.refs.empty() || s.refs.size() > schema::kMaxBatchRecords) {
      return fail(ErrorCode::InvalidArgument, "outbox: submission " + s.submission_id + " needs a payload and 1..5000 refs");
    }
    VRS_TRY(const auto existing, impl_->find(s.submission_id));
    if (existing) return fail(ErrorCode::AlreadyExists, "outbox: submission " + s.submission_id + " is already queued");
    const auto digest = crypto::sha256(crypto::as_bytes(s.payload));
    VRS_TRY_VOID(stmt->bind_text(1, s.submission_id));
    VRS_TRY_VOID(stmt->bind_text(2, s.created_at));
    VRS_TRY_VOID(stmt->bind_text(3, s.member));
    VRS_TRY_VOID(stmt->bind_text(4, bounded(s.source, kMaxSourceBytes)));
    VRS_TRY_VOID(stmt->bind_int64(5, static_cast<std::int64_t>(s.refs.size())));
    VRS_TRY_VOID(stmt->bind_text(6, refs_json(s.refs)));
    VRS_TRY_VOID(stmt->bind_blob(7, crypto::as_bytes(s.payload)));
    VRS_TRY_VOID(stmt->bind_text(8, crypto::to_hex(digest)));
    VRS_TRY_VOID(stmt->bind_text(9, time));
    VRS_TRY_VOID(stmt->run());
  }
  if (also) VRS_TRY_VOID(also(impl_->db));
  VRS_TRY_VOID(Impl::commit(tx));
  return {};
}

Result<void> Outbox::set_envelope(std::string_view submission_id, std::string_view key_id, std::string_view envelope,
                                  Clock::time_point now) {
  VRS_TRY(auto tx, impl_->begin());
  VRS_TRY(auto entry, impl_->require_unsent(submission_id));
  VRS_TRY(auto stmt, impl_->db.cached("UPDATE envelopes SET key_id = ?2, envelope = ?3, updated_at = ?4 WHERE submission_id = ?1"));
  VRS_TRY_VOID(stmt->bind_text(1, submission_id));
  VRS_TRY_VOID(stmt->bind_text(2, key_id));
  VRS_TRY_VOID(stmt->bind_text(3, envelope));
  VRS_TRY_VOID(stmt->bind_text(4, db::format_utc(now)));
  VRS_TRY_VOID(stmt->run());
  VRS_TRY_VOID(Impl::commit(tx));
  return {};
}

Result<schema::Receipt> Outbox::store_receipt(std::string_view submission_id, std::string_view wire, const ServerKeys& keys,
                                              Clock::time_point now) {
  VRS_TRY(auto tx, impl_->begin());
  VRS_TRY(auto entry, impl_->require(submission_id));
  if (entry.state != EnvelopeState::Queued) {
    return fail(ErrorCode::FailedPrecondition,
                "outbox: submission " + entry.submission_id + " is " + std::string(to_string(entry.state)) + ", not queued");
  }
  VRS_TRY(auto receipt, check_receipt(wire, entry, keys));
  const std::string time = db::format_utc(now);
  VRS_TRY(auto insert, impl_->db.cached(
      "INSERT INTO receipts (submission_id, receipt, received_at, key_id, record_count, audit_seq) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  VRS_TRY_VOID(insert->bind_text(1, entry.submission_id));
  VRS_TRY_VOID(insert->bind_text(2, wire));
  VRS_TRY_VOID(insert->bind_text(3, time));
  VRS_TRY_VOID(insert->bind_text(4, receipt.key_id));
  VRS_TRY_VOID(insert->bind_int64(5, static_cast<std::int64_t>(receipt.records.size())));
  VRS_TRY_VOID(insert->bind_int64(6, static_cast<std::int64_t>(receipt.audit_seq)));
  VRS_TRY_VOID(insert->run());
  // Sent: the envelope is no longer needed; the payload stays for the resend window (a
  // restored server may have lost it), and payloads past their window are cleared now
  // (secure_delete overwrites them).
  VRS_TRY(auto update, impl_->db.cached(
      "UPDATE envelopes SET state = 'sent', key_id = NULL, envelope = NULL, attempts = attempts + 1, "
      "last_error = NULL, updated_at = ?2, keep_until = ?3 WHERE submission_id = ?1"));
  VRS_TRY_VOID(update->bind_text(1, entry.submission_id));
  VRS_TRY_VOID(update->bind_text(2, time));
  VRS_TRY_VOID(update->bind_text(3, db::format_utc(now + kResendWindow)));
  VRS_TRY_VOID(update->run());
  VRS_TRY_VOID(clear_expired_payloads(impl_->db, time));
  VRS_TRY_VOID(Impl::commit(tx));
  return receipt;
}

Result<std::vector<OutboxEntry>> Outbox::resendable(Clock::time_point now) {
  return impl_->query(
      select_entries("WHERE state = 'sent' AND payload IS NOT NULL AND keep_until >= ?1 ORDER BY created_at, rowid"),
      db::format_utc(now));
}

Result<void> Outbox::requeue_lost(std::string_view submission_id, Clock::time_point now) {
  VRS_TRY(auto tx, impl_->begin());
  VRS_TRY(auto entry, impl_->require(submission_id));
  if (entry.state != EnvelopeState::Sent || entry.payload.empty()) {
    return fail(ErrorCode::FailedPrecondition,
                "outbox: submission " + entry.submission_id + " is not sent with its payload kept; it cannot be sent again");
  }
  const std::string time = db::format_utc(now);
  VRS_TRY(auto keep, impl_->db.cached(
      "INSERT INTO lost_receipts (submission_id, receipt, received_at, requeued_at) "
      "SELECT submission_id, receipt, received_at, ?2 FROM receipts WHERE submission_id = ?1"));
  VRS_TRY_VOID(keep->bind_text(1, entry.submission_id));
  VRS_TRY_VOID(keep->bind_text(2, time));
  VRS_TRY_VOID(keep->run());
  VRS_TRY(auto drop, impl_->db.cached("DELETE FROM receipts WHERE submission_id = ?1"));
  VRS_TRY_VOID(drop->bind_text(1, entry.submission_id));
  VRS_TRY_VOID(drop->run());
  VRS_TRY(auto queue, impl_->db.cached(
      "UPDATE envelopes SET state = 'queued', attempts = 0, keep_until = NULL, next_attempt_at = ?2, updated_at = ?2, "
      "last_error = 'the server no longer had it (restored from a backup?); queued again' WHERE submission_id = ?1"));
  VRS_TRY_VOID(queue->bind_text(1, entry.submission_id));
  VRS_TRY_VOID(queue->bind_text(2, time));
  VRS_TRY_VOID(queue->run());
  return Impl::commit(tx);
}

Result<OutboxEntry> Outbox::record_retry(std::string_view submission_id, std::string_view reason, Clock::time_point now,
                                         std::chrono::seconds at_least) {
  VRS_TRY(auto tx, impl_->begin());
  VRS_TRY(auto entry, impl_->require(submission_id));
  if (entry.state != EnvelopeState::Queued) {
    return fail(ErrorCode::FailedPrecondition, "outbox: submission " + entry.submission_id + " is not queued");
  }
  entry.attempts += 1;
  entry.last_error = bounded(reason, kMaxReasonBytes);
  entry.next_attempt_at =
      db::format_utc(now + std::max(backoff_delay(entry.attempts), std::clamp(at_least, std::chrono::seconds(0), kMaxRetryAfter)));
  entry.updated_at = db::format_utc(now);
  VRS_TRY(auto stmt, impl_->db.cached(
      "UPDATE envelopes SET attempts = ?2, last_error = ?3, next_attempt_at = ?4, updated_at = ?5 WHERE submission_id = ?1"));
  VRS_TRY_VOID(stmt->bind_text(1, entry.submission_id));
  VRS_TRY_VOID(stmt->bind_int64(2, entry.attempts));
  VRS_TRY_VOID(stmt->bind_text(3, entry.last_error));
  VRS_TRY_VOID(stmt->bind_text(4, entry.next_attempt_at));
  VRS_TRY_VOID(stmt->bind_text(5, entry.updated_at));
  VRS_TRY_VOID(stmt->run());
  VRS_TRY_VOID(Impl::commit(tx));
  return entry;
}

Result<void> Outbox::record_failure(std::string_view submission_id, std::string_view reason, Clock::time_point now) {
  VRS_TRY(auto tx, impl_->begin());
  VRS_TRY(auto entry, impl_->require_unsent(submission_id));
  VRS_TRY(auto stmt, impl_->db.cached(
      "UPDATE envelopes SET state = 'failed', attempts = attempts + 1, last_error = ?2, updated_at = ?3 "
      "WHERE submission_id = ?1"));
  VRS_TRY_VOID(stmt->bind_text(1, entry.submission_id));
  VRS_TRY_VOID(stmt->bind_text(2, bounded(reason, kMaxReasonBytes)));
  VRS_TRY_VOID(stmt->bind_text(3, db::format_utc(now)));
  VRS_TRY_VOID(stmt->run());
  VRS_TRY_VOID(Impl::commit(tx));
  return {};
}

Result<void> Outbox::discard(std::string_view submission_id) {
  VRS_TRY(auto tx, impl_->begin());
  VRS_TRY(auto entry, impl_->require(submission_id));
  if (entry.state != EnvelopeState::Failed) {
    return fail(ErrorCode::FailedPrecondition, "outbox: submission " + entry.submission_id + " is " +
                                                   std::string(to_string(entry.state)) + "; only failed ones can be discarded");
  }
  VRS_TRY(auto stmt, impl_->db.cached("DELETE FROM envelopes WHERE submission_id = ?1 AND state = 'failed'"));
  VRS_TRY_VOID(stmt->bind_text(1, entry.submission_id));
  VRS_TRY_VOID(stmt->run());
  VRS_TRY_VOID(Impl::commit(tx));
  return {};
}

Result<std::optional<OutboxEntry>> Outbox::find(std::string_view submission_id) { return impl_->find(submission_id); }

Result<std::vector<OutboxEntry>> Outbox::due(Clock::time_point now, bool all) {
  if (all) return impl_->query(select_entries("WHERE state = 'queued' ORDER BY created_at, rowid"), std::nullopt);
  return impl_->query(select_entries("WHERE state = 'queued' AND next_attempt_at <= ?1 ORDER BY created_at, rowid"),
                      db::format_utc(now));
}

Result<std::vector<OutboxEntry>> Outbox::list(std::optional<EnvelopeState> state) {
  if (!state) return impl_->query(select_entries("ORDER BY created_at, rowid"), std::nullopt);
  return impl_->query(select_entries("WHERE state = ?1 ORDER BY created_at, rowid"), std::string(to_string(*state)));
}

Result<OutboxCounts> Outbox::counts() {
  VRS_TRY(auto stmt, impl_->db.cached("SELECT state, count(*) FROM envelopes GROUP BY state"));
  OutboxCounts counts;
  while (true) {
    VRS_TRY(const bool row, stmt->step());
    if (!row) break;
    const auto state = parse_state(stmt->column_text(0));
    const auto n = static_cast<std::size_t>(stmt->column_int64(1));
    if (!state) return fail(ErrorCode::DataLoss, "outbox: an entry has an unknown state");
    switch (*state) {
      case EnvelopeState::Queued: counts.queued = n; break;
      case EnvelopeState::Sent: counts.sent = n; break;
      case EnvelopeState::Failed: counts.failed = n; break;
    }
  }
  return counts;
}

Result<std::vector<StoredReceipt>> Outbox::receipts() {
  VRS_TRY(auto stmt, impl_->db.cached("SELECT submission_id, receipt, received_at, key_id, record_count, audit_seq FROM receipts "
                                         "ORDER BY received_at, submission_id"));
  std::vector<StoredReceipt> out;
  while (true) {
    VRS_TRY(const bool row, stmt->step());
    if (!row) break;
    StoredReceipt r;
    r.submission_id = stmt->column_text(0);
    r.receipt = stmt->column_text(1);
    r.received_at = stmt->column_text(2);
    r.key_id = stmt->column_text(3);
    r.record_count = static_cast<std::size_t>(stmt->column_int64(4));
    r.audit_seq = static_cast<std::uint64_t>(stmt->column_int64(5));
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace vrs::client::outbox
