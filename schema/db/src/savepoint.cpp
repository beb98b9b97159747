#include "vrs/db/savepoint.hpp"

#include <utility>

#include "vrs/db/database.hpp"

namespace vrs::db {

namespace {
bool is_identifier(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && i > 0)) return false;
  }
  return true;
}
}  // namespace

Result<Savepoint> Savepoint::begin(Database& db, std::string_view name) {
  if (!is_identifier(name)) return fail(ErrorCode::InvalidArgument, "savepoint name is not an SQL identifier");
  if (!db.in_transaction()) {
    return fail(ErrorCode::FailedPrecondition, db.path().string() + ": a savepoint needs an open transaction");
  }
  std::string sql = "SAVEPOINT ";
  sql += name;
  VRS_TRY_VOID(db.exec(sql));
  return Savepoint(db, std::string(name));
}

Savepoint::Savepoint(Savepoint&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), name_(std::move(other.name_)) {}

Savepoint::~Savepoint() { (void)rollback(); }

Result<void> Savepoint::release() {
  if (db_ == nullptr) return fail(ErrorCode::FailedPrecondition, "release: savepoint is not active");
  Database* db = std::exchange(db_, nullptr);
  if (!db->in_transaction()) {
    return fail(ErrorCode::FailedPrecondition, "release: the enclosing transaction has ended");
  }
  return db->exec("RELEASE " + name_);
}

Result<void> Savepoint::rollback() {
  if (db_ == nullptr) return {};
  Database* db = std::exchange(db_, nullptr);
  if (!db->in_transaction()) return {};  // SQLite already rolled the transaction back
  VRS_TRY_VOID(db->exec("ROLLBACK TO " + name_));
  return db->exec("RELEASE " + name_);
}

}  // namespace vrs::db
