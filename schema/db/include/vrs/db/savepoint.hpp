#pragma once
/// RAII savepoint inside an open transaction (SQLite SAVEPOINT / ROLLBACK TO / RELEASE): the
/// work done after it can be undone without ending the enclosing transaction. Beside
/// db::Transaction, for a transaction that carries several independent pieces of work (the
/// writer thread's group commit).
///
/// Unless release() succeeded, the destructor rolls back to the savepoint and releases it
/// (errors ignored: if SQLite already ended the transaction, there is nothing to undo).
///
/// Thread-safety: none; same thread as its Database, and must not outlive it.

#include <string>
#include <string_view>

#include "vrs/common/error.hpp"

namespace vrs::db {

class Database;

class Savepoint {
 public:
  /// SAVEPOINT `name`. InvalidArgument unless `name` is an SQL identifier
  /// ([A-Za-z_][A-Za-z0-9_]*); FailedPrecondition unless `db` is inside a transaction.
  static Result<Savepoint> begin(Database& db, std::string_view name);

  Savepoint(Savepoint&& other) noexcept;
  Savepoint& operator=(Savepoint&&) = delete;
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  /// rollback() if still active, errors ignored.
  ~Savepoint();

  /// RELEASE: keep the work (it commits or rolls back with the enclosing transaction).
  Result<void> release();
  /// ROLLBACK TO, then RELEASE: undo the work and end the savepoint (idempotent).
  Result<void> rollback();
  [[nodiscard]] bool active() const noexcept { return db_ != nullptr; }

 private:
  Savepoint(Database& db, std::string name) : db_(&db), name_(std::move(name)) {}
  Database* db_ = nullptr;
  std::string name_;
};

}  // namespace vrs::db
