// libFuzzer target: the query string of GET /v1/reports/regional and /v1/analyses/{name}
// (region, period, filters) as the server parses it from any authenticated member. Invalid
// input must only ever produce an InvalidArgument error with a message; a parsed request must
// have a sane period (from <= to, at most ten years) and a known or configured region.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "vrs/server/analysis/request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const vrs::server::RegionsConfig regions = [] {
    vrs::server::RegionsConfig r;
    r.regions["mekong"] = {"KHM", "LAO", "MMR", "THA", "VNM"};
    return r;
  }();
  auto request = vrs::server::analysis::parse_analysis_request(text, regions);
  if (!request) {
    if (request.error().code() != vrs::ErrorCode::InvalidArgument || request.error().message().empty()) std::abort();
  } else {
    const auto& p = request->period;
    if (p.from > p.to || p.to - p.from > 3653 || p.previous_to != p.from - 1 || p.previous_from > p.previous_to) std::abort();
    if (request->region != "all" && request->states.empty()) std::abort();
  }
  auto period = vrs::schema::report::parse_period(text);
  if (period && period->from > period->to) std::abort();
  return 0;
}
