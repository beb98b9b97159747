#include "vrs/db/database.hpp"
#include "vrs/db/transaction.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include "migration_runner.hpp"
#include "secret_hex.hpp"
#include "sqlite.hpp"

namespace vrs::db {
namespace {

constexpr std::size_t kMaxCachedStatements = 128;

std::string hex32(std::int32_t value) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", static_cast<unsigned>(value));
  return buf;
}

bool file_exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

// The files SQLite keeps beside a database.
const char* const kSidecarSuffixes[] = {"-wal", "-shm", "-journal"};

// Creates the database file exclusively with mode 0600 (SQLite's own creation would use 0644
// minus umask, and would not refuse an existing file). A leftover -wal/-journal beside a new
// file would be replayed into it, so those are refused too.
Result<void> create_empty_file(const std::string& path) {
  for (const char* suffix : kSidecarSuffixes) {
    if (file_exists(path + suffix)) {
      return fail(ErrorCode::AlreadyExists,
                  "cannot create " + path + ": " + path + suffix + " exists (left from another database?)");
    }
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    const int err = errno;
    if (err == EEXIST) return fail(ErrorCode::AlreadyExists, "cannot create " + path + ": file already exists");
    return fail(ErrorCode::Unavailable, "cannot create " + path + ": " + std::strerror(err));
  }
  const bool chmod_ok = ::fchmod(fd, 0600) == 0;  // whatever the umask
  const int chmod_errno = errno;
  ::close(fd);
  if (!chmod_ok) {
    ::unlink(path.c_str());
    return fail(ErrorCode::Unavailable, "cannot create " + path + ": " + std::strerror(chmod_errno));
  }
  return {};
}

void remove_created(const std::string& path) {
  ::unlink(path.c_str());
  for (const char* suffix : kSidecarSuffixes) ::unlink((path + suffix).c_str());
}

// What can be said about an existing file before SQLite touches it.
Result<void> precheck_existing(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int err = errno;
    if (err == ENOENT) return fail(ErrorCode::NotFound, "cannot open " + path + ": no such database file");
    return fail(ErrorCode::Unavailable, "cannot open " + path + ": " + std::strerror(err));
  }
  if (!S_ISREG(st.st_mode)) return fail(ErrorCode::InvalidArgument, "cannot open " + path + ": not a regular file");
  const auto size = static_cast<std::uint64_t>(st.st_size);
  // SQLite treats an empty file as an empty database and would happily start writing to it.
  if (size == 0) return fail(ErrorCode::DataLoss, "cannot open " + path + ": file is empty, not a VRS database");
  if (size % kPageSize != 0) {
    return fail(ErrorCode::DataLoss, "cannot open " + path + ": truncated or not a VRS database (" +
                                         std::to_string(size) + " bytes is not a whole number of " +
                                         std::to_string(kPageSize) + "-byte pages)");
  }
  return {};
}

// Single-value PRAGMA/query on a raw handle (used before the Database object exists).
Result<std::int64_t> query_raw_int(sqlite3* db, const char* sql, const std::string& context) {
  sqlite3_stmt* raw = nullptr;
  VRS_TRY_VOID(detail::check(db, sqlite3_prepare_v2(db, sql, -1, &raw, nullptr), context));
  detail::StatementHandle stmt(raw);
  const int rc = sqlite3_step(stmt.get());
  if (rc != SQLITE_ROW) {
    VRS_TRY_VOID(detail::check(db, rc, context));
    return fail(ErrorCode::Internal, context + ": no result");
  }
  return static_cast<std::int64_t>(sqlite3_column_int64(stmt.get(), 0));
}

Result<void> exec_raw(sqlite3* db, const char* sql, const std::string& context) {
  return detail::check(db, sqlite3_exec(db, sql, nullptr, nullptr, nullptr), context);
}

}  // namespace

Result<void> check_database_file(const std::filesystem::path& path) { return precheck_existing(path.string()); }

