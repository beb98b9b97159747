#pragma once
/// Argon2id passphrase key derivation (libsodium crypto_pwhash, ALG_ARGON2ID13). Parameters
/// and salt are stored beside what they protect, in a versioned text form, so the cost can be
/// raised later without breaking old files.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "vrs/common/error.hpp"
#include "vrs/crypto/bytes.hpp"
#include "vrs/crypto/secure_buffer.hpp"

namespace vrs::crypto {

struct KdfParams {
  std::uint64_t opslimit = 0;     ///< Argon2id passes (t)
  std::uint64_t memlimit = 0;     ///< bytes of memory (m)
  std::array<std::uint8_t, 16> salt{};

  /// Fresh random salt with libsodium's MODERATE limits (t=3, m=256 MiB; libsodium docs:
  /// "suitable for highly sensitive data" is SENSITIVE, MODERATE for keys derived at start-up
  /// of a server is the documented middle ground).
  static KdfParams generate_moderate();
  /// Fresh random salt with the minimum limits libsodium accepts. Tests only.
  static KdfParams generate_minimum_for_tests();

  /// "argon2id$v=19$m=<KiB>,t=<ops>,p=1$<base64 salt>" (PHC-like, one line).
  [[nodiscard]] std::string encode() const;
  /// Parses encode()'s format; checks limits are within libsodium's bounds.
  static Result<KdfParams> decode(std::string_view text);
};

/// Derives `out_size` bytes (16..64) from `passphrase`. InvalidArgument for an empty
/// passphrase or bad sizes; ResourceExhausted if the memory cannot be had.
Result<SecureBuffer> derive_key(ByteView passphrase, const KdfParams& params, std::size_t out_size);

}  // namespace vrs::crypto
