#pragma once
// Internal: hex encoding of secrets straight into secure memory, without data-dependent
// branches or table lookups (the technique of libsodium's sodium_bin2hex).

#include "vrs/common/error.hpp"
#include "vrs/crypto/bytes.hpp"
#include "vrs/crypto/secure_buffer.hpp"

namespace vrs::db::detail {

/// Lower-case hex of `bytes` in secure memory, surrounded by `prefix`/`suffix` (e.g. "x'" and
/// "'" for SQLCipher's raw-key syntax, or "" and "\n" for a key file).
Result<crypto::SecureBuffer> secret_to_hex(crypto::ByteView bytes, std::string_view prefix, std::string_view suffix);

}  // namespace vrs::db::detail
