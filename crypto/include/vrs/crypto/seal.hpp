#pragma once
/// X25519 sealed boxes (libsodium crypto_box_seal): anonymous sender, only the holder of the
/// recipient's secret key can open. Used for submission envelopes.

#include <array>
#include <cstdint>

#include "vrs/common/error.hpp"
#include "vrs/crypto/bytes.hpp"
#include "vrs/crypto/secure_buffer.hpp"

namespace vrs::crypto {

using X25519PublicKey = std::array<std::uint8_t, 32>;

/// Largest plaintext seal() accepts; checked before allocating.
inline constexpr std::size_t kMaxSealedPlaintext = 64u * 1024u * 1024u;

class BoxKeyPair {
 public:
  static Result<BoxKeyPair> generate();
  /// Rebuilds a key pair from its 32-byte secret key.
  static Result<BoxKeyPair> from_secret(ByteView secret_key);

  [[nodiscard]] const X25519PublicKey& public_key() const noexcept { return public_key_; }
  [[nodiscard]] ByteView secret_key() const noexcept { return secret_key_.view(); }

  /// Opens a sealed box. Fails with Unauthenticated (one generic message) if the box was not
  /// sealed to this key or was altered; InvalidArgument if it is too short.
  [[nodiscard]] Result<Bytes> open(ByteView sealed) const;

 private:
  BoxKeyPair(X25519PublicKey pk, SecureBuffer sk) : public_key_(pk), secret_key_(std::move(sk)) {}
  X25519PublicKey public_key_{};
  SecureBuffer secret_key_;
};

/// Seals `plaintext` to `recipient`. Output is plaintext.size() + 48 bytes.
/// InvalidArgument if plaintext exceeds kMaxSealedPlaintext.
Result<Bytes> seal(const X25519PublicKey& recipient, ByteView plaintext);

}  // namespace vrs::crypto