Result<void> Database::Impl::check(int rc, std::string_view context) const {
  if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return {};
  return detail::check(db(), rc, path_text + ": " + std::string(context));
}

Database::Database(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() {
  if (impl_) impl_->cache.clear();  // finalize statements before the connection closes
}

Result<Database> Database::open(const std::filesystem::path& path, const crypto::SecureBuffer& key,
                                OpenOptions options) {
  const SchemaDefinition& schema = options.schema != nullptr ? *options.schema : server_schema();
  VRS_TRY_VOID(detail::validate_schema(schema));
  const std::string p = path.string();
  if (key.size() != kKeySize) {
    return fail(ErrorCode::InvalidArgument, "cannot open " + p + ": the database key must be " +
                                                std::to_string(kKeySize) + " bytes");
  }
  if (options.create) {
    VRS_TRY_VOID(create_empty_file(p));
    options.migrate = true;
  } else {
    VRS_TRY_VOID(precheck_existing(p));
  }

  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->path_text = p;
  impl->schema = &schema;
  impl->read_only = !options.migrate;

  // Any failure from here on: the connection closes with `impl`; a file we created goes.
  const auto fail_open = [&](Error error) -> Result<Database> {
    impl.reset();
    if (options.create) remove_created(p);
    return fail(std::move(error));
  };

  // 1. Connection. NOMUTEX: one connection per thread (SQLite's multi-thread mode).
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (options.create ? SQLITE_OPEN_CREATE : 0);
  const int open_rc = sqlite3_open_v2(p.c_str(), &raw, flags, nullptr);
  impl->handle.reset(raw);
  if (open_rc != SQLITE_OK) {
    return fail_open(detail::check(raw, open_rc, "cannot open " + p).error());
  }
  if (auto r = impl->check(sqlite3_busy_timeout(raw, static_cast<int>(options.busy_timeout.count())),
                           "busy_timeout");
      !r) {
    return fail_open(r.error());
  }

  // 2. Key: SQLCipher's raw-key form "x'<64 hex>'" (no PBKDF2), built in secure memory.
  //    sqlite3_key_v2 is what PRAGMA key calls, without the SQL parser making copies of it.
  {
    auto key_text = detail::secret_to_hex(key.view(), "x'", "'");
    if (!key_text) return fail_open(key_text.error());
    const int rc = sqlite3_key_v2(raw, "main", key_text->data(), static_cast<int>(key_text->size()));
    if (rc != SQLITE_OK) return fail_open(Error(ErrorCode::Internal, "cannot open " + p + ": cannot set the key"));
  }  // key_text wiped here
  if (auto r = exec_raw(raw, "PRAGMA cipher_page_size = 4096", "cannot open " + p); !r) return fail_open(r.error());

  // 3. Verify the key with a read before anything else: a wrong key only shows on first
  //    read, and nothing may be written before we know the file is ours.
  {
    const int rc = sqlite3_exec(raw, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
      switch (rc & 0xff) {
        case SQLITE_NOTADB:
          return fail_open(Error(ErrorCode::Unauthenticated, "cannot open " + p + ": wrong key or not a VRS database"));
        case SQLITE_CORRUPT:
          return fail_open(Error(ErrorCode::DataLoss, "cannot open " + p + ": database is corrupted or truncated (" +
                                                          sqlite3_errmsg(raw) + ")"));
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
          return fail_open(Error(ErrorCode::Unavailable, "cannot open " + p + ": database is locked by another process"));
        default: return fail_open(detail::check(raw, rc, "cannot open " + p).error());
      }
    }
  }

  // 4. Ours? application_id (0 on a file we just created) and a version we understand.
  if (!options.create) {
    auto app_id = query_raw_int(raw, "PRAGMA application_id", "cannot open " + p);
    if (!app_id) return fail_open(app_id.error());
    if (static_cast<std::int32_t>(*app_id) != schema.application_id) {
      return fail_open(Error(ErrorCode::FailedPrecondition,
                             "cannot open " + p + ": not a " + std::string(schema.name) + " (application_id " +
                                 hex32(static_cast<std::int32_t>(*app_id)) + ", expected " +
                                 hex32(schema.application_id) + ")"));
    }
    auto version = query_raw_int(raw, "PRAGMA user_version", "cannot open " + p);
    if (!version) return fail_open(version.error());
    if (*version > schema.latest_version()) {
      return fail_open(Error(ErrorCode::FailedPrecondition,
                             "cannot open " + p + ": schema version " + std::to_string(*version) +
                                 " is newer than this program supports (" + std::to_string(schema.latest_version()) +
                                 "); use a newer VRS release"));
    }
  }

  // 5. Pragmas. journal_mode=WAL is persistent (a write), so only when writing.
  if (options.migrate) {
    sqlite3_stmt* raw_stmt = nullptr;
    if (auto r = impl->check(sqlite3_prepare_v2(raw, "PRAGMA journal_mode = WAL", -1, &raw_stmt, nullptr),
                             "journal_mode");
        !r) {
      return fail_open(r.error());
    }
    detail::StatementHandle stmt(raw_stmt);
    const int rc = sqlite3_step(stmt.get());
    if (rc != SQLITE_ROW) return fail_open(impl->check(rc, "journal_mode").error());
    const auto* mode = sqlite3_column_text(stmt.get(), 0);
    if (mode == nullptr || std::strcmp(reinterpret_cast<const char*>(mode), "wal") != 0) {
      return fail_open(Error(ErrorCode::Internal, "cannot open " + p + ": cannot switch to WAL journal mode"));
    }
  }
  if (auto r = exec_raw(raw,
                        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; "
                        "PRAGMA temp_store = MEMORY;",
                        "cannot open " + p);
      !r) {
    return fail_open(r.error());
  }
  if (impl->read_only) {
    if (auto r = exec_raw(raw, "PRAGMA query_only = ON", "cannot open " + p); !r) return fail_open(r.error());
  }

  Database db(std::move(impl));
  // 6. A new database gets its application_id, then every database its pending migrations.
  if (options.create) {
    auto set_id = [&]() -> Result<void> {
      VRS_TRY(auto tx, Transaction::begin(db));
      VRS_TRY_VOID(db.exec("PRAGMA application_id = " + std::to_string(schema.application_id)));
      return tx.commit();
    };
    if (auto r = set_id(); !r) {
      db = Database(nullptr);
      remove_created(p);
      return fail(r.error());
    }
  }
  if (options.migrate) {
    if (auto r = detail::apply_migrations(db, schema); !r) {
      db = Database(nullptr);
      if (options.create) remove_created(p);
      return fail(r.error().with_context("cannot open " + p));
    }
  }
  return db;
}

const std::filesystem::path& Database::path() const noexcept { return impl_->path; }
const SchemaDefinition& Database::schema() const noexcept { return *impl_->schema; }
bool Database::read_only() const noexcept { return impl_->read_only; }

Result<void> Database::exec(std::string_view sql) {
  const std::string text(sql);  // sqlite3_exec needs NUL termination
  return impl_->check(sqlite3_exec(impl_->db(), text.c_str(), nullptr, nullptr, nullptr),
                      "[" + detail::sql_excerpt(sql) + "]");
}

Result<Statement> Database::prepare(std::string_view sql) {
  if (sql.size() > static_cast<std::size_t>(INT32_MAX)) return fail(ErrorCode::InvalidArgument, "SQL too long");
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  VRS_TRY_VOID(impl_->check(sqlite3_prepare_v2(impl_->db(), sql.data(), static_cast<int>(sql.size()), &raw, &tail),
                            "prepare [" + detail::sql_excerpt(sql) + "]"));
  detail::StatementHandle stmt(raw);
  if (!stmt) {
    return fail(ErrorCode::InvalidArgument, impl_->path_text + ": prepare: no statement in [" + detail::sql_excerpt(sql) + "]");
  }
  // Only whitespace may follow (a second statement would be silently ignored otherwise).
  for (const char* c = tail; c != nullptr && c < sql.data() + sql.size(); ++c) {
    if (*c != ' ' && *c != '\n' && *c != '\t' && *c != '\r' && *c != ';') {
      return fail(ErrorCode::InvalidArgument,
                  impl_->path_text + ": prepare: more than one statement in [" + detail::sql_excerpt(sql) + "]");
    }
  }
  auto simpl = std::make_unique<Statement::Impl>();
  simpl->stmt = std::move(stmt);
  simpl->db = impl_->db();
  simpl->db_path = &impl_->path_text;
  return Statement(std::move(simpl));
}

Result<CachedStatement> Database::cached(std::string_view sql) {
  const std::string key(sql);
  auto it = impl_->cache.find(key);
  if (it != impl_->cache.end()) {
    if (!it->second.in_use) {
      it->second.in_use = true;
      return CachedStatement(it->second.stmt.get(), &it->second.in_use);
    }
  }
  VRS_TRY(auto stmt, prepare(sql));
  auto owned = std::make_unique<Statement>(std::move(stmt));
  if (it == impl_->cache.end() && impl_->cache.size() < kMaxCachedStatements) {
    auto [pos, inserted] = impl_->cache.emplace(key, Impl::CacheEntry{std::move(owned), true});
    (void)inserted;
    // unordered_map nodes are stable, so the flag's address survives rehashing.
    return CachedStatement(pos->second.stmt.get(), &pos->second.in_use);
  }
  return CachedStatement(std::move(owned));
}

Result<std::int64_t> Database::query_int64(std::string_view sql) {
  VRS_TRY(auto stmt, prepare(sql));
  VRS_TRY(auto row, stmt.step());
  if (!row) return fail(ErrorCode::NotFound, impl_->path_text + ": no row from [" + detail::sql_excerpt(sql) + "]");
  return stmt.column_int64(0);
}

std::int64_t Database::last_insert_rowid() const noexcept {
  return static_cast<std::int64_t>(sqlite3_last_insert_rowid(impl_->db()));
}
std::int64_t Database::changes() const noexcept { return sqlite3_changes(impl_->db()); }
bool Database::in_transaction() const noexcept { return sqlite3_get_autocommit(impl_->db()) == 0; }

Result<int> Database::schema_version() {
  VRS_TRY(auto v, query_int64("PRAGMA user_version"));
  return static_cast<int>(v);
}

Result<int> Database::pending_migrations() {
  auto v = schema_version();
  if (!v) return v;
  const int pending = schema().latest_version() - *v;
  return pending > 0 ? pending : 0;
}

Result<std::int32_t> Database::application_id() {
  VRS_TRY(auto v, query_int64("PRAGMA application_id"));
  return static_cast<std::int32_t>(v);
}

Result<std::string> Database::journal_mode() {
  VRS_TRY(auto stmt, prepare("PRAGMA journal_mode"));
  VRS_TRY(auto row, stmt.step());
  if (!row) return fail(ErrorCode::Internal, impl_->path_text + ": PRAGMA journal_mode returned nothing");
  return stmt.column_text(0);
}

Result<std::vector<std::string>> Database::integrity_check() {
  VRS_TRY(auto stmt, prepare("PRAGMA integrity_check"));
  std::vector<std::string> messages;
  for (;;) {
    VRS_TRY(auto row, stmt.step());
    if (!row) break;
    messages.push_back(stmt.column_text(0));
  }
  return messages;
}

Result<std::vector<std::string>> Database::foreign_key_check() {
  VRS_TRY(auto stmt, prepare("PRAGMA foreign_key_check"));
  std::vector<std::string> problems;
  for (;;) {
    VRS_TRY(auto row, stmt.step());
    if (!row) break;
    problems.push_back(stmt.column_text(0) + " rowid " + stmt.column_text(1) + " -> " + stmt.column_text(2));
  }
  return problems;
}

}  // namespace vrs::db

