#include "vrs/schema/model.hpp"

#include <chrono>
#include <limits>

namespace vrs::schema {
namespace {

std::string pad(int value, int width) {
  std::string digits = std::to_string(value < 0 ? -static_cast<long long>(value) : value);
  if (digits.size() < static_cast<std::size_t>(width))
    digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
  return value < 0 ? "-" + digits : digits;
}

std::optional<int> digits(std::string_view s) noexcept {
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

std::string to_string(const Date& date) {
  std::string out = pad(date.year, 4) + "-" + pad(date.month, 2);
  if (date.day) out += "-" + pad(*date.day, 2);
  return out;
}

std::optional<Date> parse_date(std::string_view text) noexcept {
  if (text.size() != 7 && text.size() != 10) return std::nullopt;
  if (text[4] != '-') return std::nullopt;
  Date d;
  auto y = digits(text.substr(0, 4));
  auto m = digits(text.substr(5, 2));
  if (!y || !m) return std::nullopt;
  d.year = *y;
  d.month = *m;
  if (text.size() == 10) {
    if (text[7] != '-') return std::nullopt;
    auto day = digits(text.substr(8, 2));
    if (!day) return std::nullopt;
    d.day = *day;
  }
  return d;
}

bool is_calendar_date(const Date& date) noexcept {
  if (date.year < 1 || date.year > 9999 || date.month < 1 || date.month > 12) return false;
  if (!date.day) return true;
  if (*date.day < 1 || *date.day > 31) return false;
  const std::chrono::year_month_day ymd{std::chrono::year{date.year},
                                        std::chrono::month{static_cast<unsigned>(date.month)},
                                        std::chrono::day{static_cast<unsigned>(*date.day)}};
  return ymd.ok();
}

Date today_utc() {
  const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day ymd{now};
  return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
              static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

std::int64_t migrant_total(const Incident& incident) noexcept {
  std::int64_t total = 0;
  for (const auto& g : incident.migrants) {
    if (g.count > 0 && total > std::numeric_limits<std::int64_t>::max() - g.count)
      return std::numeric_limits<std::int64_t>::max();
    if (g.count > 0) total += g.count;
  }
  return total;
}

}  // namespace vrs::schema
