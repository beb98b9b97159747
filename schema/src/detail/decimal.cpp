#include "decimal.hpp"

#include <array>
#include <charconv>

namespace vrs::schema::detail {

tl::expected<std::int64_t, DecimalError> parse_decimal_minor(std::string_view text,
                                                             bool allow_exponent) noexcept {
  using tl::unexpected;
  if (text.empty() || text.size() > 64) return unexpected(DecimalError::Syntax);
  std::size_t i = 0;
  bool negative = false;
  if (text[i] == '-') {
    negative = true;
    ++i;
  }
  // Collect the significant digits and the decimal exponent of the last one.
  std::string digits;
  int exponent = 0;
  std::size_t int_digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    digits += text[i++];
    ++int_digits;
  }
  if (int_digits == 0) return unexpected(DecimalError::Syntax);
  if (i < text.size() && text[i] == '.') {
    ++i;
    std::size_t frac = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      digits += text[i++];
      ++frac;
      --exponent;
    }
    if (frac == 0) return unexpected(DecimalError::Syntax);
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    if (!allow_exponent) return unexpected(DecimalError::Syntax);
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    int e = 0;
    std::size_t n = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (e < 10000) e = e * 10 + (text[i] - '0');
      ++i;
      ++n;
    }
    if (n == 0) return unexpected(DecimalError::Syntax);
    exponent += exp_negative ? -e : e;
  }
  if (i != text.size()) return unexpected(DecimalError::Syntax);

  // Value = digits × 10^exponent; minor units = digits × 10^(exponent + 2).
  std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return 0;
  digits.erase(0, first);
  int scale = exponent + 2;
  while (scale < 0) {
    if (digits.back() != '0') return unexpected(DecimalError::TooManyDecimals);
    digits.pop_back();
    ++scale;
  }
  if (digits.size() + static_cast<std::size_t>(scale) > 16) return unexpected(DecimalError::TooLarge);
  std::int64_t v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  for (int k = 0; k < scale; ++k) v *= 10;
  if (v > kMaxParsedMinor) return unexpected(DecimalError::TooLarge);
  return negative ? -v : v;
}

std::string format_minor(std::int64_t minor) {
  const bool negative = minor < 0;
  // Work in unsigned so INT64_MIN does not overflow.
  const std::uint64_t mag = negative ? 0 - static_cast<std::uint64_t>(minor)
                                     : static_cast<std::uint64_t>(minor);
  std::string out = negative ? "-" : "";
  out += std::to_string(mag / 100);
  const auto cents = static_cast<unsigned>(mag % 100);
  if (cents != 0) {
    out += '.';
    out += static_cast<char>('0' + cents / 10);
    if (cents % 10 != 0) out += static_cast<char>('0' + cents % 10);
  }
  return out;
}

std::string shortest_double(double d) {
  std::array<char, 64> buf{};
  const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), d);
  return {buf.data(), res.ptr};
}

}  // namespace vrs::schema::detail
