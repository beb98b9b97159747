#pragma once
/// The server's signed receipt for a stored submission (docs/envelope.md), `vrs.receipt/1`.
///
/// Wire form (the response body of POST /v1/submissions, stored by the client):
///   {"receipt": {<receipt object>}, "signature": "<base64 Ed25519 signature>"}
/// where the signature covers canonical_json(<receipt object>) and the receipt object is
///   {"audit_seq", "format": "vrs.receipt/1", "key_id", "member", "payload_sha256" (hex),
///    "records": [{"ref", "status", "version"}], "server_time", "submission_id"}.
/// `key_id` names the server Ed25519 key (envelope.hpp receipt_key_id) that signed it.
///
/// Thread-safety: pure functions.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vrs/common/error.hpp"
#include "vrs/crypto/sign.hpp"

namespace vrs::schema {

inline constexpr std::string_view kReceiptFormat = "vrs.receipt/1";
/// Largest receipt body accepted (a receipt of kMaxBatchRecords refs fits easily).
inline constexpr std::size_t kMaxReceiptBytes = std::size_t{2} << 20;

struct ReceiptRecord {
  std::string ref;
  std::uint64_t version = 0;
  std::string status;  ///< "active" | "withdrawn"
  friend bool operator==(const ReceiptRecord&, const ReceiptRecord&) = default;
};

struct Receipt {
  std::string submission_id;
  std::string member;
  std::string payload_sha256;  ///< lower-case hex
  std::uint64_t audit_seq = 0;
  std::string server_time;     ///< UTC "YYYY-MM-DDTHH:MM:SS.fffZ"
  std::string key_id;
  std::vector<ReceiptRecord> records;
  friend bool operator==(const Receipt&, const Receipt&) = default;
};

/// canonical_json of the receipt object (the signed bytes).
std::string receipt_canonical(const Receipt& receipt);

/// The signed wire form. Fails only if signing fails.
Result<std::string> sign_receipt(const Receipt& receipt, const crypto::SigningKey& key);

/// Parses the wire form and verifies the signature under `server_key`: Unauthenticated if the
/// signature does not verify, InvalidArgument (naming the field) if the shape is wrong.
Result<Receipt> verify_receipt(std::string_view wire, const crypto::Ed25519PublicKey& server_key);

/// Parses the wire form without verifying (to find the key id first). InvalidArgument on shape.
Result<Receipt> parse_receipt(std::string_view wire);

}  // namespace vrs::schema
