#pragma once
// Internal: the SQLCipher C API and the private state of Database and Statement. Nothing here
// is visible outside vrs_db.

// SQLCipher's codec API (sqlite3_key_v2, sqlite3_rekey_v2) is declared only with this defined.
#define SQLITE_HAS_CODEC 1
#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "vrs/common/error.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/statement.hpp"

namespace vrs::db::detail {

struct ConnectionCloser {
  void operator()(sqlite3* db) const noexcept;
};
using ConnectionHandle = std::unique_ptr<sqlite3, ConnectionCloser>;

struct StatementFinalizer {
  void operator()(sqlite3_stmt* stmt) const noexcept;
};
using StatementHandle = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

/// The canonical error code for an SQLite result code.
ErrorCode error_code_for(int rc) noexcept;

/// The one place SQLite return codes become Results: OK/ROW/DONE pass, anything else is an
/// Error "<context>: <sqlite message>".
Result<void> check(sqlite3* db, int rc, std::string_view context);

/// A short, single-line rendering of SQL for error messages.
std::string sql_excerpt(std::string_view sql);

}  // namespace vrs::db::detail

namespace vrs::db {

struct Statement::Impl {
  detail::StatementHandle stmt;
  sqlite3* db = nullptr;               // owned by the Database
  const std::string* db_path = nullptr;  // the Database's path, for messages
  Result<void> check(int rc, std::string_view what) const;
};

struct Database::Impl {
  // Declaration order matters: the cache (statements) is destroyed before the connection.
  detail::ConnectionHandle handle;
  std::filesystem::path path;
  std::string path_text;
  const SchemaDefinition* schema = nullptr;
  bool read_only = false;
  struct CacheEntry {
    std::unique_ptr<Statement> stmt;
    bool in_use = false;
  };
  std::unordered_map<std::string, CacheEntry> cache;

  [[nodiscard]] sqlite3* db() const noexcept { return handle.get(); }
  Result<void> check(int rc, std::string_view context) const;
};

}  // namespace vrs::db
