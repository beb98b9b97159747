#pragma once
/// Every `code` the server puts in a problem+json reply, with its HTTP status: the one table
/// (docs/api.md "Errors", docs/architecture.md "Errors"). A problem reply is built only from
/// a row of this table (problem.hpp), so a code never travels with another status.
///
/// The canonical codes (vrs::ErrorCode) are rows too: wire_code(ErrorCode) takes the name from
/// vrs::to_string and the status from vrs::http_status, the one code -> status mapping.

#include <span>
#include <string_view>

#include "vrs/common/error.hpp"
#include "vrs/schema/envelope.hpp"

namespace vrs::server::api {

/// One row: the stable `code` member and the HTTP status it is sent with.
struct WireCode {
  std::string_view code;
  unsigned status = 500;

  friend constexpr bool operator==(const WireCode&, const WireCode&) = default;
};

/// The rows that are not canonical error codes.
namespace problem_code {
// Transport: answered by the session before (or instead of) a handler.
inline constexpr WireCode kBadRequest{"invalid_argument", 400};  ///< malformed HTTP
inline constexpr WireCode kNotFound{"not_found", 404};
inline constexpr WireCode kMethodNotAllowed{"method_not_allowed", 405};
inline constexpr WireCode kRequestTimeout{"request_timeout", 408};
inline constexpr WireCode kPayloadTooLarge{"payload_too_large", 413};
inline constexpr WireCode kRateLimited{"rate_limited", 429};
inline constexpr WireCode kHeadersTooLarge{"headers_too_large", 431};
inline constexpr WireCode kTooManyConnections{"too_many_connections", 503};

// Submissions (docs/api.md "Submissions"); the envelope rows are named as
// schema::to_string(EnvelopeFailure).
inline constexpr WireCode kEnvelopeMalformed{"envelope_malformed", 400};
inline constexpr WireCode kEnvelopeUnknownKey{"envelope_unknown_key", 400};
inline constexpr WireCode kEnvelopeUnopenable{"envelope_unopenable", 400};
inline constexpr WireCode kEnvelopeMalformedPlaintext{"envelope_malformed_plaintext", 400};
/// A version 1 envelope after envelope.accept_v1_until: seal it again as version 2.
inline constexpr WireCode kEnvelopeVersionRetired{"envelope_version_retired", 400};
/// Sealed to a sealing key that was retired and whose grace period ended (or that was closed
/// by `keys retire`): seal it again to the current key.
inline constexpr WireCode kEnvelopeKeyRetired{"envelope_key_retired", 400};
inline constexpr WireCode kSignatureInvalid{"signature_invalid", 400};
inline constexpr WireCode kSignerMismatch{"signer_mismatch", 403};
inline constexpr WireCode kMemberMismatch{"member_mismatch", 403};
inline constexpr WireCode kSubmissionConflict{"submission_conflict", 409};
inline constexpr WireCode kVersionConflict{"version_conflict", 409};
inline constexpr WireCode kBatchInvalid{"batch_invalid", 422};
}  // namespace problem_code

/// The row of a canonical error code: {vrs::to_string(code), vrs::http_status(code)}.
WireCode wire_code(ErrorCode code) noexcept;

/// The row of an envelope failure.
WireCode wire_code(schema::EnvelopeFailure failure) noexcept;

/// Every row of the table: the canonical codes, then the rows of problem_code (a code that is
/// both, such as "not_found", appears once, with the same status in both).
std::span<const WireCode> wire_codes() noexcept;

}  // namespace vrs::server::api
