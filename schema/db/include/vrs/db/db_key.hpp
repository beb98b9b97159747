#pragma once
/// Where the 32-byte database key comes from (docs/architecture.md "Keys"):
///  - a key file: exactly 64 lower-case hex characters (32 random bytes) and an optional
///    trailing newline, mode 0600; refused if group or others have any permission bit, if it
///    is a symbolic link, or if it has any other content;
///  - or a passphrase (stdin or an environment variable), stretched with Argon2id; the KDF
///    parameters and salt live beside the database in "<db>.kdf" (crypto::KdfParams::encode,
///    one line), written when the database is created and read at every open.
/// Every key and passphrase stays in crypto::SecureBuffer (locked, wiped on destruction).
/// Thread-safety: all functions are safe to call concurrently on different paths.

#include <filesystem>
#include <string>

#include "vrs/common/error.hpp"
#include "vrs/crypto/bytes.hpp"
#include "vrs/crypto/kdf.hpp"
#include "vrs/crypto/secure_buffer.hpp"

namespace vrs::db {

/// Largest passphrase accepted (bytes, after the trailing newline is removed).
inline constexpr std::size_t kMaxPassphraseSize = 1024;

/// Reads a key file. NotFound ("key file <path> does not exist"), FailedPrecondition for a
/// loose mode ("key file <path> has mode 0644 ...; run: chmod 600 <path>"), InvalidArgument for
/// a symlink, a non-regular file or bad content (the message never quotes the content).
Result<crypto::SecureBuffer> read_key_file(const std::filesystem::path& path);

/// Parses key-file content (64 lower-case hex + optional "\n") into 32 bytes. `what` names
/// the source in the error message.
Result<crypto::SecureBuffer> parse_key_file(crypto::ByteView content, const std::string& what);

/// Creates a new key file with 32 random bytes as hex + "\n", mode 0600 whatever the umask,
/// written atomically. AlreadyExists if `path` exists (never overwritten). Returns the key.
Result<crypto::SecureBuffer> create_key_file(const std::filesystem::path& path);

/// Writes `key` (kKeySize bytes) as a new key file like create_key_file (restoring a backup).
/// AlreadyExists if `path` exists.
Result<void> write_key_file(const std::filesystem::path& path, const crypto::SecureBuffer& key);

/// "<db>.kdf": the sidecar holding the Argon2id parameters of a passphrase-keyed database.
std::filesystem::path kdf_params_path(const std::filesystem::path& db_path);

/// Cost of the Argon2id parameters chosen when a passphrase-keyed database is created.
/// Moderate is the only production setting (crypto::KdfParams::generate_moderate);
/// MinimumForTests exists so test suites stay fast, and is reachable from the CLI only through
/// a hidden, explicitly named flag. Opening always uses what the sidecar says.
enum class KdfCost { Moderate, MinimumForTests };

/// Generates fresh parameters (random salt) of `cost` and writes them to kdf_params_path(db),
/// mode 0600, refusing to overwrite (AlreadyExists).
Result<crypto::KdfParams> create_kdf_params_file(const std::filesystem::path& db_path, KdfCost cost);
/// Reads kdf_params_path(db). NotFound if missing ("... was the database created with a
/// passphrase?"), InvalidArgument if malformed.
Result<crypto::KdfParams> read_kdf_params_file(const std::filesystem::path& db_path);

/// Argon2id(passphrase, params) -> 32-byte database key.
Result<crypto::SecureBuffer> derive_database_key(crypto::ByteView passphrase, const crypto::KdfParams& params);

/// Reads a passphrase from `fd` (stdin: 0) until EOF, into secure memory; one trailing "\n"
/// or "\r\n" is removed. InvalidArgument if empty or longer than kMaxPassphraseSize.
Result<crypto::SecureBuffer> read_passphrase_fd(int fd);

/// Takes the passphrase from environment variable `name`: copies it into secure memory,
/// overwrites the variable's value in this process's environment with zeros and unsets it.
/// NotFound if unset, InvalidArgument if empty or too long. Not thread-safe (touches environ).
Result<crypto::SecureBuffer> take_passphrase_env(const std::string& name);

}  // namespace vrs::db
