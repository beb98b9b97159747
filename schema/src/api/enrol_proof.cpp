#include "vrs/schema/api/enrol_proof.hpp"

#include <algorithm>

#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/hash.hpp"

namespace vrs::schema::api {

std::string enrol_proof_message(std::string_view member_id, std::string_view csr_pem, std::string_view signing_key_b64) {
  std::string out(kEnrolProofContext);
  out += '\n';
  out += member_id;
  out += '\n';
  out += crypto::to_hex(crypto::sha256(crypto::as_bytes(csr_pem)));
  out += '\n';
  out += signing_key_b64;
  out += '\n';
  return out;
}

Result<std::string> make_enrol_proof(const crypto::SigningKey& current, std::string_view member_id,
                                     std::string_view csr_pem, std::string_view signing_key_b64) {
  const std::string message = enrol_proof_message(member_id, csr_pem, signing_key_b64);
  VRS_TRY(const auto signature, current.sign(crypto::as_bytes(message)));
  return crypto::to_base64(crypto::ByteView(signature.data(), signature.size()));
}

Result<crypto::Ed25519Signature> parse_enrol_proof(std::string_view base64) {
  auto bytes = crypto::from_base64(base64);
  crypto::Ed25519Signature out{};
  if (!bytes || bytes->size() != out.size()) {
    return fail(ErrorCode::InvalidArgument, "proof: must be the base64 of a 64-byte Ed25519 signature");
  }
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

}  // namespace vrs::schema::api
