#include "vrs/crypto/secretbox.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#include "vrs/crypto/random.hpp"

namespace vrs::crypto {
namespace {

constexpr std::array<std::uint8_t, 5> kHeader{'V', 'R', 'S', 'B', 0x01};
constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static_assert(kNonce == 24 && kTag == 16 && kSecretboxOverhead == kHeader.size() + kNonce + kTag);

// The header is authenticated with the caller's associated data: AD' = header || AD.
Bytes full_ad(ByteView associated_data) {
  Bytes ad(kHeader.size() + associated_data.size());
  std::memcpy(ad.data(), kHeader.data(), kHeader.size());
  if (!associated_data.empty()) std::memcpy(ad.data() + kHeader.size(), associated_data.data(), associated_data.size());
  return ad;
}

Result<void> check_key(ByteView key) {
  if (key.size() != kSecretboxKeySize) {
    return fail(ErrorCode::InvalidArgument, "secretbox key must be 32 bytes, got " + std::to_string(key.size()));
  }
  return {};
}

}  // namespace

Result<Bytes> secretbox_encrypt(ByteView key, ByteView plaintext, ByteView associated_data) {
  VRS_TRY_VOID(check_key(key));
  if (plaintext.size() > kMaxSecretboxPlaintext) {
    return fail(ErrorCode::InvalidArgument, "plaintext of " + std::to_string(plaintext.size()) +
                                                " bytes exceeds the secretbox limit");
  }
  Bytes box(kSecretboxOverhead + plaintext.size());
  std::copy(kHeader.begin(), kHeader.end(), box.begin());
  std::uint8_t* nonce = box.data() + kHeader.size();
  random_bytes({nonce, kNonce});
  const Bytes ad = full_ad(associated_data);
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kNonce, &written, plaintext.data(), plaintext.size(),
                                                 ad.data(), ad.size(), nullptr, nonce, key.data()) != 0) {
    return fail(ErrorCode::Internal, "secretbox encryption failed");
  }
  box.resize(kHeader.size() + kNonce + static_cast<std::size_t>(written));
  return box;
}

Result<SecureBuffer> secretbox_decrypt(ByteView key, ByteView box, ByteView associated_data) {
  VRS_TRY_VOID(check_key(key));
  if (box.size() < kSecretboxOverhead || !std::equal(kHeader.begin(), kHeader.end(), box.begin())) {
    return fail(ErrorCode::InvalidArgument, "not a VRS secretbox (bad header or too short)");
  }
  const std::uint8_t* nonce = box.data() + kHeader.size();
  const std::uint8_t* ciphertext = nonce + kNonce;
  const std::size_t ciphertext_size = box.size() - kHeader.size() - kNonce;
  VRS_TRY(auto plaintext, SecureBuffer::allocate(ciphertext_size - kTag));
  const Bytes ad = full_ad(associated_data);
  unsigned long long written = 0;
  // An empty SecureBuffer has a null data(); libsodium needs a valid pointer even for 0 bytes.
  std::uint8_t empty_sink = 0;
  std::uint8_t* out = plaintext.empty() ? &empty_sink : plaintext.data();
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(out, &written, nullptr, ciphertext, ciphertext_size, ad.data(),
                                                 ad.size(), nonce, key.data()) != 0) {
    return fail(ErrorCode::DataLoss, "secretbox authentication failed: wrong key or altered data");
  }
  return plaintext;
}

}  // namespace vrs::crypto
