#pragma once
/// Secret files on disk: written 0600 (umask-proof, atomically, fsync'ed), and refused when
/// group- or world-accessible, not a regular file, or larger than expected.

#include <cstddef>
#include <filesystem>

#include "vrs/common/error.hpp"
#include "vrs/crypto/bytes.hpp"
#include "vrs/crypto/secure_buffer.hpp"

namespace vrs::crypto {

enum class Overwrite { No, Yes };

/// Writes `bytes` to `path` with mode 0600 via a temporary file + rename in the same
/// directory. With Overwrite::No an existing file is AlreadyExists and stays untouched.
Result<void> write_secret_file(const std::filesystem::path& path, ByteView bytes,
                               Overwrite overwrite = Overwrite::No);

/// Reads a secret file of at most `max_size` bytes into secure memory. FailedPrecondition
/// (naming the path and its mode) if group/other have any permission bit; NotFound if
/// missing; InvalidArgument if not a regular file or too large.
Result<SecureBuffer> read_secret_file(const std::filesystem::path& path, std::size_t max_size);

/// Checks only the permission rule above (for files OpenSSL reads itself, e.g. TLS keys).
Result<void> check_secret_file_mode(const std::filesystem::path& path);

}  // namespace vrs::crypto
