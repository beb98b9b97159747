#pragma once
/// Changing the database key (docs/operations.md "Rekey"): `vrs-server rekey`, and finishing
/// a rekey a crash cut short.
///
/// A rekey never changes the database file in place. Under the exclusive StoreLock it
///  1. writes the new key material beside the old: "<key file>.next" (a new random key), or
///     for a passphrase-keyed database "<db>.next.kdf" (fresh Argon2id salt for the new
///     passphrase);
///  2. copies the store under the new key to "<db>.rekey" (Database::export_to) and fsyncs it;
///  3. closes the database (its write-ahead log is folded in and removed) and renames
///     "<db>.rekey" over "<db>";
///  4. renames the new key material over the old key file or "<db>.kdf";
///  5. appends "db.rekey" to the audit log, under the new key.
/// Each rename is atomic and fsynced, so after a crash at any point the database opens with the
/// old key or with the new one, and the files say which: a "<db>.rekey" still present means the
/// database was not replaced (the copy and the new material are removed: the old key stays); no
/// copy but new material means step 3 or 4 was reached or not, and trying the old key, then the
/// new one, decides (the new material is then renamed in, or removed).
///
/// Thread-safety: plain functions; one command at a time (the StoreLock enforces it).

#include <filesystem>
#include <iosfwd>
#include <string>

#include "vrs/common/error.hpp"
#include "vrs/db/db_key.hpp"
#include "vrs/server/config.hpp"
#include "vrs/server/store/key_source.hpp"

namespace vrs::server::store {

/// Where a rekey writes the new key material before it becomes the key.
std::filesystem::path next_key_file(const std::filesystem::path& key_file);
std::filesystem::path next_kdf_base(const std::filesystem::path& db_path);  ///< kdf_params_path() of it
std::filesystem::path rekey_copy(const std::filesystem::path& db_path);

/// resolve_existing_key(), after finishing or undoing an interrupted rekey (see above). The
/// caller holds the StoreLock exclusive. `note` gets one line saying what was repaired, or
/// stays empty when there was nothing to repair.
Result<ResolvedKey> resolve_key_finishing_rekey(const KeySource& source, const std::filesystem::path& db_path,
                                                std::string& note);

/// resolve_existing_key(), for a start that holds the lock only shared (a backup runs): a rekey
/// left to finish is FailedPrecondition ("wait for the backup, then start again").
Result<ResolvedKey> resolve_key_unless_rekey_pending(const KeySource& source, const std::filesystem::path& db_path);

struct RekeyOptions {
  /// For a passphrase-keyed database: where the new passphrase comes from (exactly one).
  bool new_passphrase_stdin = false;
  std::string new_passphrase_env;
  db::KdfCost kdf_cost = db::KdfCost::Moderate;
  /// Tests only: the process kills itself (SIGKILL) right after this step: "next-written",
  /// "copy-written", "store-replaced" or "key-replaced". Empty: never.
  std::string crash_after_for_tests;
};

struct RekeyResult {
  std::string old_key;    ///< what keyed the database before ("key file ...", "passphrase ...")
  std::string new_key;    ///< what keys it now
  std::string recovered;  ///< what an earlier interrupted rekey left, and what was done with it
  double seconds = 0;
};

/// Rekeys the database of `config` (see above); progress lines on `progress`.
/// FailedPrecondition if the store is in use; InvalidArgument for options that do not fit the
/// configuration's key source.
Result<RekeyResult> rekey(const Config& config, const RekeyOptions& options, std::ostream& progress);

}  // namespace vrs::server::store
