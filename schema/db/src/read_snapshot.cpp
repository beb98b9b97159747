#include "vrs/db/read_snapshot.hpp"

#include <utility>

#include "vrs/db/database.hpp"

namespace vrs::db {

Result<ReadSnapshot> ReadSnapshot::begin(Database& db) {
  if (db.in_transaction()) {
    return fail(ErrorCode::FailedPrecondition, db.path().string() + ": a transaction is already open");
  }
  VRS_TRY_VOID(db.exec("BEGIN"));
  return ReadSnapshot(db);
}

ReadSnapshot::ReadSnapshot(ReadSnapshot&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

ReadSnapshot::~ReadSnapshot() { (void)end(); }

Result<void> ReadSnapshot::end() {
  if (db_ == nullptr) return {};
  Database* db = std::exchange(db_, nullptr);
  if (!db->in_transaction()) return {};
  // Nothing was written: COMMIT only ends the read transaction and its snapshot.
  return db->exec("COMMIT");
}

}  // namespace vrs::db
