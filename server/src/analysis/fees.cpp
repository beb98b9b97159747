#include "analysis/fees.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>
#include <unordered_map>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "analysis/cube.hpp"
#include "vrs/protect/perturbation.hpp"
#include "vrs/server/analysis/facts.hpp"

namespace vrs::server::analysis {
namespace {

namespace json = boost::json;

json::value suppressed_value() { return json::object{{"suppressed", true}}; }

struct Stats {
  std::int64_t observations = 0, incidents = 0, persons = 0, max_per_incident = 0;
  std::vector<double> values, usd;
  std::vector<std::uint32_t> incident_of;  ///< per value (same order as values), its incident
  /// Cell keys (sums of record keys mod 2^32) of the observations, of the distinct incidents
  /// and of the observations with a dollar value.
  std::uint32_t observation_key = 0, incident_key = 0, usd_key = 0;
};

template <typename Pick>
Stats stats_of(const std::vector<FeeObservation>& obs, Pick pick) {
  Stats s;
  std::unordered_map<std::uint32_t, std::int64_t> per_incident;
  for (const auto& o : obs) {
    if (!pick(o)) continue;
    ++s.observations;
    auto [it, first] = per_incident.try_emplace(o.incident, 0);
    if (first) {
      s.persons += o.persons;
      s.incident_key += o.key;
    }
    s.observation_key += o.key;
    if (o.has_usd) s.usd_key += o.key;
    s.max_per_incident = std::max(s.max_per_incident, ++it->second);
    s.values.push_back(o.value);
    s.incident_of.push_back(o.incident);
    if (o.has_usd) s.usd.push_back(o.usd);
  }
  s.incidents = static_cast<std::int64_t>(per_incident.size());
  // Values sorted, each keeping its incident.
  std::vector<std::size_t> order(s.values.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return s.values[a] < s.values[b]; });
  std::vector<double> values;
  std::vector<std::uint32_t> incident_of;
  for (const auto i : order) {
    values.push_back(s.values[i]);
    incident_of.push_back(s.incident_of[i]);
  }
  s.values = std::move(values);
  s.incident_of = std::move(incident_of);
  std::sort(s.usd.begin(), s.usd.end());
  return s;
}

bool safe(const Stats& s, const FeeRules& r) {
  return s.persons >= r.min_persons && s.incidents >= r.min_incidents &&
         static_cast<double>(s.max_per_incident) <= r.max_share * static_cast<double>(s.observations);
}

json::value number(double v) {
  if (v == std::floor(v) && std::fabs(v) < 9e15) return static_cast<std::int64_t>(v);
  return v;
}

// usd_only: the all-currencies cell (its native figures would mix currencies).
// own: the viewer's own figures, whose extremes it may see to the cent.
json::object figures(const Stats& s, const FeeRules& r, bool usd_only, bool min_max, bool own = false) {
  json::object out;
  out["observations"] = usd_only ? static_cast<std::int64_t>(s.usd.size()) : s.observations;
  out["incidents"] = s.incidents;
  out["persons"] = s.persons;
  if (!usd_only && !s.values.empty()) {
    out["median"] = number(round_to(quantile(s.values, 0.5), r.rounding));
    out["q1"] = number(round_to(quantile(s.values, 0.25), r.rounding));
    out["q3"] = number(round_to(quantile(s.values, 0.75), r.rounding));
    if (min_max) {
      // An extreme is one observation: it is shown, rounded like the median, only when at
      // least fee_min_incidents incidents paid that rounded amount, so it is no one's fee;
      // otherwise it is left out (the cell's other figures stay).
      const auto extreme = [&](bool lowest) -> std::optional<json::value> {
        if (own) return number(std::round((lowest ? s.values.front() : s.values.back()) * 100.0) / 100.0);
        const double rounded = round_to(lowest ? s.values.front() : s.values.back(), r.rounding);
        std::set<std::uint32_t> payers;
        for (std::size_t i = 0; i < s.values.size(); ++i)
          if (round_to(s.values[i], r.rounding) == rounded) payers.insert(s.incident_of[i]);
        if (static_cast<std::int64_t>(payers.size()) < r.min_incidents) return std::nullopt;
        return number(rounded);
      };
      // Not published (absent) where it would single out one incident's fee.
      if (auto low = extreme(true)) out["min"] = std::move(*low);
      if (auto high = extreme(false)) out["max"] = std::move(*high);
    }
  }
  if (!s.usd.empty()) {
    out["usd_observations"] = static_cast<std::int64_t>(s.usd.size());
    out["usd_median"] = number(round_to(quantile(s.usd, 0.5), r.rounding));
    out["usd_q1"] = number(round_to(quantile(s.usd, 0.25), r.rounding));
    out["usd_q3"] = number(round_to(quantile(s.usd, 0.75), r.rounding));
  }
  return out;
}

// The counts of a published cell as the viewer sees them: its own part exact, the others'
// part with the noise of the others' records (docs/disclosure.md "Noise").
void perturb_counts(json::object& values, const Stats& all, const Stats& own, bool usd_only,
                    const protect::PerturbationTable& noise) {
  const auto noisy = [&](const char* name, std::int64_t total, std::int64_t mine, std::uint32_t key, int shift) {
    if (values.if_contains(name) != nullptr) values[name] = published_count(total, mine, key, shift, &noise);
  };
  const auto all_usd = static_cast<std::int64_t>(all.usd.size()), own_usd = static_cast<std::int64_t>(own.usd.size());
  // Shifts apart from the cube measures' (-1..kMeasureCount-1).
  noisy("observations", usd_only ? all_usd : all.observations, usd_only ? own_usd : own.observations,
        (usd_only ? all.usd_key - own.usd_key : all.observation_key - own.observation_key), 20);
  noisy("incidents", all.incidents, own.incidents, all.incident_key - own.incident_key, 21);
  noisy("persons", all.persons, own.persons, all.incident_key - own.incident_key, 22);
  noisy("usd_observations", all_usd, own_usd, all.usd_key - own.usd_key, 23);
}

std::string code_label(std::uint16_t v) { return v == kStar ? std::string("*") : unpack_code(v); }

}  // namespace

