#include "vrs/crypto/seal.hpp"

#include <sodium.h>

#include <string>

#include "vrs/crypto/init.hpp"

namespace vrs::crypto {

static_assert(crypto_box_PUBLICKEYBYTES == 32 && crypto_box_SECRETKEYBYTES == 32 && crypto_box_SEALBYTES == 48);

Result<BoxKeyPair> BoxKeyPair::generate() {
  VRS_TRY_VOID(init());
  VRS_TRY(auto secret, SecureBuffer::allocate(crypto_box_SECRETKEYBYTES));
  X25519PublicKey pk{};
  if (crypto_box_keypair(pk.data(), secret.data()) != 0) {
    return fail(ErrorCode::Internal, "X25519 key generation failed");
  }
  return BoxKeyPair(pk, std::move(secret));
}

Result<BoxKeyPair> BoxKeyPair::from_secret(ByteView secret_key) {
  if (secret_key.size() != crypto_box_SECRETKEYBYTES) {
    return fail(ErrorCode::InvalidArgument,
                "X25519 secret key must be 32 bytes, got " + std::to_string(secret_key.size()));
  }
  VRS_TRY(auto secret, SecureBuffer::copy_of(secret_key));
  X25519PublicKey pk{};
  if (crypto_scalarmult_base(pk.data(), secret.data()) != 0) {
    return fail(ErrorCode::InvalidArgument, "X25519 secret key is not usable");
  }
  return BoxKeyPair(pk, std::move(secret));
}

Result<Bytes> BoxKeyPair::open(ByteView sealed) const {
  if (sealed.size() < crypto_box_SEALBYTES) {
    return fail(ErrorCode::InvalidArgument, "sealed box is shorter than its 48-byte header");
  }
  Bytes plaintext(sealed.size() - crypto_box_SEALBYTES);
  if (crypto_box_seal_open(plaintext.data(), sealed.data(), sealed.size(), public_key_.data(),
                           secret_key_.data()) != 0) {
    return fail(ErrorCode::Unauthenticated, "sealed box could not be opened");
  }
  return plaintext;
}

Result<Bytes> seal(const X25519PublicKey& recipient, ByteView plaintext) {
  VRS_TRY_VOID(init());
  if (plaintext.size() > kMaxSealedPlaintext) {
    return fail(ErrorCode::InvalidArgument, "plaintext of " + std::to_string(plaintext.size()) +
                                                " bytes exceeds the sealed-box limit of " +
                                                std::to_string(kMaxSealedPlaintext));
  }
  Bytes sealed(plaintext.size() + crypto_box_SEALBYTES);
  if (crypto_box_seal(sealed.data(), plaintext.data(), plaintext.size(), recipient.data()) != 0) {
    return fail(ErrorCode::InvalidArgument, "cannot seal to this public key");
  }
  return sealed;
}

}  // namespace vrs::crypto
