#pragma once
/// An encrypted VRS database: one SQLCipher 3.4.1 connection (RAII, SQLiteCpp style).
///
/// Opening, in this order (docs/architecture.md "Storage", "Keys"):
///  1. refuse a missing file (unless creating), an empty or non-page-sized file;
///  2. sqlite3_open_v2 without SQLITE_OPEN_CREATE unless creating (a new file is made 0600
///     with O_EXCL first, so an existing file is never overwritten);
///  3. the 32-byte raw key as "x'<64 hex>'" (built in secure memory and wiped; SQLCipher's
///     own PBKDF2 is skipped) and cipher_page_size = 4096;
///  4. an immediate read (`SELECT count(*) FROM sqlite_master`) to verify the key: a wrong key
///     is "cannot open <path>: wrong key or not a VRS database" and nothing has been written;
///  5. `PRAGMA application_id` must be the schema's magic (a different SQLCipher database
///     under the same key is refused);
///  6. pragmas journal_mode=WAL (persistent, only when writing), synchronous=FULL,
///     foreign_keys=ON, secure_delete=ON, temp_store=MEMORY;
///  7. migrations from `PRAGMA user_version`, one transaction each (see migrations.hpp); a
///     database newer than the binary is refused.
/// Nothing is written before step 5 succeeds, so a failed open leaves the file byte-identical
/// (and the WAL/shm files SQLite makes for reading are removed again on close).
///
/// Thread-safety: a Database is one connection and is used by one thread at a time; never
/// share it across threads (open one per thread: one writer, several readers in WAL mode).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "vrs/common/error.hpp"
#include "vrs/crypto/secure_buffer.hpp"
#include "vrs/db/migrations.hpp"
#include "vrs/db/statement.hpp"

namespace vrs::db {

/// SQLCipher page size of every VRS database (SQLCipher 3's default is 1024; 4096 suits the
/// millions-of-records scale, docs/architecture.md "Storage"). A file whose size is not a
/// multiple of it is truncated or not a VRS database.
inline constexpr std::size_t kPageSize = 4096;
/// Size of the raw database key.
inline constexpr std::size_t kKeySize = 32;

/// The checks Database::open makes on an existing file before SQLite touches it, with the
/// same messages: NotFound "cannot open <path>: no such database file", InvalidArgument (not a
/// regular file), DataLoss (empty file; size not a whole number of kPageSize pages).
Result<void> check_database_file(const std::filesystem::path& path);

struct OpenOptions {
  /// Create a new database: AlreadyExists if the file exists. Otherwise the file must exist.
  bool create = false;
  /// Apply pending migrations (and set journal_mode=WAL). false = inspection only: nothing is
  /// written at all (the connection is PRAGMA query_only), pending migrations are reported by
  /// pending_migrations(). Ignored (always true) when creating.
  bool migrate = true;
  /// Which kind of database; nullptr = server_schema(). Must outlive the Database.
  const SchemaDefinition* schema = nullptr;
  /// How long to wait for another connection's lock before Unavailable.
  std::chrono::milliseconds busy_timeout{5000};
};

class Database {
 public:
  /// Opens (or creates) the database at `path` with `key` (exactly kKeySize bytes; the caller
  /// keeps and wipes it). Failure modes, each with a message naming the path and never the key:
  ///  - NotFound: "cannot open <path>: no such database file";
  ///  - AlreadyExists (create): "cannot create <path>: file already exists";
  ///  - Unauthenticated: "cannot open <path>: wrong key or not a VRS database";
  ///  - DataLoss: empty, truncated (size not a whole number of pages) or corrupted file;
  ///  - FailedPrecondition: foreign application_id, or a schema newer than this binary;
  ///  - Unavailable: locked by another connection past the busy timeout, I/O errors;
  ///  - Internal/Conflict: a migration failed (the database stays at its previous version;
  ///    a database being created is removed again).
  static Result<Database> open(const std::filesystem::path& path, const crypto::SecureBuffer& key,
                               OpenOptions options = {});

  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  /// The schema name an export is attached as while export_to() runs its callback.
  static constexpr std::string_view kExportSchema = "vrs_export";
  /// Writes a consistent copy of this database to the new file `path` (made 0600; AlreadyExists
  /// if it exists), encrypted with `key` (kKeySize bytes): SQLCipher's sqlcipher_export into an
  /// attached database, inside ONE read transaction, so the copy is a single snapshot while
  /// other connections keep writing (WAL). The copy gets this database's user_version and
  /// application_id. `in_snapshot`, if given, runs in the same transaction after the copy; it
  /// may read this database and write the copy (as kExportSchema). On any failure the new file
  /// is removed. The connection must not be read-only (the copy is a write) and must not be in
  /// a transaction.
  Result<void> export_to(const std::filesystem::path& path, const crypto::SecureBuffer& key,
                         const std::function<Result<void>()>& in_snapshot = {});

  /// Finalizes cached statements and closes the connection.
  ~Database();

  [[nodiscard]] const std::filesystem::path& path() const noexcept;
  [[nodiscard]] const SchemaDefinition& schema() const noexcept;
  /// true if opened with migrate=false (query_only: every write fails).
  [[nodiscard]] bool read_only() const noexcept;

  /// Runs one or more statements without results (DDL, PRAGMA, literal DML). Never put
  /// values from users into `sql`: use prepare() and bind.
  Result<void> exec(std::string_view sql);
  /// Prepares exactly one statement (InvalidArgument if `sql` holds trailing statements).
  Result<Statement> prepare(std::string_view sql);
  /// Borrows the cached prepared statement for `sql` (prepared on first use).
  Result<CachedStatement> cached(std::string_view sql);
  /// Runs a query returning one integer in its first column of the first row (e.g. count(*)).
  Result<std::int64_t> query_int64(std::string_view sql);

  /// rowid of the last successful INSERT on this connection.
  [[nodiscard]] std::int64_t last_insert_rowid() const noexcept;
  /// Rows changed by the last INSERT/UPDATE/DELETE.
  [[nodiscard]] std::int64_t changes() const noexcept;
  /// true while a transaction is open on this connection.
  [[nodiscard]] bool in_transaction() const noexcept;

  /// `PRAGMA user_version`: the number of applied migrations.
  Result<int> schema_version();
  /// schema().latest_version() minus schema_version() (0 when up to date).
  Result<int> pending_migrations();
  /// `PRAGMA application_id`.
  Result<std::int32_t> application_id();
  /// `PRAGMA journal_mode` (e.g. "wal").
  Result<std::string> journal_mode();
  /// `PRAGMA integrity_check`: the messages SQLite returns; exactly {"ok"} when sound.
  /// Reading every page also verifies every page's SQLCipher HMAC (SQLCipher 3.4.1 has no
  /// PRAGMA cipher_integrity_check; it came in 4.2.0). A page failing its HMAC is an error.
  Result<std::vector<std::string>> integrity_check();
  /// `PRAGMA foreign_key_check`: one line per violation ("<table> rowid <n> -> <parent>");
  /// empty when sound.
  Result<std::vector<std::string>> foreign_key_check();

 private:
  friend class Statement;
  friend class Transaction;
  struct Impl;
  explicit Database(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vrs::db
