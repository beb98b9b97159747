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

namespace vrs::protect {
class PerturbationTable;
}

namespace vrs::server::analysis {

struct FeeObservation {
  double value = 0;          ///< per person, in units of the currency
  double usd = 0;            ///< per person in US dollars, when has_usd
  bool has_usd = false;
  std::uint32_t incident = 0;
  std::int64_t persons = 0;  ///< migrants of the incident
  std::uint32_t key = 0;     ///< the incident's record key (cell-key noise)
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
  /// Cell-key noise on the others' counts (observations, incidents, persons), or null.
  const protect::PerturbationTable* noise = nullptr;
};

/// What the disclosure registry needs of one fee cell: its key, the distinct incidents and
/// their migrants (of everyone and of the viewer), whether every observation has a US dollar
/// value, and whether the fee rule alone finds it unsafe.
struct FeeCellFacts {
  std::uint16_t origin = 0, destination = 0, currency = 0;  ///< kStar for "*"
  std::int64_t incidents = 0, persons = 0;
  std::int64_t own_incidents = 0, own_persons = 0;
  bool all_usd = false;
  bool unsafe = false;
};

class FeeTable {
 public:
  using Cell = std::tuple<std::uint16_t, std::uint16_t, std::uint16_t>;

  /// origin/destination/currency as packed codes; adds to the route's cell, the currency's
  /// all-routes cell and (with a USD value) the route's all-currencies cell.
  void add(std::uint16_t origin, std::uint16_t destination, std::uint16_t currency, const FeeObservation& obs);

  /// Every cell, in key order, with what the registry needs (the fee rule under `rules`).
  [[nodiscard]] std::vector<FeeCellFacts> facts(const FeeRules& rules) const;

  /// The `fees` section; `hidden(cell)` says whether the registry suppressed a cell.
  template <typename Hidden>
  [[nodiscard]] boost::json::object section(const FeeRules& rules, Hidden hidden) const {
    std::vector<bool> flags;
    for (const auto& [key, obs] : cells_) flags.push_back(hidden(key));
    return section_with(rules, flags);
  }

 private:
  [[nodiscard]] boost::json::object section_with(const FeeRules& rules, const std::vector<bool>& hidden) const;
  std::map<Cell, std::vector<FeeObservation>> cells_;
};

/// US dollars per unit of `currency` for the month `month` (year * 12 + month - 1): the month's
/// rate, else the year's; USD is 1. Returns 0 when none is configured.
double usd_rate(const FxRates& fx, const std::string& currency, int month);

/// Quantile p of sorted values: position p·(n−1), linear interpolation.
double quantile(const std::vector<double>& sorted, double p);

/// Nearest multiple of `step`, halves away from zero.
double round_to(double value, std::int64_t step);

}  // namespace vrs::server::analysis
