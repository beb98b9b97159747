#pragma once
/// The submission wire format, shared by the client that builds it and the server that opens
/// it. Versioned; documented with test vectors in docs/envelope.md.
///
///  1. Batch `vrs.batch/1`: canonical JSON (canonical_json.hpp) of
///     {"created_at", "format": "vrs.batch/1", "member", "records": [record...],
///      "submission_id"} — records encoded as json_codec.hpp's to_json().
///  2. Signature: Ed25519 (detached) by the member's signing key registered at enrolment.
///     Version 2 signs envelope_v2_message(): the context "vrs.envelope/2", the server's
///     identity (server_id of GET /v1/keys) and the sealing key id, each followed by a NUL
///     byte, then the payload; so a batch opened by one VRS instance cannot be resealed to
///     another, nor to another key. Version 1 signed the payload alone.
///  3. Sealed plaintext: "VRS2" ("VRS1") (4 bytes) | signer public key (32) | signature (64) |
///     payload.
///  4. crypto_box_seal of that plaintext to the server's X25519 key `key_id`.
///  5. Envelope (the HTTP body): JSON {"format": "vrs.envelope/2" ("vrs.envelope/1"),
///     "key_id": "...", "sealed": "<standard base64>"} — nothing else, nothing readable but
///     the key id.
///
/// Opening checks, in order, each with its own error (server maps them to problem codes):
/// envelope JSON shape → key id known → box opens (any bit flipped fails here) → plaintext
/// magic → signature valid under the embedded signer key. The caller then checks that the
/// signer key belongs to the TLS member and decodes the batch (decode_batch).
///
/// Thread-safety: pure functions over their arguments.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "vrs/common/error.hpp"
#include "vrs/crypto/bytes.hpp"
#include "vrs/crypto/hash.hpp"
#include "vrs/crypto/seal.hpp"
#include "vrs/crypto/sign.hpp"
#include "vrs/schema/field_error.hpp"
#include "vrs/schema/model.hpp"

namespace vrs::schema {

inline constexpr std::string_view kBatchFormat = "vrs.batch/1";
inline constexpr std::string_view kEnvelopeFormat = "vrs.envelope/2";
inline constexpr std::string_view kEnvelopeFormatV1 = "vrs.envelope/1";
/// Longest server identity (GET /v1/keys server_id) accepted.
inline constexpr std::size_t kMaxServerIdBytes = 64;
/// Records per batch, and bytes of a payload / an envelope body.
inline constexpr std::size_t kMaxBatchRecords = 5000;
inline constexpr std::size_t kMaxPayloadBytes = std::size_t{11} << 20;
inline constexpr std::size_t kMaxEnvelopeBytes = std::size_t{16} << 20;  // base64 of the largest payload fits

struct Batch {
  std::string submission_id;  ///< RFC 4122 version-4 UUID, lower case
  std::string created_at;     ///< client time, UTC "YYYY-MM-DDTHH:MM:SS[.fff]Z"
  std::string member;         ///< member id of the signer, e.g. "AUS-ABF"
  std::vector<Incident> records;
};

/// True for a lower-case RFC 4122 version-4 UUID ("1b4e28ba-2fa1-4d2e-883f-0016d3cca427").
bool is_uuid_v4(std::string_view text) noexcept;

/// The canonical payload bytes of `batch` (what the signature covers).
std::string encode_batch(const Batch& batch);

/// Decodes and validates a payload against `today`: every problem of every record is
/// collected with its path (`records[17].migrants[0].nationality`); batch-level problems
/// (format, submission_id, created_at, member, record count, duplicate refs) have paths
/// without the `records[i].` prefix. Nothing is returned unless everything is valid.
tl::expected<Batch, FieldErrors> decode_batch(std::string_view payload, const Date& today);

/// Why an envelope cannot be opened (stable; the server's problem codes are these names).
enum class EnvelopeFailure {
  Malformed,         ///< not the envelope JSON shape, bad base64, too large
  UnknownKey,        ///< key_id is not a sealing key of this server
  Unopenable,        ///< the box does not open: altered, or sealed to another key
  BadPlaintext,      ///< opened but not "VRS1" | key | signature | payload
  BadSignature,      ///< the signature does not verify under the embedded signer key
};
std::string_view to_string(EnvelopeFailure failure) noexcept;

struct EnvelopeError {
  EnvelopeFailure failure;
  std::string detail;  ///< one line, never secret material or record content
};

struct ParsedEnvelope {
  int version = 2;  ///< 1 or 2
  std::string key_id;
  crypto::Bytes sealed;
};

struct OpenedEnvelope {
  int version = 2;
  std::string payload;  ///< the canonical batch bytes
  crypto::Ed25519PublicKey signer{};
  crypto::Ed25519Signature signature{};
  crypto::Digest32 payload_sha256{};
};

/// The bytes a version 2 signature covers (see above).
std::string envelope_v2_message(std::string_view server_id, std::string_view key_id, std::string_view payload);

/// Signs `payload` for the server `server_id` and seals it to (`key_id`, `server_key`): the
/// version 2 envelope JSON. InvalidArgument if the payload, key id or server id is out of bounds.
Result<std::string> seal_envelope(std::string_view payload, const crypto::SigningKey& signer, std::string_view key_id,
                                  const crypto::X25519PublicKey& server_key, std::string_view server_id);
/// The version 1 envelope (signature over the payload alone), which servers accept during a
/// grace period (docs/envelope.md); for tests and for servers that predate version 2.
Result<std::string> seal_envelope_v1(std::string_view payload, const crypto::SigningKey& signer, std::string_view key_id,
                                     const crypto::X25519PublicKey& server_key);

/// Parses the envelope JSON (format, key id, base64).
tl::expected<ParsedEnvelope, EnvelopeError> parse_envelope(std::string_view body);

/// Opens a parsed envelope with the server key it names and checks the signature; a version 2
/// signature must be for `server_id` (this server) and the envelope's key id.
tl::expected<OpenedEnvelope, EnvelopeError> open_envelope(const ParsedEnvelope& envelope, const crypto::BoxKeyPair& key,
                                                          std::string_view server_id);

/// Key ids: "x25519-" / "ed25519-" followed by the first 16 hex digits of the SHA-256 of the
/// public key, so a client can tell which key it sealed to.
std::string sealing_key_id(const crypto::X25519PublicKey& key);
std::string receipt_key_id(const crypto::Ed25519PublicKey& key);

}  // namespace vrs::schema
