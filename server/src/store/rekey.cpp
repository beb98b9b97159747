#include "vrs/server/store/rekey.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ostream>

#include "vrs/common/posix_fd.hpp"
#include "vrs/common/text_file.hpp"
#include "vrs/db/audit_log.hpp"
#include "vrs/db/database.hpp"
#include "vrs/server/store/store_lock.hpp"

namespace vrs::server::store {
namespace {

namespace fs = std::filesystem;

bool present(const fs::path& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

Result<void> remove_file(const fs::path& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return fail(ErrorCode::Internal, "cannot remove " + path.string() + ": " + errno_text(errno));
  }
  return {};
}

// rename(2) then fsync of the directory: the new name survives a crash.
Result<void> rename_durably(const fs::path& from, const fs::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    return fail(ErrorCode::Internal, "cannot rename " + from.string() + " to " + to.string() + ": " + errno_text(errno));
  }
  return fsync_dir(to.parent_path());
}

Result<void> fsync_file(const fs::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid() || ::fsync(fd.get()) != 0) {
    return fail(ErrorCode::Internal, "cannot fsync " + path.string() + ": " + errno_text(errno));
  }
  return {};
}

bool uses_key_file(const KeySource& source) { return !source.key_file.empty(); }

// The new key material a rekey writes before the switch: "<key file>.next" or "<db>.next.kdf".
fs::path next_material(const KeySource& source, const fs::path& db_path) {
  return uses_key_file(source) ? next_key_file(source.key_file) : db::kdf_params_path(next_kdf_base(db_path));
}

fs::path current_material(const KeySource& source, const fs::path& db_path) {
  return uses_key_file(source) ? source.key_file : db::kdf_params_path(db_path);
}

// true: `key` opens the database; false: the key is wrong; an error for anything else.
Result<bool> opens(const fs::path& db_path, const crypto::SecureBuffer& key) {
  auto database = db::Database::open(db_path, key, db::OpenOptions{.migrate = false});
  if (database) return true;
  if (database.error().code() == ErrorCode::Unauthenticated) return false;
  return fail(database.error());
}

Result<void> audit_rekey(const fs::path& db_path, const crypto::SecureBuffer& key, const std::string& what) {
  VRS_TRY(auto database, db::Database::open(db_path, key));
  db::AuditLog audit(database);
  auto seq = audit.append({"operator", "db.rekey", what, "ok"});
  if (!seq) return fail(seq.error());
  return {};
}

void crash_point(const RekeyOptions& options, std::string_view step) {
  if (options.crash_after_for_tests == step) ::raise(SIGKILL);
}

}  // namespace

fs::path next_key_file(const fs::path& key_file) { return fs::path(key_file.string() + ".next"); }
fs::path next_kdf_base(const fs::path& db_path) { return fs::path(db_path.string() + ".next"); }
fs::path rekey_copy(const fs::path& db_path) { return fs::path(db_path.string() + ".rekey"); }

Result<ResolvedKey> resolve_key_finishing_rekey(const KeySource& source, const fs::path& db_path, std::string& note) {
  VRS_TRY_VOID(source.validate());
  note.clear();
  const fs::path next = next_material(source, db_path);
  if (present(rekey_copy(db_path))) {
    // The copy was never renamed over the database: the old key still opens it.
    VRS_TRY_VOID(remove_file(rekey_copy(db_path)));
    VRS_TRY_VOID(remove_file(next));
    VRS_TRY_VOID(fsync_dir(db_path.parent_path()));
    note = "an interrupted rekey was undone: the database keeps its previous key";
    return resolve_existing_key(source, db_path);
  }
  if (!present(next)) return resolve_existing_key(source, db_path);

  // New material but no copy: the crash came before the copy began, or after the database was
  // replaced. Whichever key opens the database decides.
  ResolvedKey current;
  ResolvedKey candidate;
  if (uses_key_file(source)) {
    VRS_TRY(current.key, db::read_key_file(source.key_file));
    VRS_TRY(candidate.key, db::read_key_file(next));
    current.description = "key file " + source.key_file.string();
    candidate.description = current.description;
  } else {
    VRS_TRY(auto passphrase, read_passphrase(source));
    VRS_TRY(auto current_params, db::read_kdf_params_file(db_path));
    VRS_TRY(current.key, db::derive_database_key(passphrase.view(), current_params));
    VRS_TRY(auto next_params, db::read_kdf_params_file(next_kdf_base(db_path)));
    VRS_TRY(candidate.key, db::derive_database_key(passphrase.view(), next_params));
    current.description = "passphrase (Argon2id parameters in " + db::kdf_params_path(db_path).string() + ")";
    candidate.description = current.description;
  }
  VRS_TRY(const bool old_opens, opens(db_path, current.key));
  if (old_opens) {
    VRS_TRY_VOID(remove_file(next));
    VRS_TRY_VOID(fsync_dir(db_path.parent_path()));
    note = "an interrupted rekey was undone: the database keeps its previous key";
    return current;
  }
  VRS_TRY(const bool new_opens, opens(db_path, candidate.key));
  if (!new_opens) {
    return fail(ErrorCode::Unauthenticated,
                "cannot open " + db_path.string() + ": neither the key nor the new key of an interrupted rekey (" +
                    next.string() + ") opens it" +
                    (uses_key_file(source) ? std::string() : "; give the new passphrase"));
  }
  VRS_TRY_VOID(rename_durably(next, current_material(source, db_path)));
  VRS_TRY_VOID(audit_rekey(db_path, candidate.key, "finished after an interruption"));
  note = "an interrupted rekey was finished: the database is keyed by the new " +
         std::string(uses_key_file(source) ? "key file" : "passphrase");
  return candidate;
}

