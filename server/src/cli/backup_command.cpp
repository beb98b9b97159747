#include "vrs/server/cli/backup_command.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <chrono>
#include <ostream>
#include <vector>

#include "vrs/common/text_file.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/hash.hpp"
#include "vrs/crypto/key_file.hpp"
#include "vrs/db/audit_log.hpp"
#include "vrs/db/clock.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/db_key.hpp"
#include "vrs/schema/api/json_reader.hpp"
#include "vrs/schema/tree_head.hpp"
#include "vrs/server/store/key_rotation.hpp"
#include "vrs/server/store/key_source.hpp"
#include "vrs/server/store/store_lock.hpp"
#include "vrs/server/store/transparency_log.hpp"

namespace vrs::server::cli {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr std::string_view kManifestFormat = "vrs.backup/1";
// The tables whose counts a manifest records and a restore compares.
constexpr std::array<std::string_view, 7> kCounted = {"members",   "certificates",      "member_keys", "submissions",
                                                      "incident_versions", "audit_log", "audit_checkpoints"};
constexpr std::size_t kMaxCarriedFile = 4 * 1024 * 1024;
constexpr std::size_t kMaxManifest = 64 * 1024;

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

fs::path manifest_path(const fs::path& file) {
  fs::path p = file;
  p += ".manifest.json";
  return p;
}

bool exists_no_follow(const fs::path& p) {
  struct stat st {};
  return ::lstat(p.c_str(), &st) == 0;
}

// The files a server directory needs besides its database, by role.
std::vector<std::pair<std::string, fs::path>> carried_files(const Config& config) {
  const auto& p = config.paths;
  std::vector<std::pair<std::string, fs::path>> out = {
      {"config", config.source},           {"tls_cert_chain", p.tls_cert_chain}, {"tls_key", p.tls_key},
      {"client_ca", p.client_ca},          {"issuing_ca_cert", p.issuing_ca_cert}, {"issuing_ca_key", p.issuing_ca_key},
      {"crl", p.crl},                      {"log_head", p.db.parent_path() / "log-head.json"}};
  return out;
}

Result<void> count_rows(db::Database& db, const std::string& schema, BackupManifest& m) {
  for (const auto table : kCounted) {
    VRS_TRY(auto n, db.query_int64("SELECT count(*) FROM " + schema + std::string(table)));
    m.rows[std::string(table)] = n;
  }
  return {};
}

// The audit head and the transparency log of `db` (verifying both), into `m`.
Result<void> describe_log(db::Database& db, BackupManifest& m) {
  db::AuditLog audit(db);
  VRS_TRY(auto verified, audit.verify());
  if (!verified.ok()) {
    return fail(ErrorCode::DataLoss, "the audit log is broken at entry " + std::to_string(*verified.first_broken_seq) + ": " +
                                         verified.reason);
  }
  m.audit_entries = verified.entries;
  m.audit_head = crypto::to_hex(verified.head_hash);
  VRS_TRY(auto log, store::TransparencyLog::open(db, fs::path()));
  m.log_size = log->size();
  VRS_TRY(auto root, log->root(m.log_size));
  m.log_root = crypto::to_hex(crypto::ByteView(root.data(), root.size()));
  return {};
}

Result<std::string> store_id(db::Database& db) {
  VRS_TRY(auto stmt, db.prepare("SELECT value FROM meta WHERE key = 'store_id'"));
  VRS_TRY(auto row, stmt.step());
  return row ? stmt.column_text(0) : std::string();
}

// The head file is not part of the snapshot: one the server wrote after the snapshot began
// signs entries the copy lacks, and a restored server would rightly refuse it as a cut log.
bool head_within(const fs::path& path, std::uint64_t size) {
  auto text = read_text_file(path, kMaxManifest);
  if (!text) return false;
  auto head = schema::parse_tree_head(*text);
  return head && head->head.tree_size <= size;
}

Result<void> carry_files(db::Database& db, const Config& config, std::uint64_t log_size) {
  VRS_TRY_VOID(db.exec("CREATE TABLE vrs_export.backup_files (role TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, "
                       "mode INTEGER NOT NULL, content BLOB NOT NULL)"));
  VRS_TRY(auto insert, db.prepare("INSERT INTO vrs_export.backup_files (role, name, mode, content) VALUES (?1, ?2, ?3, ?4)"));
  for (const auto& [role, path] : carried_files(config)) {
    if (role == "log_head" && (!exists_no_follow(path) || !head_within(path, log_size))) continue;
    if (path.empty() || !exists_no_follow(path)) {
      return fail(ErrorCode::NotFound, "cannot back up the " + role + " file " + path.string() + ": it does not exist");
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return fail(ErrorCode::Unavailable, "cannot read " + path.string());
    const bool secret = (st.st_mode & 0077) == 0;  // 0600 files stay 0600 when restored
    Result<crypto::SecureBuffer> read = fail(ErrorCode::Internal, "not read");
    if (secret) {
      read = crypto::read_secret_file(path, kMaxCarriedFile);
    } else {
      auto text = read_text_file(path, kMaxCarriedFile);
      read = text ? crypto::SecureBuffer::copy_of(crypto::as_bytes(*text)) : Result<crypto::SecureBuffer>(fail(text.error()));
    }
    if (!read) return fail(read.error().with_context("cannot back up the " + role + " file"));
    const auto& content = *read;
    VRS_TRY_VOID(insert.reset());
    VRS_TRY_VOID(insert.bind_text(1, role));
    VRS_TRY_VOID(insert.bind_text(2, path.filename().string()));
    VRS_TRY_VOID(insert.bind_int64(3, secret ? 0600 : 0644));
    VRS_TRY_VOID(insert.bind_blob(4, content.view()));
    VRS_TRY_VOID(insert.run());
  }
  return {};
}

}  // namespace

std::string manifest_json(const BackupManifest& m) {
  json::object rows;
  for (const auto& [table, n] : m.rows) rows[table] = n;
  return json::serialize(json::object{{"format", kManifestFormat},
                                      {"created_at", m.created_at},
                                      {"schema_version", m.schema_version},
                                      {"store_id", m.store_id},
                                      {"rows", std::move(rows)},
                                      {"audit", json::object{{"entries", m.audit_entries}, {"head_hash", m.audit_head}}},
                                      {"log", json::object{{"tree_size", m.log_size}, {"root_hash", m.log_root}}},
                                      {"file", json::object{{"sha256", m.sha256}, {"bytes", m.bytes}}},
                                      {"key", m.key}}) +
         "\n";
}

Result<BackupManifest> parse_manifest(std::string_view text) {
  return schema::api::read_object(text, "backup manifest", [](const schema::api::Reader& r) -> Result<BackupManifest> {
    BackupManifest m;
    VRS_TRY(auto format, r.string("format"));
    if (format != kManifestFormat) return fail(r.error("format", "is not vrs.backup/1"));
    VRS_TRY_VOID(r.strings({{"created_at", &m.created_at}, {"store_id", &m.store_id}, {"key", &m.key}}));
    VRS_TRY(auto version, r.integer("schema_version"));
    m.schema_version = static_cast<int>(version);
    VRS_TRY(const auto* rows, r.object("rows"));
    for (const auto& kv : *rows) {
      if (!kv.value().is_int64()) return fail(r.error("rows", "must hold integers"));
      m.rows[std::string(kv.key())] = kv.value().as_int64();
    }
    VRS_TRY(const auto* audit, r.object("audit"));
    const schema::api::Reader a(*audit, "backup manifest audit");
    VRS_TRY(m.audit_entries, a.integer("entries"));
    VRS_TRY(m.audit_head, a.string("head_hash"));
    VRS_TRY(const auto* log, r.object("log"));
    const schema::api::Reader l(*log, "backup manifest log");
    VRS_TRY(auto size, l.integer("tree_size"));
    m.log_size = static_cast<std::uint64_t>(size);
    VRS_TRY(m.log_root, l.string("root_hash"));
    VRS_TRY(const auto* file, r.object("file"));
    const schema::api::Reader f(*file, "backup manifest file");
    VRS_TRY(m.sha256, f.string("sha256"));
    VRS_TRY(auto bytes, f.integer("bytes"));
    m.bytes = static_cast<std::uint64_t>(bytes);
    return m;
  });
}

Result<BackupResult> backup(const Config& config, const BackupOptions& options, std::ostream& progress) {
  const auto started = Clock::now();
  BackupResult out;
  out.file = options.out;
  out.manifest_file = manifest_path(options.out);
  for (const auto& p : {out.file, out.manifest_file}) {
    if (exists_no_follow(p)) return fail(ErrorCode::AlreadyExists, p.string() + " already exists; not overwriting it");
  }
  // Shared: beside a running server, never during a rekey (which replaces the file).
  VRS_TRY(auto lock, store::StoreLock::acquire(config.paths.db, store::StoreLock::Mode::Shared));
  VRS_TRY(auto key, store::resolve_existing_key(store::key_source_of(config.paths), config.paths.db));
  std::optional<crypto::SecureBuffer> backup_key;
  if (options.key_file) {
    auto read = db::read_key_file(*options.key_file);
    if (!read) return fail(read.error().with_context("--key-file"));
    backup_key = std::move(*read);
  }
  VRS_TRY(auto database, db::Database::open(config.paths.db, key.key));
  BackupManifest& m = out.manifest;
  m.key = options.key_file ? "backup key file" : "database";
  fs::path tmp = options.out.parent_path() / ("." + options.out.filename().string() + ".tmp-" + std::to_string(::getpid()));
  progress << "backup: copying " << config.paths.db.string() << " (one consistent snapshot; the server keeps serving)\n"
           << std::flush;
  auto exported = database.export_to(tmp, backup_key ? *backup_key : key.key, [&]() -> Result<void> {
    VRS_TRY(m.schema_version, database.schema_version());
    VRS_TRY(m.store_id, store_id(database));
    VRS_TRY_VOID(count_rows(database, "main.", m));
    VRS_TRY_VOID(describe_log(database, m));
    return carry_files(database, config, m.log_size);
  });
  if (!exported) return fail(exported.error());
  progress << "backup: copied in " << since(started) << " s; checking the copy\n" << std::flush;
  const auto cleanup = [&](Error e) -> Result<BackupResult> {
    std::error_code ec;
    fs::remove(tmp, ec);
    return fail(std::move(e));
  };
  auto digest = crypto::sha256_file(tmp.string());
  if (!digest) return cleanup(digest.error());
  m.sha256 = crypto::to_hex(crypto::ByteView(digest->data(), digest->size()));
  std::error_code ec;
  m.bytes = fs::file_size(tmp, ec);
  m.created_at = db::utc_now();
  if (auto written = write_file_atomically(out.manifest_file, manifest_json(m), 0644, Replace::No); !written) {
    return cleanup(written.error());
  }
  if (::link(tmp.c_str(), out.file.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    fs::remove(out.manifest_file, ec);
    return cleanup(Error(ErrorCode::Unavailable, "cannot create " + out.file.string() + ": " + why));
  }
  fs::remove(tmp, ec);
  out.seconds = since(started);
  const double mb = static_cast<double>(m.bytes) / 1e6;
  progress << "backup: " << out.file.string() << ", " << mb << " MB in " << out.seconds << " s ("
           << (out.seconds > 0 ? mb / out.seconds : 0) << " MB/s), sha256 " << m.sha256 << "\n";
  return out;
}

namespace {

// Writes the files a backup carries into `dir` with their modes; `names` gets, per role, the
// path written (and for "config", the file's text).
Result<void> write_carried_files(db::Database& database, const fs::path& dir, std::map<std::string, std::string>& names) {
  VRS_TRY(auto rows, database.prepare("SELECT role, name, mode, content FROM backup_files"));
  for (;;) {
    VRS_TRY(auto row, rows.step());
    if (!row) return {};
    const std::string role = rows.column_text(0);
    const fs::path name = fs::path(rows.column_text(1)).filename();
    if (role != "config" && (name.empty() || name == "vrs.db" || name == "vrs.db.key" || name == "vrs-server.toml")) {
      return fail(ErrorCode::DataLoss, "backup_files holds a bad name for " + role);
    }
    auto content = rows.column_blob(3);
    const bool secret = rows.column_int64(2) == 0600;
    Result<void> written;
    if (role == "config") {
      names[role] = std::string(content.begin(), content.end());
    } else {
      const fs::path target = dir / name;
      written = secret ? crypto::write_secret_file(target, content, crypto::Overwrite::No)
                       : write_file_atomically(target, std::string(content.begin(), content.end()), 0644, Replace::No);
      names[role] = target.string();
    }
    crypto::wipe(content);
    VRS_TRY_VOID(std::move(written));
  }
}

}  // namespace

Result<RestoreResult> restore(const RestoreOptions& options, std::ostream& progress) {
  const auto started = Clock::now();
  RestoreResult out;
  // 1. Nothing is written into a directory that has anything in it.
  std::error_code ec;
  if (exists_no_follow(options.dir) && (!fs::is_directory(options.dir, ec) || !fs::is_empty(options.dir, ec))) {
    return fail(ErrorCode::AlreadyExists, "--dir " + options.dir.string() +
                                              " exists and is not an empty directory; restore never overwrites a server");
  }
  // 2. The manifest, the file's digest, the key.
  VRS_TRY(auto manifest_text, read_text_file(manifest_path(options.from), kMaxManifest));
  auto manifest = parse_manifest(manifest_text);
  if (!manifest) return fail(manifest.error().with_context(manifest_path(options.from).string()));
  out.manifest = *manifest;
  progress << "restore: checking " << options.from.string() << " (made " << manifest->created_at << ")\n" << std::flush;
  VRS_TRY(auto digest, crypto::sha256_file(options.from.string()));
  if (crypto::to_hex(crypto::ByteView(digest.data(), digest.size())) != manifest->sha256) {
    return fail(ErrorCode::DataLoss, options.from.string() + " is not the file its manifest describes (SHA-256 differs)");
  }
  auto key = db::read_key_file(options.key_file);
  if (!key) return fail(key.error().with_context("--key-file"));
  // 3. The copy itself, read-only: key, integrity, schema, counts, audit chain, log.
  {
    VRS_TRY(auto database, db::Database::open(options.from, *key, db::OpenOptions{.migrate = false}));
    auto integrity = database.integrity_check();
    if (!integrity) return fail(integrity.error());
    if (integrity->size() != 1 || integrity->front() != "ok") {
      return fail(ErrorCode::DataLoss, options.from.string() + " fails the integrity check");
    }
    VRS_TRY(auto foreign, database.foreign_key_check());
    if (!foreign.empty()) return fail(ErrorCode::DataLoss, options.from.string() + " fails the foreign key check");
    BackupManifest found;
    VRS_TRY(found.schema_version, database.schema_version());
    VRS_TRY_VOID(count_rows(database, "main.", found));
    VRS_TRY_VOID(describe_log(database, found));
    if (found.schema_version != manifest->schema_version || found.rows != manifest->rows ||
        found.audit_entries != manifest->audit_entries || found.audit_head != manifest->audit_head ||
        found.log_size != manifest->log_size || found.log_root != manifest->log_root) {
      return fail(ErrorCode::DataLoss, options.from.string() + " does not hold what its manifest says (schema, rows or log)");
    }
    VRS_TRY(auto files, database.query_int64("SELECT count(*) FROM backup_files"));
    if (files < 7) return fail(ErrorCode::DataLoss, options.from.string() + " lacks the server's files");
  }
  progress << "restore: backup verified (" << manifest->audit_entries << " audit entries, log of " << manifest->log_size
           << "); writing " << options.dir.string() << "\n"
           << std::flush;

  // 4. The new directory. From here on, a failure removes what was made.
  const bool made_dir = !exists_no_follow(options.dir);
  if (made_dir && !fs::create_directories(options.dir, ec)) {
    return fail(ErrorCode::Unavailable, "cannot create " + options.dir.string() + ": " + ec.message());
  }
  fs::permissions(options.dir, fs::perms::owner_all, ec);
  const auto undo = [&](Error e) -> Result<RestoreResult> {
    std::error_code ignored;
    if (made_dir) {
      fs::remove_all(options.dir, ignored);
    } else {
      for (const auto& entry : fs::directory_iterator(options.dir, ignored)) fs::remove_all(entry.path(), ignored);
    }
    return fail(std::move(e).with_context("restore into " + options.dir.string()));
  };
  const fs::path db_path = options.dir / "vrs.db";
  if (!fs::copy_file(options.from, db_path, ec)) return undo(Error(ErrorCode::Unavailable, "cannot copy the database: " + ec.message()));
  fs::permissions(db_path, fs::perms::owner_read | fs::perms::owner_write, ec);
  if (auto written = db::write_key_file(options.dir / "vrs.db.key", *key); !written) return undo(written.error());

  std::map<std::string, std::string> names;
  {
    auto database = db::Database::open(db_path, *key);
    if (!database) return undo(database.error());
    if (auto written = write_carried_files(*database, options.dir, names); !written) return undo(written.error());
    if (auto dropped = database->exec("DROP TABLE backup_files"); !dropped) return undo(dropped.error());
    // Members may hold the retirement of the receipt key the backup still has as current (a
    // rotation after the backup): the restored server starts with a fresh receipt key.
    if (auto requested = store::request_rotation(*database, store::KeyKind::Receipt, "restore"); !requested) {
      return undo(requested.error());
    }
  }
  // 5. The configuration, naming the files in its own directory (so the directory may move).
  auto config = parse_config(names["config"], options.dir, "the backed-up configuration");
  if (!config) return undo(config.error());
  auto& p = config->paths;
  p.db = "vrs.db";
  p.db_key_file = "vrs.db.key";
  p.db_passphrase_env.clear();
  p.db_passphrase_stdin = false;
  for (const auto& [role, path] : std::initializer_list<std::pair<const char*, fs::path*>>{
           {"tls_cert_chain", &p.tls_cert_chain}, {"tls_key", &p.tls_key}, {"client_ca", &p.client_ca},
           {"issuing_ca_cert", &p.issuing_ca_cert}, {"issuing_ca_key", &p.issuing_ca_key}, {"crl", &p.crl}}) {
    if (names.count(role) == 0) return undo(Error(ErrorCode::DataLoss, std::string("the backup lacks the ") + role + " file"));
    *path = fs::path(names[role]).filename();
  }
  out.config = options.dir / "vrs-server.toml";
  if (auto written = write_file_atomically(out.config, to_toml(*config), 0600, Replace::No); !written) return undo(written.error());
  out.seconds = since(started);
  progress << "restore: done in " << out.seconds << " s; start it with: vrs-server run --config " << out.config.string() << "\n";
  return out;
}

}  // namespace vrs::server::cli
