#include "vrs/db/transaction.hpp"

#include <utility>

#include "vrs/db/database.hpp"

namespace vrs::db {

Result<Transaction> Transaction::begin(Database& db) {
  if (db.in_transaction()) {
    return fail(ErrorCode::FailedPrecondition, db.path().string() + ": a transaction is already open");
  }
  if (db.read_only()) {
    return fail(ErrorCode::FailedPrecondition, db.path().string() + ": opened read-only (no writes)");
  }
  // IMMEDIATE: take the write lock now, so lock contention shows at begin (after the busy
  // timeout) rather than as a failed commit after the work is done.
  VRS_TRY_VOID(db.exec("BEGIN IMMEDIATE"));
  return Transaction(db);
}

Transaction::Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Transaction::~Transaction() {
  if (db_ != nullptr && db_->in_transaction()) (void)db_->exec("ROLLBACK");
}

Result<void> Transaction::commit() {
  if (db_ == nullptr) return fail(ErrorCode::FailedPrecondition, "commit: transaction is not active");
  Database* db = std::exchange(db_, nullptr);
  auto r = db->exec("COMMIT");
  // A failed COMMIT can leave the transaction open (e.g. SQLITE_BUSY): end it so the caller's
  // view ("not done") is the truth.
  if (!r && db->in_transaction()) (void)db->exec("ROLLBACK");
  return r;
}

Result<void> Transaction::rollback() {
  if (db_ == nullptr) return {};
  Database* db = std::exchange(db_, nullptr);
  if (!db->in_transaction()) return {};  // SQLite already rolled back (e.g. after SQLITE_FULL)
  return db->exec("ROLLBACK");
}

}  // namespace vrs::db
