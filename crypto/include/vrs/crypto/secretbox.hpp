#pragma once
/// Authenticated encryption of local files (outbox, exported keys) with
/// XChaCha20-Poly1305-IETF (libsodium crypto_aead_xchacha20poly1305_ietf_*): 192-bit random
/// nonces are safe to draw at random for any number of messages under one key.
///
/// Format (versioned): "VRSB" | 0x01 | nonce(24) | ciphertext+tag. The 5 header bytes and
/// the caller's associated data are authenticated.

#include <cstddef>

#include "vrs/common/error.hpp"
#include "vrs/crypto/bytes.hpp"
#include "vrs/crypto/secure_buffer.hpp"

namespace vrs::crypto {

inline constexpr std::size_t kSecretboxKeySize = 32;
inline constexpr std::size_t kSecretboxOverhead = 5 + 24 + 16;
inline constexpr std::size_t kMaxSecretboxPlaintext = 256u * 1024u * 1024u;

/// Encrypts. `key` must be 32 bytes (InvalidArgument otherwise).
Result<Bytes> secretbox_encrypt(ByteView key, ByteView plaintext, ByteView associated_data = {});
/// Decrypts. DataLoss if the box was altered or the key/associated data is wrong;
/// InvalidArgument if the header is not a VRS secretbox.
Result<SecureBuffer> secretbox_decrypt(ByteView key, ByteView box, ByteView associated_data = {});

}  // namespace vrs::crypto