Result<ResolvedKey> resolve_key_unless_rekey_pending(const KeySource& source, const fs::path& db_path) {
  VRS_TRY_VOID(source.validate());
  if (present(rekey_copy(db_path)) || present(next_material(source, db_path))) {
    return fail(ErrorCode::FailedPrecondition, "a rekey of " + db_path.string() +
                                                   " was interrupted and another process (a backup?) uses the store; "
                                                   "wait for it to end, then start again to finish the rekey");
  }
  return resolve_existing_key(source, db_path);
}

Result<RekeyResult> rekey(const Config& config, const RekeyOptions& options, std::ostream& progress) {
  const auto started = std::chrono::steady_clock::now();
  const fs::path db_path = config.paths.db;
  KeySource source = key_source_of(config.paths);
  source.stdin_fd = STDIN_FILENO;
  KeySource fresh;  // the new passphrase's source
  fresh.passphrase_stdin = options.new_passphrase_stdin;
  fresh.passphrase_env = options.new_passphrase_env;
  fresh.stdin_fd = STDIN_FILENO;
  const bool new_passphrase = fresh.passphrase_stdin || !fresh.passphrase_env.empty();
  if (uses_key_file(source) && new_passphrase) {
    return fail(ErrorCode::InvalidArgument,
                "the configuration keys the database with paths.db_key_file (" + source.key_file.string() +
                    "): a rekey writes a new random key file; --new-passphrase-stdin/--new-passphrase-env are for "
                    "a passphrase-keyed database");
  }
  if (!uses_key_file(source)) {
    if (!new_passphrase) {
      return fail(ErrorCode::InvalidArgument,
                  "the database is keyed by a passphrase: give the new one with --new-passphrase-stdin or "
                  "--new-passphrase-env NAME");
    }
    VRS_TRY_VOID(fresh.validate());
    if (source.passphrase_stdin && fresh.passphrase_stdin) {
      return fail(ErrorCode::InvalidArgument,
                  "the configuration reads the current passphrase from stdin (paths.db_passphrase_stdin): give the "
                  "new one with --new-passphrase-env NAME");
    }
  }

  VRS_TRY(auto lock, StoreLock::acquire(db_path, StoreLock::Mode::Exclusive));
  RekeyResult result;
  VRS_TRY(auto old_key, resolve_key_finishing_rekey(source, db_path, result.recovered));
  if (!result.recovered.empty()) progress << "rekey: " << result.recovered << "\n";
  result.old_key = old_key.description;
  const fs::path copy = rekey_copy(db_path);
  const fs::path next = next_material(source, db_path);

  // 1. The new key material, beside the old.
  crypto::SecureBuffer new_key;
  if (uses_key_file(source)) {
    VRS_TRY(new_key, db::create_key_file(next));
    result.new_key = "new random key file " + source.key_file.string();
  } else {
    VRS_TRY(auto passphrase, read_passphrase(fresh));
    VRS_TRY(auto params, db::create_kdf_params_file(next_kdf_base(db_path), options.kdf_cost));
    auto derived = db::derive_database_key(passphrase.view(), params);
    if (!derived) {
      (void)remove_file(next);
      return fail(derived.error());
    }
    new_key = std::move(*derived);
    result.new_key = "new passphrase (Argon2id parameters in " + db::kdf_params_path(db_path).string() + ")";
  }
  crash_point(options, "next-written");
  const auto undo = [&](Error error) -> Result<RekeyResult> {
    (void)remove_file(copy);
    (void)remove_file(next);
    return fail(std::move(error));
  };

  // 2. A copy under the new key, on disk before anything is switched.
  {
    progress << "rekey: copying " << db_path.string() << " under the new key\n" << std::flush;
    auto database = db::Database::open(db_path, old_key.key);
    if (!database) return undo(database.error());
    if (auto copied = database->export_to(copy, new_key); !copied) return undo(copied.error());
    if (auto synced = fsync_file(copy); !synced) return undo(synced.error());
    crash_point(options, "copy-written");
  }  // 3. closed: the last connection folds the write-ahead log in and removes it
  const fs::path wal(db_path.string() + "-wal");
  struct stat st {};
  if (::stat(wal.c_str(), &st) == 0 && st.st_size > 0) {
    return undo(Error{ErrorCode::FailedPrecondition,
                      "the write-ahead log " + wal.string() + " was not folded into the database; nothing changed"});
  }
  if (auto replaced = rename_durably(copy, db_path); !replaced) return undo(replaced.error());
  crash_point(options, "store-replaced");
  // 4. From here the new key opens the database; a failure leaves the next material for the
  // recovery above, never removes it.
  VRS_TRY_VOID(rename_durably(next, current_material(source, db_path)));
  crash_point(options, "key-replaced");
  // 5.
  VRS_TRY_VOID(audit_rekey(db_path, new_key, uses_key_file(source) ? "key file" : "passphrase"));
  VRS_TRY(const bool old_still_opens, opens(db_path, old_key.key));
  if (old_still_opens) return fail(ErrorCode::Internal, "the previous key still opens " + db_path.string());
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace vrs::server::store
