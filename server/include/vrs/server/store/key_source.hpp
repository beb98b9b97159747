#pragma once
/// Where a command takes the database key from: a key file, or a passphrase on stdin or in an
/// environment variable (docs/architecture.md "Keys"; formats in vrs/db/db_key.hpp).

#include <filesystem>
#include <string>

#include "vrs/common/error.hpp"
#include "vrs/crypto/secure_buffer.hpp"
#include "vrs/db/db_key.hpp"
#include "vrs/server/config.hpp"

namespace vrs::server::store {

struct KeySource {
  std::filesystem::path key_file;  ///< set: the key file
  bool passphrase_stdin = false;   ///< the passphrase is read from `stdin_fd` until EOF
  std::string passphrase_env;      ///< set: the passphrase is in this environment variable
  int stdin_fd = 0;
  /// Argon2id cost when a passphrase database is created. Moderate unless the hidden test flag
  /// asks for the minimum (see db::KdfCost).
  db::KdfCost kdf_cost = db::KdfCost::Moderate;

  /// InvalidArgument unless exactly one source is given.
  [[nodiscard]] Result<void> validate() const;
};

/// The key source a configuration names (paths.db_key_file, db_passphrase_env or
/// db_passphrase_stdin); stdin_fd 0.
KeySource key_source_of(const PathsConfig& paths);

/// What resolving a key did, for the command's summary.
struct ResolvedKey {
  crypto::SecureBuffer key;
  bool key_file_created = false;        ///< db init made a new key file
  bool kdf_file_created = false;        ///< db init wrote <db>.kdf
  std::string description;              ///< e.g. "key file /x/db.key"
};

/// The passphrase of a passphrase source (stdin until EOF, or the environment variable).
Result<crypto::SecureBuffer> read_passphrase(const KeySource& source);

/// For an existing database: reads the key file, or the passphrase + <db>.kdf and derives.
Result<ResolvedKey> resolve_existing_key(const KeySource& source, const std::filesystem::path& db_path);

/// For a new database: uses an existing key file (mode checked) or creates one (0600); or
/// reads the passphrase, writes fresh <db>.kdf parameters and derives. The caller removes the
/// files flagged as created if creating the database then fails (remove_created_key_files).
Result<ResolvedKey> resolve_new_key(const KeySource& source, const std::filesystem::path& db_path);

/// Removes the key file / KDF file that resolve_new_key created (after a failed init).
void remove_created_key_files(const ResolvedKey& key, const KeySource& source, const std::filesystem::path& db_path);

}  // namespace vrs::server::store
