#pragma once
/// `application/problem+json` errors exactly as docs/api.md:
/// `{"type":"about:blank","title":"Forbidden","status":403,"code":"permission_denied","detail":"..."}`
/// (members in this order). `code` is vrs::to_string(ErrorCode) for errors and the
/// transport-level codes below otherwise; `title` is the HTTP reason phrase of `status`.
/// `detail` must never carry key material, request bodies or record content.

#include <string>
#include <string_view>
#include <vector>

#include "vrs/common/error.hpp"
#include "vrs/server/reply.hpp"

namespace vrs::server {

/// Transport-level codes (docs/api.md "Errors").
namespace problem_code {
inline constexpr std::string_view kPayloadTooLarge = "payload_too_large";    // 413
inline constexpr std::string_view kHeadersTooLarge = "headers_too_large";    // 431
inline constexpr std::string_view kRequestTimeout = "request_timeout";       // 408
inline constexpr std::string_view kRateLimited = "rate_limited";             // 429
inline constexpr std::string_view kTooManyConnections = "too_many_connections";  // 503
inline constexpr std::string_view kNotFound = "not_found";                   // 404
inline constexpr std::string_view kMethodNotAllowed = "method_not_allowed";  // 405
inline constexpr std::string_view kBadRequest = "invalid_argument";          // 400 malformed HTTP
}  // namespace problem_code

inline constexpr std::string_view kProblemContentType = "application/problem+json";

/// The JSON text of a problem.
std::string problem_json(unsigned status, std::string_view code, std::string_view detail);

/// A Reply carrying a problem.
Reply problem(unsigned status, std::string_view code, std::string_view detail);
/// A Reply for an Error: status http_status(code), code to_string(code), detail = message.
Reply problem(const Error& error);

/// One entry of a problem's `errors` list (docs/api.md): a field path, the offending value as
/// the input showed it, and a message.
struct ProblemError {
  std::string path;
  std::string value;
  std::string message;
};
/// A problem with `"errors":[{"path","value","message"}]` after `detail` (at most
/// kMaxProblemErrors entries, then `"errors_omitted": N`).
inline constexpr std::size_t kMaxProblemErrors = 1000;
Reply problem(unsigned status, std::string_view code, std::string_view detail, const std::vector<ProblemError>& errors);

}  // namespace vrs::server
