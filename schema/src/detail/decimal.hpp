#pragma once
// Exact decimal amounts in minor units (1/100): fee amounts never pass through binary
// floating point arithmetic.

#include <cstdint>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace vrs::schema::detail {

enum class DecimalError { Syntax, TooManyDecimals, TooLarge };

/// Largest |amount| in minor units the parser returns (10^15); validate() limits further.
inline constexpr std::int64_t kMaxParsedMinor = 1'000'000'000'000'000;

/// Parses `[-]digits[.digits][e[+-]digits]` (exponent only if `allow_exponent`) into minor
/// units. More than two significant fraction digits → TooManyDecimals ("1.50" and "1.5e0"
/// are fine, "1.505" is not).
tl::expected<std::int64_t, DecimalError> parse_decimal_minor(std::string_view text,
                                                             bool allow_exponent) noexcept;

/// "1500", "1500.5", "1500.05", "-3": the shortest exact decimal of minor/100.
std::string format_minor(std::int64_t minor);

/// The shortest text that reads back as `d` (std::to_chars), e.g. "1500.5", "1e+21".
std::string shortest_double(double d);

}  // namespace vrs::schema::detail
