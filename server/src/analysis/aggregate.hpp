#pragma once
// Internal to the report (report.cpp): the one pass over the facts that fills the cubes of
// every section, the fee table and the coverage grid for one request (docs/reports.md;
// docs/architecture.md "Report path").

#include <array>
#include <cstdint>
#include <vector>

#include "analysis/cube.hpp"
#include "analysis/fees.hpp"
#include "vrs/server/analysis/facts.hpp"
#include "vrs/server/analysis/report.hpp"

namespace vrs::server::analysis {

using Values = std::array<std::int64_t, kMeasureCount>;

struct Cubes {
  // Universe I: one contribution per incident of the period; P: the previous period.
  Cube months{'I', {{"month", Dim::Month}}};
  Cube quarters{'I', {{"quarter", Dim::Quarter, false}}};
  Cube routes{'I', {{"origin", Dim::Country}, {"destination", Dim::Country}, {"mode", Dim::RouteMode}}};
  Cube transits{'I', {{"transit", Dim::Country}}, true};
  Cube methods{'I', {{"method", Dim::Method}}, true};
  Cube abuse{'I', {{"abuse", Dim::Abuse}}, true};
  Cube conduct{'I', {{"conduct", Dim::Conduct}}, true};
  Cube migrants{'M', {{"nationality", Dim::Country}, {"sex", Dim::Sex}, {"age", Dim::MigrantAge}}};
  Cube smugglers{'S', {{"nationality", Dim::Country}, {"role", Dim::SmugglerRole}}};
  Cube profiles{'S', {{"role", Dim::SmugglerRole}, {"sex", Dim::Sex}, {"age", Dim::SmugglerAge}}};
  Cube documents{'D', {{"type", Dim::DocumentType}, {"fraud", Dim::FraudType}, {"issuer", Dim::Country}}};
  Cube prev_months{'P', {{"month", Dim::Month}}};
  Cube prev_quarters{'P', {{"quarter", Dim::Quarter, false}}};
};

struct Selection {
  const ReportInput& in;
  std::int64_t viewer = -1;  ///< member index
  bool own_only = false;
  std::int32_t first_month = 0, last_month = 0;      ///< of the period
  std::int32_t first_quarter = 0, last_quarter = -1;  ///< wholly inside the period
  std::int32_t prev_first_quarter = 0, prev_last_quarter = -1;
  Code route_country = kNoCode, nationality = kNoCode;
  int mode = -1;
};

struct Coverage {
  std::vector<std::vector<bool>> reported;  ///< [member][month - first_month]
};

// The quarters (year * 4 + quarter - 1) wholly inside [from, to]; first > last when none.
void quarters_inside(std::int32_t from, std::int32_t to, std::int32_t& first, std::int32_t& last);

/// Adds every live fact of the request's region and filters to the cubes, the fee table and
/// the coverage grid (current period; the previous period only to prev_months/prev_quarters).
void aggregate(const Selection& s, Cubes& c, FeeTable& fees, Coverage& coverage);

}  // namespace vrs::server::analysis
