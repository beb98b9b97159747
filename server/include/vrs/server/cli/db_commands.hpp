#pragma once
/// `vrs-server db init` and `vrs-server db check`: the logic behind the CLI (the CLI only
/// parses arguments and prints). Errors are one-line messages for the operator; they never
/// contain key material or record content.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "vrs/common/error.hpp"
#include "vrs/server/store/key_source.hpp"

namespace vrs::server::cli {

struct DbInitOptions {
  std::filesystem::path db;
  store::KeySource key;
};

struct DbInitResult {
  std::filesystem::path db;
  int schema_version = 0;
  bool key_file_created = false;
  std::filesystem::path key_file;  ///< when a key file is used
  bool kdf_file_created = false;
  std::string key_description;
  std::int64_t audit_seq = 0;
  std::string audit_head_hex;  ///< full hash of the chain head
};

/// Creates a new database: refuses an existing file; takes or creates the key (see
/// resolve_new_key); applies the migrations; records store facts (meta) and the audit entry
/// "db.init" in one transaction. On any failure nothing new is left behind (database, key file
/// or KDF file created by this call are removed).
Result<DbInitResult> db_init(const DbInitOptions& options);

struct DbCheckOptions {
  std::filesystem::path db;
  store::KeySource key;
};

struct DbCheckReport {
  std::filesystem::path db;
  std::uint64_t file_size = 0;
  int schema_version = 0;
  int known_version = 0;
  int pending_migrations = 0;
  std::int32_t application_id = 0;
  std::string journal_mode;
  std::vector<std::pair<std::string, std::int64_t>> row_counts;  ///< main tables present
  std::int64_t audit_entries = 0;
  std::string audit_head_hex;
};

/// Opens WITHOUT writing anything (no migrations, query_only) and checks: key, application_id,
/// schema version against the known migrations, PRAGMA integrity_check (which reads and
/// HMAC-verifies every page), PRAGMA foreign_key_check, the audit chain and its append-only
/// triggers, and the transparency log's signed heads (store/transparency_log.hpp). Any failure is an error whose message is the single line to print (a broken
/// audit chain names the first broken seq). Pending migrations are reported, not an error.
Result<DbCheckReport> db_check(const DbCheckOptions& options);

/// Human-readable summaries (several lines, each ending in '\n').
std::string format_summary(const DbInitResult& result);
std::string format_summary(const DbCheckReport& report);

}  // namespace vrs::server::cli
