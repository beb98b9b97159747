#include "vrs/schema/key_retirement.hpp"

#include "vrs/crypto/encoding.hpp"

namespace vrs::schema {

std::string key_retirement_message(const KeyRetirement& r) {
  std::string text = "vrs.receipt-key-retirement/1\n";
  text += r.key_id;
  text += '\n';
  text += crypto::to_base64(r.public_key);
  text += '\n';
  text += r.retired_at;
  text += '\n';
  text += r.successor;
  text += '\n';
  return text;
}

Result<crypto::Ed25519Signature> sign_key_retirement(const KeyRetirement& retirement,
                                                     const crypto::SigningKey& successor) {
  const std::string message = key_retirement_message(retirement);
  return successor.sign(crypto::ByteView(reinterpret_cast<const std::uint8_t*>(message.data()), message.size()));
}

bool verify_key_retirement(const KeyRetirement& retirement, const crypto::Ed25519PublicKey& successor,
                           const crypto::Ed25519Signature& signature) noexcept {
  try {
    const std::string message = key_retirement_message(retirement);
    return crypto::verify_signature(
        successor, crypto::ByteView(reinterpret_cast<const std::uint8_t*>(message.data()), message.size()), signature);
  } catch (...) {
    return false;
  }
}

}  // namespace vrs::schema
