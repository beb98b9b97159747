#pragma once
/// `application/problem+json` errors exactly as docs/api.md:
/// `{"type":"about:blank","title":"Forbidden","status":403,"code":"permission_denied","detail":"..."}`
/// (members in this order). `code` and `status` are one row of the wire-code table
/// (wire_codes.hpp); `title` is the HTTP reason phrase of `status`.
/// `detail` must never carry key material, request bodies or record content.

#include <string>
#include <string_view>
#include <vector>

#include "vrs/common/error.hpp"
#include "vrs/server/api/wire_codes.hpp"
#include "vrs/server/transport/reply.hpp"

namespace vrs::server::api {

inline constexpr std::string_view kProblemContentType = "application/problem+json";

/// The JSON text of a problem (the serializer under every problem() below).
std::string problem_json(unsigned status, std::string_view code, std::string_view detail);

/// A Reply carrying a problem with the code and status of a row of the wire-code table.
transport::Reply problem(const WireCode& code, std::string_view detail);
/// A Reply for an Error: the row wire_code(error.code()), detail = message.
transport::Reply problem(const Error& error);
/// The same as problem(code, detail) for a caller that states the status too (tests);
/// `status` must be the row's status (asserted).
transport::Reply problem(unsigned status, const WireCode& code, std::string_view detail);

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
transport::Reply problem(const WireCode& code, std::string_view detail, const std::vector<ProblemError>& errors);

}  // namespace vrs::server::api
