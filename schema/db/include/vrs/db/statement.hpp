#pragma once
/// A prepared SQL statement (RAII over sqlite3_stmt, SQLiteCpp style). Parameters are
/// 1-based; every bind copies its value (SQLITE_TRANSIENT), so arguments need not outlive the
/// call. Every SQLite return code goes through one check and comes back as a Result whose
/// message names the database path and the statement text (values are bound, so the text never
/// contains record content or secrets).
///
/// Thread-safety: none; a Statement belongs to its Database's connection and thread, and
/// must not outlive that Database.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "vrs/common/error.hpp"
#include "vrs/crypto/bytes.hpp"

namespace vrs::db {

class Database;

/// SQLite's storage classes.
enum class ColumnType { Integer, Float, Text, Blob, Null };

class Statement {
 public:
  Statement(Statement&&) noexcept;
  Statement& operator=(Statement&&) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Result<void> bind_int64(int index, std::int64_t value);
  Result<void> bind_double(int index, double value);
  Result<void> bind_text(int index, std::string_view value);
  Result<void> bind_blob(int index, crypto::ByteView value);
  Result<void> bind_null(int index);

  /// Advances: true if a row is available, false when done. A failing step (constraint,
  /// trigger ABORT, I/O) is an error; the statement must then be reset before reuse.
  Result<bool> step();
  /// Steps a statement that yields no row (INSERT/UPDATE/DELETE/DDL) to completion;
  /// Internal if it yields a row. The statement is reset afterwards.
  Result<void> run();
  /// Resets to run again; bindings are kept (use clear_bindings to drop them).
  Result<void> reset();
  void clear_bindings() noexcept;

  /// Column access for the current row (after step() returned true); `index` is 0-based and
  /// must be < column_count(). Text and blob getters copy.
  [[nodiscard]] int column_count() const noexcept;
  [[nodiscard]] ColumnType column_type(int index) const noexcept;
  [[nodiscard]] bool column_is_null(int index) const noexcept;
  [[nodiscard]] std::int64_t column_int64(int index) const noexcept;
  [[nodiscard]] double column_double(int index) const noexcept;
  [[nodiscard]] std::string column_text(int index) const;
  [[nodiscard]] crypto::Bytes column_blob(int index) const;
  [[nodiscard]] std::string column_name(int index) const;

  /// The SQL text as prepared.
  [[nodiscard]] std::string_view sql() const noexcept;

 private:
  friend class Database;
  struct Impl;
  explicit Statement(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

/// A statement borrowed from a Database's prepared-statement cache. Returned to the cache
/// (reset, bindings cleared) when destroyed. If the cached statement for the same SQL is
/// already borrowed (nested use), a private statement is prepared instead.
class CachedStatement {
 public:
  CachedStatement(CachedStatement&&) noexcept;
  CachedStatement& operator=(CachedStatement&&) = delete;
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;
  ~CachedStatement();

  Statement& operator*() noexcept { return *stmt_; }
  Statement* operator->() noexcept { return stmt_; }

 private:
  friend class Database;
  CachedStatement(Statement* cached, bool* in_use) noexcept : stmt_(cached), in_use_(in_use) {}
  explicit CachedStatement(std::unique_ptr<Statement> owned) noexcept;
  Statement* stmt_ = nullptr;
  bool* in_use_ = nullptr;             // the cache's flag, when borrowed from the cache
  std::unique_ptr<Statement> owned_;   // a private statement otherwise
};

}  // namespace vrs::db
