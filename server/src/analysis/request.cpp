#include "vrs/server/analysis/request.hpp"

#include <algorithm>
#include <map>

#include "vrs/schema/codes.hpp"
#include "vrs/schema/enums.hpp"
#include "vrs/server/transport/router.hpp"

namespace vrs::server::analysis {
namespace {

constexpr std::size_t kMaxQuery = 2048;

Error bad(std::string_view name, std::string_view value, std::string_view why) {
  std::string shown;
  for (const char c : value.substr(0, 64)) shown += (c >= 0x20 && c < 0x7f && c != '"') ? c : '?';
  return {ErrorCode::InvalidArgument, std::string(name) + ": \"" + shown + "\" " + std::string(why)};
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

Result<AnalysisRequest> parse_analysis_request(std::string_view query, const RegionsConfig& regions) {
  if (query.size() > kMaxQuery) return fail(ErrorCode::InvalidArgument, "query: longer than 2048 bytes");
  std::map<std::string, std::string> params;
  for (const auto& part : transport::split_query(query)) {
    std::string name, value;
    const bool decoded = transport::percent_decode(part.name, name) && transport::percent_decode(part.value, value);
    if (!decoded) return fail(bad("query", part.text, "has a bad %-escape"));
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
    return fail(ErrorCode::InvalidArgument, "period: is required (2025, 2025-Q1, 2025-03 or 2025-01..2025-06)");
  }
  VRS_TRY(auto parsed, schema::report::parse_period(period->second));
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
