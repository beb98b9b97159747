#include "vrs/crypto/sign.hpp"

#include <sodium.h>

#include <string>

#include "vrs/crypto/random.hpp"

namespace vrs::crypto {

static_assert(crypto_sign_PUBLICKEYBYTES == 32 && crypto_sign_BYTES == 64 && crypto_sign_SEEDBYTES == 32);

Result<SigningKey> SigningKey::generate() {
  VRS_TRY(auto seed, random_secret(crypto_sign_SEEDBYTES));
  return from_seed(seed.view());
}

Result<SigningKey> SigningKey::from_seed(ByteView seed) {
  if (seed.size() != crypto_sign_SEEDBYTES) {
    return fail(ErrorCode::InvalidArgument,
                "Ed25519 seed must be 32 bytes, got " + std::to_string(seed.size()));
  }
  VRS_TRY(auto seed_copy, SecureBuffer::copy_of(seed));
  VRS_TRY(auto secret, SecureBuffer::allocate(crypto_sign_SECRETKEYBYTES));
  Ed25519PublicKey pk{};
  if (crypto_sign_seed_keypair(pk.data(), secret.data(), seed_copy.data()) != 0) {
    return fail(ErrorCode::Internal, "Ed25519 key derivation failed");
  }
  return SigningKey(pk, std::move(seed_copy), std::move(secret));
}

Result<Ed25519Signature> SigningKey::sign(ByteView message) const {
  Ed25519Signature signature{};
  if (crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(), secret_key_.data()) != 0) {
    return fail(ErrorCode::Internal, "Ed25519 signing failed");
  }
  return signature;
}

bool verify_signature(const Ed25519PublicKey& public_key, ByteView message,
                      const Ed25519Signature& signature) noexcept {
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(), public_key.data()) == 0;
}

}  // namespace vrs::crypto
