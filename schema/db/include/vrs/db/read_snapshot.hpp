#pragma once
/// RAII read snapshot: BEGIN (deferred) on creation, so the reads that follow see one
/// consistent state of the database (the snapshot is taken at the first read and held until
/// the guard ends); COMMIT in the destructor or end(). Nothing is written: it works on a
/// read-only connection (the analysis engine's fact loader).
///
/// Thread-safety: none; same thread as its Database, and must not outlive it.

#include "vrs/common/error.hpp"

namespace vrs::db {

class Database;

class ReadSnapshot {
 public:
  /// BEGIN. FailedPrecondition if `db` is already in a transaction.
  static Result<ReadSnapshot> begin(Database& db);

  ReadSnapshot(ReadSnapshot&& other) noexcept;
  ReadSnapshot& operator=(ReadSnapshot&&) = delete;
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;
  /// end() if still active, errors ignored.
  ~ReadSnapshot();

  /// COMMIT: ends the snapshot (idempotent).
  Result<void> end();
  [[nodiscard]] bool active() const noexcept { return db_ != nullptr; }

 private:
  explicit ReadSnapshot(Database& db) noexcept : db_(&db) {}
  Database* db_ = nullptr;
};

}  // namespace vrs::db
