#pragma once
/// Ed25519 detached signatures (libsodium crypto_sign_*): member signing keys and the server
/// receipt key.

#include <array>
#include <cstdint>

#include "vrs/common/error.hpp"
#include "vrs/crypto/bytes.hpp"
#include "vrs/crypto/secure_buffer.hpp"

namespace vrs::crypto {

using Ed25519PublicKey = std::array<std::uint8_t, 32>;
using Ed25519Signature = std::array<std::uint8_t, 64>;

class SigningKey {
 public:
  static Result<SigningKey> generate();
  /// Deterministic key from a 32-byte seed (test vectors, keys stored as seeds).
  static Result<SigningKey> from_seed(ByteView seed);

  [[nodiscard]] const Ed25519PublicKey& public_key() const noexcept { return public_key_; }
  /// The 32-byte seed, for storing the key (write it with write_secret_file).
  [[nodiscard]] ByteView seed() const noexcept { return seed_.view(); }
  [[nodiscard]] Result<Ed25519Signature> sign(ByteView message) const;

 private:
  SigningKey(Ed25519PublicKey pk, SecureBuffer seed, SecureBuffer sk)
      : public_key_(pk), seed_(std::move(seed)), secret_key_(std::move(sk)) {}
  Ed25519PublicKey public_key_{};
  SecureBuffer seed_;
  SecureBuffer secret_key_;  // 64-byte libsodium secret key
};

/// True only if `signature` is a valid signature of `message` under `public_key`.
[[nodiscard]] bool verify_signature(const Ed25519PublicKey& public_key, ByteView message,
                                    const Ed25519Signature& signature) noexcept;

}  // namespace vrs::crypto
