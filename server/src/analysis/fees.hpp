#pragma once
// Fee statistics with their own disclosure rules (docs/reports.md "Fees"; private to
// server/src): per-person observations per route and currency, medians and quartiles rounded,
// min/max for analysts only, USD where the operator configured a rate.

#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include <boost/json/object.hpp>

#include "vrs/server/config.hpp"

namespace vrs::server::analysis {

struct FeeObservation {
  double value = 0;          ///< per person, in units of the currency
  double usd = 0;            ///< per person in US dollars, when has_usd
  bool has_usd = false;
  std::uint32_t incident = 0;
  std::int64_t persons = 0;  ///< migrants of the incident
  bool own = false;
};

struct FeeRules {
  std::int64_t min_persons = 10;
  std::int64_t min_incidents = 3;
  double max_share = 0.5;
  std::int64_t rounding = 100;
  bool subtract_own = false;  ///< reporter: the rule applies to the others' observations
  bool show_min_max = false;  ///< analysts only
  bool own_only = false;      ///< reciprocity refused: values are the viewer's own
};

class FeeTable {
 public:
  /// origin/destination/currency as packed codes; adds to the route's cell, the currency's
  /// all-routes cell and (with a USD value) the route's all-currencies cell.
  void add(std::uint16_t origin, std::uint16_t destination, std::uint16_t currency, const FeeObservation& obs);

  /// The `fees` section; `suppressed` is incremented for each suppressed cell.
  [[nodiscard]] boost::json::object section(const FeeRules& rules, std::size_t& suppressed) const;

 private:
  std::map<std::tuple<std::uint16_t, std::uint16_t, std::uint16_t>, std::vector<FeeObservation>> cells_;
};

/// US dollars per unit of `currency` for the month `month` (year * 12 + month - 1): the month's
/// rate, else the year's; USD is 1. Returns 0 when none is configured.
double usd_rate(const FxRates& fx, const std::string& currency, int month);

/// Quantile p of sorted values: position p·(n−1), linear interpolation.
double quantile(const std::vector<double>& sorted, double p);

/// Nearest multiple of `step`, halves away from zero.
double round_to(double value, std::int64_t step);

}  // namespace vrs::server::analysis
