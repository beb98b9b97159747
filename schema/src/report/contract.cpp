#include "vrs/schema/report/contract.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include <boost/json/serialize.hpp>

#include "vrs/crypto/bytes.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/hash.hpp"

namespace vrs::schema::report {
namespace json = boost::json;
namespace {

// `period: "<value>" <why>`, the value cut to 64 bytes with anything but printable ASCII (and
// the quote) replaced, so it is safe in a message, a log line and a problem+json detail.
Error bad_period(std::string_view value, std::string_view why) {
  std::string shown;
  for (const char c : value.substr(0, 64)) shown += (c >= 0x20 && c < 0x7f && c != '"') ? c : '?';
  return {ErrorCode::InvalidArgument, "period: \"" + shown + "\" " + std::string(why)};
}

bool all_digits(std::string_view s) noexcept {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) noexcept {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

bool year_ok(int y) noexcept { return y >= 1900 && y <= 9999; }

std::string lower_hex(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string sha256_hex(std::string_view text) { return crypto::to_hex(crypto::sha256(crypto::as_bytes(text))); }

}  // namespace

bool is_section(std::string_view name) noexcept {
  return std::find(kSections.begin(), kSections.end(), name) != kSections.end();
}

std::string section_list() {
  std::string out;
  for (const auto s : kSections) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

std::int32_t days_from_civil(int y, int m, int d) noexcept {
  // Howard Hinnant's days_from_civil (public domain algorithm).
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(std::int32_t z, int& y, int& m, int& d) noexcept {
  // Howard Hinnant's civil_from_days (public domain algorithm).
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp + (mp < 10 ? 3 : -9);
  y = yoe + era * 400 + (m <= 2 ? 1 : 0);
}

std::string day_text(std::int32_t day) {
  int y = 0, m = 0, d = 0;
  civil_from_days(day, y, m, d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

int days_in_month(int y, int m) noexcept {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

std::optional<std::int32_t> parse_day(std::string_view s) noexcept {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!all_digits(s.substr(0, 4)) || !all_digits(s.substr(5, 2)) || !all_digits(s.substr(8, 2))) return std::nullopt;
  const int y = to_int(s.substr(0, 4)), m = to_int(s.substr(5, 2)), d = to_int(s.substr(8, 2));
  if (!year_ok(y) || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  return days_from_civil(y, m, d);
}

Result<Period> parse_period(std::string_view s) {
  Period p;
  p.label = std::string(s);
  if (s.size() == 4 && all_digits(s) && year_ok(to_int(s))) {
    const int y = to_int(s);
    p.kind = PeriodKind::Year;
    p.from = days_from_civil(y, 1, 1);
    p.to = days_from_civil(y, 12, 31);
    p.previous_from = days_from_civil(y - 1, 1, 1);
    p.previous_to = p.from - 1;
    return p;
  }
  if (s.size() == 7 && s[4] == '-' && s[5] == 'Q' && all_digits(s.substr(0, 4)) && s[6] >= '1' && s[6] <= '4' &&
      year_ok(to_int(s.substr(0, 4)))) {
    const int y = to_int(s.substr(0, 4)), q = s[6] - '0';
    p.kind = PeriodKind::Quarter;
    p.from = days_from_civil(y, 3 * q - 2, 1);
    p.to = days_from_civil(y, 3 * q, days_in_month(y, 3 * q));
    const int py = q == 1 ? y - 1 : y, pq = q == 1 ? 4 : q - 1;
    p.previous_from = days_from_civil(py, 3 * pq - 2, 1);
    p.previous_to = p.from - 1;
    return p;
  }
  if (s.size() == 7 && s[4] == '-' && all_digits(s.substr(0, 4)) && all_digits(s.substr(5, 2)) &&
      year_ok(to_int(s.substr(0, 4)))) {
    const int y = to_int(s.substr(0, 4)), m = to_int(s.substr(5, 2));
    if (m >= 1 && m <= 12) {
      p.kind = PeriodKind::Month;
      p.from = days_from_civil(y, m, 1);
      p.to = days_from_civil(y, m, days_in_month(y, m));
      const int py = m == 1 ? y - 1 : y, pm = m == 1 ? 12 : m - 1;
      p.previous_from = days_from_civil(py, pm, 1);
      p.previous_to = p.from - 1;
      return p;
    }
  }
  if (const auto dots = s.find(".."); dots != std::string_view::npos) {
    // Whole months only: YYYY-MM..YYYY-MM, or the same as days from the first of a month to
    // the last of a month. A range that starts or ends inside a month could be differenced
    // against a calendar period into a few days (docs/disclosure.md).
    const auto first = s.substr(0, dots), last = s.substr(dots + 2);
    std::optional<std::int32_t> from, to;
    if (first.size() == 7 && last.size() == 7) {
      from = parse_day(std::string(first) + "-01");
      const auto end_month = parse_day(std::string(last) + "-01");
      if (end_month) {
        int y = 0, m = 0, d = 0;
        civil_from_days(*end_month, y, m, d);
        to = days_from_civil(y, m, days_in_month(y, m));
      }
    } else {
      from = parse_day(first);
      to = parse_day(last);
    }
    if (!from || !to) return fail(bad_period(s, "is not a range of two months YYYY-MM..YYYY-MM"));
    if (*from > *to) return fail(bad_period(s, "ends before it starts"));
    if (*to - *from + 1 > kMaxRangeDays) return fail(bad_period(s, "is longer than 10 years"));
    int y1 = 0, m1 = 0, d1 = 0, y2 = 0, m2 = 0, d2 = 0;
    civil_from_days(*from, y1, m1, d1);
    civil_from_days(*to, y2, m2, d2);
    if (d1 != 1 || d2 != days_in_month(y2, m2)) {
      return fail(bad_period(s, "does not cover whole months (periods are whole months: e.g. " +
                                    std::string(s.substr(0, std::min<std::size_t>(dots, 7))) + ".." +
                                    std::string(last.substr(0, std::min<std::size_t>(last.size(), 7))) + ")"));
    }
    p.kind = PeriodKind::Range;
    p.from = *from;
    p.to = *to;
    // The previous period: as many whole months just before.
    const int months = (y2 * 12 + m2) - (y1 * 12 + m1) + 1;
    const int start = y1 * 12 + (m1 - 1) - months;
    p.previous_from = days_from_civil(start / 12, start % 12 + 1, 1);
    p.previous_to = *from - 1;
    return p;
  }
  return fail(bad_period(s, "is not " + std::string(kPeriodGrammar)));
}

std::string digest(const json::object& doc) {
  // A copy without `sha256`, members in the document's order (object::erase would move the
  // last member into the gap).
  json::object content;
  content.reserve(doc.size());
  for (const auto& entry : doc) {
    if (entry.key() != "sha256") content.emplace(entry.key(), entry.value());
  }
  return sha256_hex(json::serialize(content));
}

std::string seal(const json::object& doc) {
  json::object sealed;
  sealed.reserve(doc.size() + 1);
  for (const auto& entry : doc) {
    if (entry.key() != "sha256") sealed.emplace(entry.key(), entry.value());
  }
  const std::string hex = sha256_hex(json::serialize(sealed));
  sealed["sha256"] = hex;
  return json::serialize(sealed);
}

Result<void> check_digest(const json::object& doc) {
  const json::value* sha = doc.if_contains("sha256");
  if (sha == nullptr || !sha->is_string()) {
    return fail(ErrorCode::InvalidArgument, "report: field \"sha256\" is missing or not a string");
  }
  const std::string claimed = lower_hex(std::string_view(sha->get_string().data(), sha->get_string().size()));
  const std::string actual = digest(doc);
  if (claimed != actual) {
    std::string shown;
    for (const char c : std::string_view(claimed).substr(0, 64)) shown += (c >= 0x20 && c < 0x7f) ? c : ' ';
    if (claimed.size() > 64) shown += "...";
    return fail(ErrorCode::DataLoss, "report: sha256 mismatch (the document says " + shown +
                                         ", its content hashes to " + actual + "): refusing a damaged or altered report");
  }
  return {};
}

std::optional<bool> raw_digest_matches(std::string_view body) {
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r' || body.back() == ' ' || body.back() == '\t')) {
    body.remove_suffix(1);
  }
  constexpr std::string_view kMember = ",\"sha256\":\"";
  constexpr std::size_t kHex = 64;
  const std::size_t tail = kMember.size() + kHex + 2;
  if (body.size() <= tail) return std::nullopt;
  const std::string_view end = body.substr(body.size() - tail);
  if (end.substr(0, kMember.size()) != kMember || end.substr(kMember.size() + kHex) != "\"}") return std::nullopt;
  const std::string claimed = lower_hex(end.substr(kMember.size(), kHex));
  std::string content(body.substr(0, body.size() - tail));
  content += '}';
  return sha256_hex(content) == claimed;
}

}  // namespace vrs::schema::report
