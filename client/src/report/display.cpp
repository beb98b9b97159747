#include "report/display.hpp"

#include <array>
#include <charconv>

namespace vrs::client::report {

std::string display_value(std::string_view value) {
  if (value == "*") return "All";
  if (value == "XXX") return "Unknown";
  if (value == "XXA") return "Stateless (XXA)";
  if (value == "XXB") return "Refugee, 1951 Convention (XXB)";
  if (value == "XXC") return "Refugee, other (XXC)";
  bool lower_snake = !value.empty();
  for (const char c : value) lower_snake = lower_snake && ((c >= 'a' && c <= 'z') || c == '_' || (c >= '0' && c <= '9'));
  if (!lower_snake) return std::string(value);
  std::string out(value);
  for (auto& c : out) {
    if (c == '_') c = ' ';
  }
  if (out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::string display_name(std::string_view name) {
  std::string out;
  std::size_t start = 0;
  bool first = true;
  while (start <= name.size()) {
    const std::size_t end = std::min(name.find('_', start), name.size());
    const std::string_view word = name.substr(start, end - start);
    if (!first) out += ' ';
    if (word == "usd") {
      out += "USD";
    } else if (word == "q1" || word == "q3") {
      out += 'Q';
      out += word[1];
    } else if (word == "pct") {
      out += '%';
    } else {
      std::string w(word);
      if (first && !w.empty() && w[0] >= 'a' && w[0] <= 'z') w[0] = static_cast<char>(w[0] - 'a' + 'A');
      out += w;
    }
    first = false;
    start = end + 1;
  }
  return out;
}

std::string group_digits(const Figure& figure) {
  const std::string& text = figure.text;
  const bool integral = !text.empty() && text.find_first_not_of("-0123456789") == std::string::npos;
  if (!integral) return text;
  const bool negative = text[0] == '-';
  const std::string digits = negative ? text.substr(1) : text;
  std::string out;
  if (negative) out += '-';
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string number_or(const Figure& figure, std::string_view fallback) {
  return figure.is_number() ? group_digits(figure) : std::string(fallback);
}

std::string month_label(std::string_view month) {
  static constexpr std::array<const char*, 12> kNames = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (month.size() != 7 || month[4] != '-') return std::string(month);
  int m = 0;
  const auto [ptr, ec] = std::from_chars(month.data() + 5, month.data() + 7, m);
  if (ec != std::errc() || ptr != month.data() + 7 || m < 1 || m > 12) return std::string(month);
  std::string out = kNames[static_cast<std::size_t>(m - 1)];
  out += ' ';
  out += month.substr(0, 4);
  return out;
}

std::size_t display_width(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++n;
  }
  return n;
}

}  // namespace vrs::client::report
