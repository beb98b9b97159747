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
  Cube months{Universe::Incidents, {{"month", Dim::Month}}};
  Cube quarters{Universe::Incidents, {{"quarter", Dim::Quarter, false}}};
  Cube routes{Universe::Incidents, {{"origin", Dim::Country}, {"destination", Dim::Country}, {"mode", Dim::RouteMode}}};
  Cube transits{Universe::Incidents, {{"transit", Dim::Country}}, true};
  Cube methods{Universe::Incidents, {{"method", Dim::Method}}, true};
  Cube abuse{Universe::Incidents, {{"abuse", Dim::Abuse}}, true};
  Cube conduct{Universe::Incidents, {{"conduct", Dim::Conduct}}, true};
  Cube migrants{Universe::Migrants, {{"nationality", Dim::Country}, {"sex", Dim::Sex}, {"age", Dim::MigrantAge}}};
  Cube smugglers{Universe::Smugglers, {{"nationality", Dim::Country}, {"role", Dim::SmugglerRole}}};
  Cube profiles{Universe::Smugglers, {{"role", Dim::SmugglerRole}, {"sex", Dim::Sex}, {"age", Dim::SmugglerAge}}};
  Cube documents{Universe::Documents, {{"type", Dim::DocumentType}, {"fraud", Dim::FraudType}, {"issuer", Dim::Country}}};
  Cube prev_months{Universe::PreviousIncidents, {{"month", Dim::Month}}};
  Cube prev_quarters{Universe::PreviousIncidents, {{"quarter", Dim::Quarter, false}}};
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
