#include "vrs/server/store/key_source.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <optional>
#include <utility>

namespace vrs::server::store {

KeySource key_source_of(const PathsConfig& paths) {
  KeySource source;
  source.key_file = paths.db_key_file;
  source.passphrase_env = paths.db_passphrase_env;
  source.passphrase_stdin = paths.db_passphrase_stdin;
  return source;
}
namespace {

bool path_exists(const std::filesystem::path& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

std::string passphrase_description(const KeySource& source, const std::filesystem::path& db_path) {
  return std::string("passphrase from ") +
         (source.passphrase_stdin ? std::string("stdin") : "environment variable " + source.passphrase_env) +
         " (Argon2id parameters in " + db::kdf_params_path(db_path).string() + ")";
}

}  // namespace

Result<crypto::SecureBuffer> read_passphrase(const KeySource& source) {
  if (source.passphrase_stdin) return db::read_passphrase_fd(source.stdin_fd);
  return db::take_passphrase_env(source.passphrase_env);
}

Result<void> KeySource::validate() const {
  const int given = (key_file.empty() ? 0 : 1) + (passphrase_stdin ? 1 : 0) + (passphrase_env.empty() ? 0 : 1);
  if (given != 1) {
    return fail(ErrorCode::InvalidArgument,
                "give exactly one of --key-file PATH, --passphrase-stdin or --passphrase-env NAME");
  }
  return {};
}

Result<ResolvedKey> resolve_existing_key(const KeySource& source, const std::filesystem::path& db_path) {
  VRS_TRY_VOID(source.validate());
  ResolvedKey out;
  if (!source.key_file.empty()) {
    auto key = db::read_key_file(source.key_file);
    if (!key) return fail(key.error());
    out.key = std::move(*key);
    out.description = "key file " + source.key_file.string();
    return out;
  }
  VRS_TRY(auto params, db::read_kdf_params_file(db_path));
  VRS_TRY(auto passphrase, read_passphrase(source));
  VRS_TRY(auto key, db::derive_database_key(passphrase.view(), params));
  out.key = std::move(key);
  out.description = passphrase_description(source, db_path);
  return out;
}

Result<ResolvedKey> resolve_new_key(const KeySource& source, const std::filesystem::path& db_path) {
  VRS_TRY_VOID(source.validate());
  ResolvedKey out;
  if (!source.key_file.empty()) {
    if (path_exists(source.key_file)) {
      auto key = db::read_key_file(source.key_file);  // checks the mode
      if (!key) return fail(key.error());
      out.key = std::move(*key);
      out.description = "existing key file " + source.key_file.string();
    } else {
      auto key = db::create_key_file(source.key_file);
      if (!key) return fail(key.error());
      out.key = std::move(*key);
      out.key_file_created = true;
      out.description = "new key file " + source.key_file.string();
    }
    return out;
  }
  // Passphrase first, so a missing passphrase leaves no KDF file behind.
  VRS_TRY(auto passphrase, read_passphrase(source));
  VRS_TRY(auto params, db::create_kdf_params_file(db_path, source.kdf_cost));
  out.kdf_file_created = true;
  auto key = db::derive_database_key(passphrase.view(), params);
  if (!key) {
    remove_created_key_files(out, source, db_path);
    return fail(key.error());
  }
  out.key = std::move(*key);
  out.description = passphrase_description(source, db_path);
  return out;
}

void remove_created_key_files(const ResolvedKey& key, const KeySource& source, const std::filesystem::path& db_path) {
  if (key.key_file_created) ::unlink(source.key_file.c_str());
  if (key.kdf_file_created) ::unlink(db::kdf_params_path(db_path).c_str());
}

}  // namespace vrs::server::store
