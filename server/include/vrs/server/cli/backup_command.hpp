#pragma once
/// `vrs-server backup` and `vrs-server restore` (docs/operations.md).
///
/// A backup is ONE encrypted file: a consistent copy of the store taken while the server runs
/// (Database::export_to: one read snapshot, the server keeps writing), plus, in a table of the
/// copy only (backup_files), the server's configuration, TLS certificate and key, CA files, CRL
/// and log head, so a lost disk is recovered from the backup and its key alone. Beside it,
/// FILE.manifest.json (0644, no secret) records the time, schema version, store id, row counts,
/// the audit head, the transparency log's size and root, and the file's SHA-256. The backup is
/// encrypted with the database key, or with a separate backup key file (--key-file).
///
/// A restore checks everything before it writes anything: the manifest and the SHA-256, the
/// key, PRAGMA integrity_check and foreign keys, the schema version, the row counts, the audit
/// chain and the transparency log (and that they are the manifest's). It then makes a new
/// directory that `vrs-server run --config DIR/vrs-server.toml` starts from, with the key that
/// opened the backup as its database key. It never writes into a directory that has files.
///
/// Thread-safety: plain functions; one command at a time.

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>

#include "vrs/common/error.hpp"
#include "vrs/server/config.hpp"

namespace vrs::server::cli {

struct BackupOptions {
  std::filesystem::path out;
  /// A separate key for the backup (made with `vrs-server backup-key` or any 32-byte key file);
  /// default: the database key.
  std::optional<std::filesystem::path> key_file;
};

/// What a manifest records (and what restore checks).
struct BackupManifest {
  std::string created_at;
  int schema_version = 0;
  std::string store_id;
  std::map<std::string, std::int64_t> rows;
  std::int64_t audit_entries = 0;
  std::string audit_head;  ///< hex chain hash of the last entry
  std::uint64_t log_size = 0;
  std::string log_root;    ///< hex Merkle root
  std::string sha256;      ///< of the backup file
  std::uint64_t bytes = 0;
  std::string key;         ///< "database" or "backup key file"
};

struct BackupResult {
  std::filesystem::path file;
  std::filesystem::path manifest_file;
  BackupManifest manifest;
  double seconds = 0;
};

/// Takes the backup (see above); progress lines on `progress`. AlreadyExists if the output or
/// its manifest exists; nothing is left behind on failure.
Result<BackupResult> backup(const Config& config, const BackupOptions& options, std::ostream& progress);

struct RestoreOptions {
  std::filesystem::path from;
  std::filesystem::path dir;
  std::filesystem::path key_file;  ///< the key the backup was made with
};

struct RestoreResult {
  std::filesystem::path config;
  BackupManifest manifest;
  double seconds = 0;
};

/// Checks the backup and makes the new server directory (see above). Nothing is written
/// unless every check passes; a directory it made is removed again on failure.
Result<RestoreResult> restore(const RestoreOptions& options, std::ostream& progress);

std::string manifest_json(const BackupManifest& manifest);
Result<BackupManifest> parse_manifest(std::string_view text);

}  // namespace vrs::server::cli