double quantile(const std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const double pos = p * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const auto hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

double round_to(double value, std::int64_t step) {
  const auto s = static_cast<double>(step);
  return std::round(value / s) * s;  // std::round: halves away from zero
}

double usd_rate(const FxRates& fx, const std::string& currency, int month) {
  if (currency == "USD") return 1;
  auto it = fx.find(currency);
  if (it == fx.end()) return 0;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", month / 12, month % 12 + 1);
  if (auto m = it->second.find(buf); m != it->second.end()) return m->second;
  if (auto y = it->second.find(std::string(buf, 4)); y != it->second.end()) return y->second;
  return 0;
}

void FeeTable::add(std::uint16_t origin, std::uint16_t destination, std::uint16_t currency, const FeeObservation& obs) {
  cells_[{origin, destination, currency}].push_back(obs);
  cells_[{kStar, kStar, currency}].push_back(obs);
  if (obs.has_usd) cells_[{origin, destination, kStar}].push_back(obs);
}

std::vector<FeeCellFacts> FeeTable::facts(const FeeRules& r) const {
  std::vector<FeeCellFacts> out;
  for (const auto& [key, obs] : cells_) {
    FeeCellFacts f;
    std::tie(f.origin, f.destination, f.currency) = key;
    const Stats all = stats_of(obs, [](const FeeObservation&) { return true; });
    const Stats own = stats_of(obs, [](const FeeObservation& o) { return o.own; });
    const Stats others = stats_of(obs, [](const FeeObservation& o) { return !o.own; });
    const Stats& tested = r.subtract_own ? others : all;
    f.incidents = all.incidents;
    f.persons = all.persons;
    f.own_incidents = own.incidents;
    f.own_persons = own.persons;
    f.all_usd = all.usd.size() == all.values.size();
    f.unsafe = !r.own_only && tested.observations > 0 && !safe(tested, r);
    out.push_back(f);
  }
  return out;
}

json::object FeeTable::section_with(const FeeRules& r, const std::vector<bool>& hidden) const {
  std::vector<std::pair<std::array<std::string, 3>, json::object>> sorted;
  std::size_t at = 0;
  for (const auto& [key, obs] : cells_) {
    const auto& [origin, destination, currency] = key;
    const bool usd_only = currency == kStar;
    json::object cell;
    cell["key"] = json::object{{"origin", code_label(origin)}, {"destination", code_label(destination)},
                               {"currency", code_label(currency)}};
    const Stats all = stats_of(obs, [](const FeeObservation&) { return true; });
    const Stats own = stats_of(obs, [](const FeeObservation& o) { return o.own; });
    if (hidden[at++]) {
      cell["suppressed"] = true;
      json::object values;
      for (const char* name : {"observations", "incidents", "persons", "median", "q1", "q3"}) values[name] = suppressed_value();
      if (r.show_min_max) {
        values["min"] = suppressed_value();
        values["max"] = suppressed_value();
      }
      cell["values"] = std::move(values);
    } else {
      cell["values"] = figures(all, r, usd_only, r.show_min_max);
      if (r.noise != nullptr) perturb_counts(cell["values"].as_object(), all, own, usd_only, *r.noise);
    }
    if ((r.subtract_own || r.own_only) && own.observations > 0) cell["own"] = figures(own, r, usd_only, true, true);
    sorted.emplace_back(std::array<std::string, 3>{code_label(origin), code_label(destination), code_label(currency)},
                        std::move(cell));
  }
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  json::array cells;
  for (auto& [labels, cell] : sorted) cells.push_back(std::move(cell));
  return json::object{{"title", "Fees paid per person, by route and currency"},
                      {"dimensions", json::array{"origin", "destination", "currency"}},
                      {"measures", json::array{"observations", "incidents", "persons", "median", "q1", "q3", "min", "max",
                                               "usd_observations", "usd_median", "usd_q1", "usd_q3"}},
                      {"cells", std::move(cells)}};
}

}  // namespace vrs::server::analysis
