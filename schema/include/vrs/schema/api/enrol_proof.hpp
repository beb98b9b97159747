#pragma once
/// The member's proof on an enrolment request for a new certificate (docs/pki.md "Consent"):
/// an Ed25519 signature, by the member's current signing key, over
///   "vrs.enrol-proof/1\n" member_id "\n" hex(SHA-256(csr PEM bytes)) "\n" signing_key "\n"
/// where signing_key is the base64 public key the request registers. The CSR holds the new TLS
/// public key, so the proof says "this member asks for a certificate on this key", and nobody
/// without the member's signing key can make one.
///
/// Thread-safety: pure functions.

#include <string>
#include <string_view>

#include "vrs/common/error.hpp"
#include "vrs/crypto/sign.hpp"

namespace vrs::schema::api {

inline constexpr std::string_view kEnrolProofContext = "vrs.enrol-proof/1";

/// The bytes the proof signs.
std::string enrol_proof_message(std::string_view member_id, std::string_view csr_pem, std::string_view signing_key_b64);

/// The proof as base64 (what `proof` holds in enrol-request.json and the API).
Result<std::string> make_enrol_proof(const crypto::SigningKey& current, std::string_view member_id,
                                     std::string_view csr_pem, std::string_view signing_key_b64);

/// Decodes a base64 proof: InvalidArgument naming `proof` unless it is 64 bytes.
Result<crypto::Ed25519Signature> parse_enrol_proof(std::string_view base64);

}  // namespace vrs::schema::api
