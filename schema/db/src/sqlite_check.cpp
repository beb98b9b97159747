// The one place SQLite result codes become vrs::Error values, and the RAII deleters.
#include <cctype>

#include "sqlite.hpp"

namespace vrs::db::detail {

void ConnectionCloser::operator()(sqlite3* db) const noexcept {
  // close_v2: if a Statement outlived its Database by mistake, the connection becomes a
  // zombie and closes with the last statement instead of failing with SQLITE_BUSY.
  (void)sqlite3_close_v2(db);
}

void StatementFinalizer::operator()(sqlite3_stmt* stmt) const noexcept { (void)sqlite3_finalize(stmt); }

ErrorCode error_code_for(int rc) noexcept {
  switch (rc & 0xff) {  // primary code of an extended code
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL: return ErrorCode::Unavailable;
    case SQLITE_CONSTRAINT: return ErrorCode::Conflict;
    case SQLITE_NOMEM:
    case SQLITE_FULL:
    case SQLITE_TOOBIG: return ErrorCode::ResourceExhausted;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return ErrorCode::DataLoss;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH: return ErrorCode::PermissionDenied;
    case SQLITE_NOTFOUND: return ErrorCode::NotFound;
    case SQLITE_MISMATCH:
    case SQLITE_RANGE: return ErrorCode::InvalidArgument;
    default: return ErrorCode::Internal;  // SQLITE_ERROR (bad SQL), MISUSE, SCHEMA, ...
  }
}

Result<void> check(sqlite3* db, int rc, std::string_view context) {
  if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return {};
  std::string message(context);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return fail(error_code_for(rc), std::move(message));
}

std::string sql_excerpt(std::string_view sql) {
  constexpr std::size_t kMax = 80;
  std::string out;
  bool space = false;
  for (const char c : sql) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() >= kMax) {
      out += "...";
      break;
    }
  }
  return out;
}

}  // namespace vrs::db::detail
