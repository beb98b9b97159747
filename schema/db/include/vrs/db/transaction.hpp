#pragma once
/// RAII write transaction (SQLiteCpp style): BEGIN IMMEDIATE on creation, so the write lock is
/// taken up front and a concurrent writer fails at begin (after the busy timeout), not at
/// commit; ROLLBACK in the destructor unless commit() succeeded.
///
/// Thread-safety: none; same thread as its Database, and must not outlive it. Transactions do
/// not nest (begin inside an open transaction is FailedPrecondition).

#include "vrs/common/error.hpp"

namespace vrs::db {

class Database;

class Transaction {
 public:
  /// BEGIN IMMEDIATE. Unavailable if another connection holds the write lock past the busy
  /// timeout; FailedPrecondition if `db` is already in a transaction or read-only.
  static Result<Transaction> begin(Database& db);

  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  /// Rolls back if still active (errors are ignored: SQLite rolls back on close anyway).
  ~Transaction();

  /// COMMIT. On failure the transaction is rolled back (now or by the destructor) and the
  /// error returned: the caller must treat the work as not done.
  Result<void> commit();
  /// ROLLBACK now (idempotent).
  Result<void> rollback();
  [[nodiscard]] bool active() const noexcept { return db_ != nullptr; }

 private:
  explicit Transaction(Database& db) noexcept : db_(&db) {}
  Database* db_ = nullptr;
};

}  // namespace vrs::db
