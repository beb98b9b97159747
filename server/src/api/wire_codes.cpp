#include "vrs/server/api/wire_codes.hpp"

#include <array>
#include <vector>

namespace vrs::server::api {

WireCode wire_code(ErrorCode code) noexcept {
  return {to_string(code), static_cast<unsigned>(http_status(code))};
}

WireCode wire_code(schema::EnvelopeFailure failure) noexcept {
  using schema::EnvelopeFailure;
  switch (failure) {
    case EnvelopeFailure::Malformed: return problem_code::kEnvelopeMalformed;
    case EnvelopeFailure::UnknownKey: return problem_code::kEnvelopeUnknownKey;
    case EnvelopeFailure::Unopenable: return problem_code::kEnvelopeUnopenable;
    case EnvelopeFailure::BadPlaintext: return problem_code::kEnvelopeMalformedPlaintext;
    case EnvelopeFailure::BadSignature: return problem_code::kSignatureInvalid;
  }
  return problem_code::kEnvelopeMalformed;
}

std::span<const WireCode> wire_codes() noexcept {
  static const std::vector<WireCode> rows = [] {
    std::vector<WireCode> out;
    for (auto code : {ErrorCode::InvalidArgument, ErrorCode::Unauthenticated, ErrorCode::PermissionDenied,
                      ErrorCode::NotFound, ErrorCode::AlreadyExists, ErrorCode::Conflict, ErrorCode::ResourceExhausted,
                      ErrorCode::FailedPrecondition, ErrorCode::Unavailable, ErrorCode::DeadlineExceeded,
                      ErrorCode::DataLoss, ErrorCode::Internal}) {
      out.push_back(wire_code(code));
    }
    namespace p = problem_code;
    for (const auto& row : {p::kBadRequest, p::kNotFound, p::kMethodNotAllowed, p::kRequestTimeout,
                            p::kPayloadTooLarge, p::kRateLimited, p::kHeadersTooLarge, p::kTooManyConnections,
                            p::kEnvelopeMalformed, p::kEnvelopeUnknownKey, p::kEnvelopeUnopenable,
                            p::kEnvelopeMalformedPlaintext, p::kEnvelopeVersionRetired, p::kEnvelopeKeyRetired,
                            p::kSignatureInvalid, p::kSignerMismatch,
                            p::kMemberMismatch, p::kSubmissionConflict, p::kVersionConflict, p::kBatchInvalid}) {
      bool known = false;
      for (const auto& existing : out) known = known || existing.code == row.code;
      if (!known) out.push_back(row);
    }
    return out;
  }();
  return rows;
}

}  // namespace vrs::server::api
