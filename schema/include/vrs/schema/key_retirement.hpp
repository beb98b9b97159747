#pragma once
/// The statement that retires a receipt key (docs/api.md "GET /v1/keys"). When the server
/// rotates its receipt key, the NEW key signs, with Ed25519, the bytes of
///
///   "vrs.receipt-key-retirement/1\n" <retired key_id> "\n" <retired public key, base64> "\n"
///   <retired_at, RFC 3339 UTC> "\n" <successor key_id> "\n"
///
/// The signature is published with the retired key. A member that trusts the successor (the
/// current key, or a key it already holds) can then keep the retired key in its history and
/// knows from when on it signs nothing: a receipt it signed with a later time is refused.
///
/// Thread-safety: plain functions.

#include <string>
#include <string_view>

#include "vrs/common/error.hpp"
#include "vrs/crypto/sign.hpp"

namespace vrs::schema {

struct KeyRetirement {
  std::string key_id;                ///< the retired receipt key
  crypto::Ed25519PublicKey public_key{};
  std::string retired_at;            ///< when it stopped signing
  std::string successor;             ///< key_id of the key that signs this statement
};

/// The bytes the successor signs.
std::string key_retirement_message(const KeyRetirement& retirement);

Result<crypto::Ed25519Signature> sign_key_retirement(const KeyRetirement& retirement,
                                                     const crypto::SigningKey& successor);

/// True only if `signature` is the successor's signature of `retirement`.
bool verify_key_retirement(const KeyRetirement& retirement, const crypto::Ed25519PublicKey& successor,
                           const crypto::Ed25519Signature& signature) noexcept;

}  // namespace vrs::schema
