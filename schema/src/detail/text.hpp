#pragma once
// Small text helpers shared by the codecs and the validator (internal to vrs_schema).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vrs::schema::detail {

/// Length of the UTF-8 sequence that starts at s[i] (1 to 4), or 0 if it is malformed
/// (overlong, surrogate, above U+10FFFF, cut short). Precondition: i < s.size().
std::size_t utf8_sequence(std::string_view s, std::size_t i) noexcept;
/// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF).
bool is_valid_utf8(std::string_view s) noexcept;
/// True if `s` holds a C0/C1 control character or DEL (checked on code points; `s` must be
/// valid UTF-8).
bool has_control_chars(std::string_view s) noexcept;
/// `"..."` with JSON-style escapes, invalid UTF-8 bytes as \xNN, cut after `max_bytes` bytes
/// of input with "..." appended: safe to put into any message or log line.
std::string quote(std::string_view s, std::size_t max_bytes = 64);
/// Strips ASCII spaces and tabs at both ends.
std::string_view trim(std::string_view s) noexcept;
std::string to_upper_ascii(std::string_view s);
std::string to_lower_ascii(std::string_view s);
/// A decimal integer of digits only (optional leading '-'), at most 18 digits; nullopt
/// otherwise.
std::optional<std::int64_t> parse_int(std::string_view s) noexcept;

}  // namespace vrs::schema::detail
