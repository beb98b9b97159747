#include "vrs/server/analysis/request.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "vrs/schema/codes.hpp"
#include "vrs/schema/enums.hpp"
#include "vrs/server/analysis/facts.hpp"
#include "vrs/server/transport/router.hpp"

namespace vrs::server::analysis {
namespace {

constexpr std::size_t kMaxQuery = 2048;
constexpr std::int32_t kMaxRangeDays = 3653;  // 10 years

Error bad(std::string_view name, std::string_view value, std::string_view why) {
  std::string shown;
  for (const char c : value.substr(0, 64)) shown += (c >= 0x20 && c < 0x7f && c != '"') ? c : '?';
  return {ErrorCode::InvalidArgument, std::string(name) + ": \"" + shown + "\" " + std::string(why)};
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int days_in_month(int y, int m) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : days[m - 1];
}

std::optional<std::int32_t> parse_day(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!all_digits(s.substr(0, 4)) || !all_digits(s.substr(5, 2)) || !all_digits(s.substr(8, 2))) return std::nullopt;
  const int y = to_int(s.substr(0, 4)), m = to_int(s.substr(5, 2)), d = to_int(s.substr(8, 2));
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  return days_from_civil(y, m, d);
}

}  // namespace

const std::vector<std::string>& bali_process_states() {
  // Bali Process on People Smuggling, Trafficking in Persons and Related Transnational Crime:
  // its member states and territories (operators can replace the preset in [regions]).
  static const std::vector<std::string> states = [] {
    std::vector<std::string> s{"AFG", "AUS", "BGD", "BTN", "BRN", "KHM", "CHN", "PRK", "FJI", "HKG", "IND",
                               "IDN", "IRN", "IRQ", "JPN", "JOR", "KIR", "LAO", "MAC", "MYS", "MDV", "MNG",
                               "MMR", "NRU", "NPL", "NCL", "NZL", "PAK", "PLW", "PNG", "PHL", "KOR", "WSM",
                               "SGP", "SLB", "LKA", "SYR", "THA", "TLS", "TON", "TUR", "ARE", "USA", "VUT", "VNM"};
    std::sort(s.begin(), s.end());
    return s;
  }();
  return states;
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

Result<Period> parse_period(std::string_view s) {
  Period p;
  p.label = std::string(s);
  auto year_ok = [](int y) { return y >= 1900 && y <= 9999; };
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
    const auto from = parse_day(s.substr(0, dots));
    const auto to = parse_day(s.substr(dots + 2));
    if (!from || !to) return fail(bad("period", s, "is not a range of two dates YYYY-MM-DD..YYYY-MM-DD"));
    if (*from > *to) return fail(bad("period", s, "ends before it starts"));
    if (*to - *from + 1 > kMaxRangeDays) return fail(bad("period", s, "is longer than 10 years"));
    p.kind = PeriodKind::Range;
    p.from = *from;
    p.to = *to;
    const std::int32_t length = *to - *from + 1;
    p.previous_from = *from - length;
    p.previous_to = *from - 1;
    return p;
  }
  return fail(bad("period", s, "is not a year (2025), quarter (2025-Q1), month (2025-03) or range (2025-01-01..2025-03-31)"));
}

Result<AnalysisRequest> parse_analysis_request(std::string_view query, const RegionsConfig& regions) {
  if (query.size() > kMaxQuery) return fail(ErrorCode::InvalidArgument, "query: longer than 2048 bytes");
  std::map<std::string, std::string> params;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (part.empty()) continue;
    const auto eq = part.find('=');
    std::string name, value;
    const bool decoded = transport::percent_decode(part.substr(0, eq), name) &&
                         (eq == std::string_view::npos || transport::percent_decode(part.substr(eq + 1), value));
    if (!decoded) return fail(bad("query", part, "has a bad %-escape"));
    static constexpr std::string_view known[] = {"region", "period", "route_country", "mode", "nationality"};
    if (std::find(std::begin(known), std::end(known), name) == std::end(known)) {
      return fail(bad(name.empty() ? std::string_view("query") : std::string_view(name), value,
                      "is not a known parameter (region, period, route_country, mode, nationality)"));
    }
    if (!params.emplace(name, value).second) return fail(bad(name, value, "is given more than once"));
  }
  AnalysisRequest r;
  auto region = params.find("region");
  if (region == params.end() || region->second.empty()) {
    return fail(ErrorCode::InvalidArgument, "region: is required (a name from [regions], bali_process or all)");
  }
  r.region = region->second;
  if (auto it = regions.regions.find(r.region); it != regions.regions.end()) {
    r.states = it->second;
  } else if (r.region == "bali_process") {
    r.states = bali_process_states();
  } else if (r.region != "all") {
    std::string names = "all, bali_process";
    for (const auto& [name, _] : regions.regions)
      if (name != "bali_process") names += ", " + name;
    return fail(bad("region", r.region, "is not a configured region (" + names + ")"));
  }
  auto period = params.find("period");
  if (period == params.end() || period->second.empty()) {
    return fail(ErrorCode::InvalidArgument, "period: is required (2025, 2025-Q1, 2025-03 or 2025-01-01..2025-03-31)");
  }
  VRS_TRY(auto parsed, parse_period(period->second));
  r.period = std::move(parsed);
  if (auto it = params.find("route_country"); it != params.end()) {
    if (!schema::is_country_or_unknown(it->second)) return fail(bad("route_country", it->second, "is not an ISO 3166-1 alpha-3 code"));
    r.route_country = it->second;
  }
  if (auto it = params.find("mode"); it != params.end()) {
    if (!schema::parse_enum<schema::TransportMode>(it->second)) {
      return fail(bad("mode", it->second, "is not one of " + schema::enum_choices<schema::TransportMode>()));
    }
    r.mode = it->second;
  }
  if (auto it = params.find("nationality"); it != params.end()) {
    if (!schema::is_nationality(it->second)) {
      return fail(bad("nationality", it->second, "is not an ISO 3166-1 alpha-3 code or XXA, XXB, XXC, XXX"));
    }
    r.nationality = it->second;
  }
  return r;
}

std::string describe(const AnalysisRequest& r) {
  std::string out = "region=" + r.region + " period=" + r.period.label;
  if (r.route_country) out += " route_country=" + *r.route_country;
  if (r.mode) out += " mode=" + *r.mode;
  if (r.nationality) out += " nationality=" + *r.nationality;
  return out;
}

}  // namespace vrs::server::analysis
