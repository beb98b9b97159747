#include "vrs/server/cli/db_commands.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <sstream>

#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/random.hpp"
#include "vrs/db/audit_log.hpp"
#include "vrs/server/store/transparency_log.hpp"
#include "vrs/db/clock.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/transaction.hpp"

namespace vrs::server::cli {
namespace {

// The tables whose row counts `db check` shows (when present at the database's version).
constexpr std::array<std::string_view, 8> kMainTables = {"members",     "certificates",      "server_keys",
                                                         "member_keys", "submissions",       "incident_versions",
                                                         "audit_log",   "audit_checkpoints"};

bool path_exists(const std::filesystem::path& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

void remove_database_files(const std::filesystem::path& db) {
  const std::string p = db.string();
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) ::unlink((p + suffix).c_str());
}

std::string hex_prefix(const std::string& hex) { return hex.substr(0, 16); }

// Records the store's creation facts and the db.init audit entry in one transaction.
Result<std::int64_t> record_init(db::Database& database) {
  VRS_TRY(auto tx, db::Transaction::begin(database));
  VRS_TRY(auto stmt, database.prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)"));
  const std::pair<std::string, std::string> facts[] = {{"created_at", db::utc_now()},
                                                        {"store_id", crypto::random_uuid_v4()}};
  for (const auto& [key, value] : facts) {
    VRS_TRY_VOID(stmt.bind_text(1, key));
    VRS_TRY_VOID(stmt.bind_text(2, value));
    VRS_TRY_VOID(stmt.run());
  }
  VRS_TRY(auto version, database.schema_version());
  db::AuditLog audit(database);
  auto seq = audit.append({"operator", "db.init", "schema_version=" + std::to_string(version), "ok"});
  if (!seq) return fail(seq.error());
  VRS_TRY_VOID(tx.commit());
  return *seq;
}

Result<bool> table_exists(db::Database& database, std::string_view table) {
  VRS_TRY(auto stmt, database.cached("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1"));
  VRS_TRY_VOID(stmt->bind_text(1, table));
  VRS_TRY(auto row, stmt->step());
  return row && stmt->column_int64(0) > 0;
}

std::string first_and_count(const std::vector<std::string>& problems) {
  std::string out = problems.front();
  if (problems.size() > 1) out += " (and " + std::to_string(problems.size() - 1) + " more)";
  return out;
}

}  // namespace

Result<DbInitResult> db_init(const DbInitOptions& options) {
  if (options.db.empty()) return fail(ErrorCode::InvalidArgument, "--db is required");
  VRS_TRY_VOID(options.key.validate());
  // Refuse before touching any key material, so a mistaken init changes nothing.
  if (path_exists(options.db)) {
    return fail(ErrorCode::AlreadyExists, "cannot create " + options.db.string() + ": file already exists");
  }
  VRS_TRY(auto key, store::resolve_new_key(options.key, options.db));

  auto database = db::Database::open(options.db, key.key, db::OpenOptions{.create = true});
  if (!database) {
    store::remove_created_key_files(key, options.key, options.db);
    return fail(database.error());
  }
  auto seq = record_init(*database);
  auto version = database->schema_version();
  auto head = db::AuditLog(*database).head();
  if (!seq || !version || !head) {
    const Error error = !seq ? seq.error() : !version ? version.error() : head.error();
    { auto closing = std::move(*database); }  // close before removing the files
    remove_database_files(options.db);
    store::remove_created_key_files(key, options.key, options.db);
    return fail(error.with_context("cannot initialise " + options.db.string()));
  }
  DbInitResult result;
  result.db = options.db;
  result.schema_version = *version;
  result.key_file_created = key.key_file_created;
  result.key_file = options.key.key_file;
  result.kdf_file_created = key.kdf_file_created;
  result.key_description = key.description;
  result.audit_seq = *seq;
  result.audit_head_hex = crypto::to_hex(head->hash);
  return result;
}

Result<DbCheckReport> db_check(const DbCheckOptions& options) {
  if (options.db.empty()) return fail(ErrorCode::InvalidArgument, "--db is required");
  VRS_TRY_VOID(options.key.validate());
  VRS_TRY_VOID(db::check_database_file(options.db));
  VRS_TRY(auto key, store::resolve_existing_key(options.key, options.db));
  auto database = db::Database::open(options.db, key.key, db::OpenOptions{.migrate = false});
  if (!database) return fail(database.error());
  const std::string p = options.db.string();

  DbCheckReport report;
  report.db = options.db;
  struct stat st {};
  if (::stat(p.c_str(), &st) == 0) report.file_size = static_cast<std::uint64_t>(st.st_size);

  VRS_TRY(auto version, database->schema_version());
  report.schema_version = version;
  report.known_version = database->schema().latest_version();
  report.pending_migrations = report.known_version > version ? report.known_version - version : 0;
  VRS_TRY(auto app_id, database->application_id());
  report.application_id = app_id;
  VRS_TRY(auto mode, database->journal_mode());
  report.journal_mode = mode;

  auto integrity = database->integrity_check();
  if (!integrity) return fail(integrity.error().with_context("integrity check of " + p + " failed"));
  if (integrity->empty() || integrity->size() != 1 || integrity->front() != "ok") {
    return fail(ErrorCode::DataLoss, "integrity check of " + p + " failed: " +
                                         (integrity->empty() ? std::string("no result") : first_and_count(*integrity)));
  }
  auto foreign = database->foreign_key_check();
  if (!foreign) return fail(foreign.error());
  if (!foreign->empty()) {
    return fail(ErrorCode::DataLoss, "foreign key check of " + p + " failed: " + first_and_count(*foreign));
  }

  for (const std::string_view table : kMainTables) {
    VRS_TRY(auto exists, table_exists(*database, table));
    if (!exists) continue;
    VRS_TRY(auto count, database->query_int64("SELECT count(*) FROM " + std::string(table)));
    report.row_counts.emplace_back(std::string(table), count);
  }

  VRS_TRY(auto has_audit, table_exists(*database, "audit_log"));
  if (has_audit) {
    db::AuditLog audit(*database);
    auto verified = audit.verify();
    if (!verified) return fail(verified.error());
    if (!verified->ok()) {
      return fail(ErrorCode::DataLoss, "audit log of " + p + " is broken at entry " +
                                           std::to_string(*verified->first_broken_seq) + ": " + verified->reason);
    }
    VRS_TRY(auto triggers, audit.triggers_present());
    if (!triggers) {
      return fail(ErrorCode::DataLoss, "audit log of " + p +
                                           ": the append-only triggers are missing (someone with the key changed the "
                                           "schema)");
    }
    report.audit_entries = verified->entries;
    report.audit_head_hex = crypto::to_hex(verified->head_hash);
    // The signed heads (checkpoints, log-head.json) must still match the log: as at start.
    auto log = store::TransparencyLog::open(*database, options.db.parent_path() / "log-head.json");
    if (!log) return fail(log.error().with_context("transparency log of " + p));
  }
  return report;
}

std::string format_summary(const DbInitResult& r) {
  std::ostringstream out;
  out << "created database " << r.db.string() << " (schema version " << r.schema_version << ")\n";
  if (r.key_file_created) {
    out << "created new key file " << r.key_file.string() << " (mode 0600): back it up and keep it secret; without it the database cannot be opened\n";
  } else {
    out << "key: " << r.key_description << "\n";
  }
  if (r.kdf_file_created) out << "keep the .kdf file with the database: the key cannot be derived without it\n";
  out << "audit: entry " << r.audit_seq << " db.init, head " << hex_prefix(r.audit_head_hex) << "\n";
  return out.str();
}

std::string format_summary(const DbCheckReport& r) {
  std::ostringstream out;
  char app_id[16];
  std::snprintf(app_id, sizeof app_id, "0x%08x", static_cast<unsigned>(r.application_id));
  out << "database: " << r.db.string() << " (" << r.file_size << " bytes, journal " << r.journal_mode
      << ", application_id " << app_id << ")\n";
  out << "schema: version " << r.schema_version << " of " << r.known_version;
  if (r.pending_migrations > 0) {
    out << " (" << r.pending_migrations << " pending migration" << (r.pending_migrations == 1 ? "" : "s")
        << ", applied at the next start)";
  } else {
    out << " (up to date)";
  }
  out << "\nintegrity: ok\n";
  out << "rows:";
  for (const auto& [table, count] : r.row_counts) out << " " << table << "=" << count;
  out << "\naudit: " << r.audit_entries << " entries, chain ok";
  if (!r.audit_head_hex.empty() && r.audit_entries > 0) out << ", head " << hex_prefix(r.audit_head_hex);
  out << "\nok\n";
  return out.str();
}

}  // namespace vrs::server::cli