namespace vrs::db {

Result<void> Database::export_to(const std::filesystem::path& path, const crypto::SecureBuffer& key,
                                 const std::function<Result<void>()>& in_snapshot) {
  const std::string p = path.string();
  const std::string context = "cannot write the copy " + p;
  if (key.size() != kKeySize) return fail(ErrorCode::InvalidArgument, context + ": the key must be " + std::to_string(kKeySize) + " bytes");
  if (impl_->read_only) return fail(ErrorCode::FailedPrecondition, context + ": the database was opened read-only");
  if (in_transaction()) return fail(ErrorCode::FailedPrecondition, context + ": a transaction is open");
  VRS_TRY(const auto version, schema_version());
  VRS_TRY(const auto app_id, application_id());
  VRS_TRY_VOID(create_empty_file(p));
  sqlite3* raw = impl_->db();
  bool attached = false;
  bool in_tx = false;
  const auto cleanup = [&](Error error) -> Result<void> {
    if (in_tx) (void)exec_raw(raw, "ROLLBACK", context);
    if (attached) (void)exec_raw(raw, "DETACH DATABASE vrs_export", context);
    remove_created(p);
    return fail(std::move(error));
  };
  {
    // The key goes in as a bound parameter in SQLCipher's raw-key form, from secure memory.
    auto key_text = detail::secret_to_hex(key.view(), "x'", "'");
    if (!key_text) return cleanup(key_text.error());
    sqlite3_stmt* raw_stmt = nullptr;
    if (auto r = impl_->check(sqlite3_prepare_v2(raw, "ATTACH DATABASE ?1 AS vrs_export KEY ?2", -1, &raw_stmt, nullptr), context);
        !r) {
      return cleanup(r.error());
    }
    detail::StatementHandle stmt(raw_stmt);
    int rc = sqlite3_bind_text(stmt.get(), 1, p.c_str(), static_cast<int>(p.size()), SQLITE_TRANSIENT);
    if (rc == SQLITE_OK) {
      rc = sqlite3_bind_text(stmt.get(), 2, reinterpret_cast<const char*>(key_text->data()),
                             static_cast<int>(key_text->size()), SQLITE_STATIC);
    }
    if (rc == SQLITE_OK) rc = sqlite3_step(stmt.get());
    if (rc != SQLITE_DONE) return cleanup(impl_->check(rc == SQLITE_OK ? SQLITE_ERROR : rc, context).error());
    attached = true;
  }  // key_text wiped here
  if (auto r = exec_raw(raw, "PRAGMA vrs_export.cipher_page_size = 4096", context); !r) return cleanup(r.error());
  if (auto r = exec_raw(raw, "BEGIN", context); !r) return cleanup(r.error());
  in_tx = true;
  if (auto r = exec_raw(raw, "SELECT sqlcipher_export('vrs_export')", context); !r) return cleanup(r.error());
  const std::string meta = "PRAGMA vrs_export.user_version = " + std::to_string(version) +
                           "; PRAGMA vrs_export.application_id = " + std::to_string(app_id);
  if (auto r = exec_raw(raw, meta.c_str(), context); !r) return cleanup(r.error());
  if (in_snapshot) {
    if (auto r = in_snapshot(); !r) return cleanup(r.error().with_context(context));
  }
  if (auto r = exec_raw(raw, "COMMIT", context); !r) return cleanup(r.error());
  in_tx = false;
  if (auto r = exec_raw(raw, "DETACH DATABASE vrs_export", context); !r) return cleanup(r.error());
  return {};
}

}  // namespace vrs::db
