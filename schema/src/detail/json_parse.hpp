#pragma once
// Strict JSON parsing for untrusted input: standard JSON only (no comments, no trailing
// commas, valid UTF-8), bounded nesting depth, and duplicate object keys rejected (Boost.JSON
// would silently keep the last one, and a signed record must mean one thing).

#include <cstddef>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>
#include <tl/expected.hpp>

namespace vrs::schema::detail {

/// Parses one complete JSON text (surrounding whitespace allowed). On failure the message
/// reads like `invalid JSON at byte 17: syntax error` or `duplicate key "ref" at byte 40`.
/// Precondition: the caller has already bounded text.size().
tl::expected<boost::json::value, std::string> parse_json_strict(std::string_view text,
                                                                std::size_t max_depth);

}  // namespace vrs::schema::detail
