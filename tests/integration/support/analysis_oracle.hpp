#pragma once
// The independent oracle of the analysis integration test (server_analyses_test.cpp): a second,
// deliberately simple computation of the report's figures by plain loops over the records the
// test itself submitted, keeping the latest active version of each (member, ref), filtered by
// the reporting member's state (the region), the detection date (a `YYYY-MM` date counts on the
// 1st of its month) and the filters. It shares no code with the server's analysis engine.
//
// Quantiles (fees): the values of a cell sorted, v[0..n-1]; quantile p is at position
// p*(n-1), linearly interpolated between its neighbours (v[i] + f*(v[i+1]-v[i])), then rounded
// to the nearest multiple of fee_rounding with halves away from zero (std::round). q1 = 0.25,
// median = 0.5, q3 = 0.75. Per-group fees are divided by the incident's migrant total first.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "vrs/schema/enums.hpp"
#include "vrs/schema/model.hpp"
#include "vrs/server/config.hpp"

namespace vrs::test::analysis_oracle {

using vrs::server::DisclosureConfig;
using vrs::server::FxRates;

template <class... A>
std::string cat(const A&... parts) {
  std::ostringstream out;
  (out << ... << parts);
  return out.str();
}

// ---- Dates -------------------------------------------------------------------------------------

using Day = std::chrono::sys_days;

Day ymd(int y, int m, int d);
Day month_first(int index);
Day month_last(int index);
int month_index(int y, int m);

std::string day_text(Day day);
std::string month_label(int index);
std::string quarter_label(int index);  // index = year * 4 + quarter - 1
int month_of(Day day);
Day record_day(const schema::Incident& r);

// ---- Records -------------------------------------------------------------------------------------

constexpr auto kOrigin = schema::RouteRole::Origin;
constexpr auto kTransit = schema::RouteRole::Transit;
constexpr auto kDestination = schema::RouteRole::Destination;
constexpr auto kAir = schema::TransportMode::Air;
constexpr auto kLand = schema::TransportMode::Land;
constexpr auto kSea = schema::TransportMode::Sea;
constexpr auto kUnknownMode = schema::TransportMode::Unknown;
constexpr auto kMale = schema::Sex::Male;
constexpr auto kFemale = schema::Sex::Female;
constexpr auto kUnknownSex = schema::Sex::Unknown;
constexpr auto kAdult = schema::MigrantAge::Adult;
constexpr auto kChild = schema::MigrantAge::Child;
constexpr auto kUnknownAge = schema::MigrantAge::Unknown;
constexpr auto kPerPerson = schema::FeeBasis::Person;
constexpr auto kPerGroup = schema::FeeBasis::Group;

struct Stored {
  std::string member;
  std::string state;
  schema::Incident rec;
};

/// What the server should hold: the latest version of each (member, ref); withdrawn = gone.
struct Ledger {
  std::map<std::pair<std::string, std::string>, std::optional<Stored>> latest;

  void apply(const std::string& member, const schema::Incident& r) {
    auto& slot = latest[{member, r.ref}];
    if (r.status == schema::RecordStatus::Withdrawn)
      slot.reset();
    else
      slot = Stored{member, member.substr(0, 3), r};
  }
  [[nodiscard]] std::vector<const Stored*> active() const {
    std::vector<const Stored*> out;
    for (const auto& [key, slot] : latest)
      if (slot) out.push_back(&*slot);
    return out;
  }
};

// ---- Queries -------------------------------------------------------------------------------------

struct Query {
  std::string region;
  std::vector<std::string> states;  ///< sorted; empty = every state
  std::string period;
  char kind = 'Y';  ///< Y(ear), Q(uarter), M(onth), R(ange)
  Day from, to, prev_from, prev_to;
  std::vector<std::pair<std::string, std::string>> filters;

  [[nodiscard]] std::string params() const {
    std::string out = cat("region=", region, "&period=", period);
    for (const auto& [k, v] : filters) out += cat("&", k, "=", v);
    return out;
  }
  [[nodiscard]] std::string filter(const std::string& name) const {
    for (const auto& [k, v] : filters)
      if (k == name) return v;
    return {};
  }
};

Query year_query(const std::string& region, std::vector<std::string> states, int y);
Query quarter_query(const std::string& region, std::vector<std::string> states, int y, int quarter);
Query month_query(const std::string& region, std::vector<std::string> states, int y, int m);
/// The months y1-m1 .. y2-m2 (periods are whole months).
Query range_query(const std::string& region, std::vector<std::string> states, int y1, int m1, int y2, int m2);

bool in_region(const Stored& s, const Query& q);
bool passes_filters(const schema::Incident& r, const Query& q);
std::vector<const Stored*> select(const Ledger& ledger, const Query& q, Day from, Day to, bool filters = true);

// ---- The second computation -------------------------------------------------------------------

using Key = std::vector<std::string>;

struct Spec {
  std::string name;
  std::vector<std::string> dims;
  std::vector<std::string> measures;
  bool multi = false;          ///< a multi-valued dimension: cells do not add up to "*"
  bool incident_based = true;  ///< persons = migrants + smugglers of the contributing incidents
};

const std::vector<Spec>& specs();
const Spec& spec(const std::string& name);

std::int64_t migrants_of(const schema::Incident& r);
std::int64_t smugglers_of(const schema::Incident& r);
std::map<std::string, std::int64_t> incident_measures(const schema::Incident& r);

std::string route_end(const schema::Incident& r, schema::RouteRole role);
/// The one mode of all legs with a known mode, "mixed" when they differ, "unknown" when none.
std::string route_mode(const schema::Incident& r);

struct Acc {
  std::map<std::string, std::int64_t> sums;
  std::set<const Stored*> incidents;
  std::int64_t persons = 0;  ///< for primary suppression
};
using Table = std::map<Key, Acc>;

void add_incident(Table& t, const Spec& sp, const Stored* s, const std::set<Key>& keys);
/// A group adds to every key with each dimension either its value or "*".
void add_group(Table& t, const Stored* s, const Key& values, const std::map<std::string, std::int64_t>& deltas,
               std::int64_t persons);
std::set<Key> star_combinations(const Key& values);

Table compute(const Spec& sp, const std::vector<const Stored*>& recs, const Query& q);

std::map<std::string, std::int64_t> values_of(const Spec& sp, const Acc& a);
std::map<std::string, std::int64_t> zero_values(const Spec& sp);

// Fees.
struct FeeAcc {
  std::vector<double> values;  ///< per-person amounts (USD for the currency "*" cells)
  std::vector<const Stored*> payer;  ///< per value, its incident
  std::vector<double> usd;
  std::map<const Stored*, std::int64_t> per_incident;  ///< observations per incident
};
using FeeTable = std::map<Key, FeeAcc>;

/// USD per unit for the observation's month, else its year. US dollars need no rate (open
/// point: docs/reports.md says "only observations with a configured rate").
std::optional<double> fx_rate(const FxRates& fx, const std::string& currency, const schema::Incident& r);

FeeTable compute_fees(const std::vector<const Stored*>& recs, const FxRates& fx);
std::int64_t fee_persons(const FeeAcc& a);
bool fee_publishable(const FeeAcc& a, const DisclosureConfig& dc);
/// Position p*(n-1), linear interpolation (unrounded).
double quantile(std::vector<double> v, double p);
/// `got` is `raw` rounded to a multiple of `step`, halves away from zero (either neighbour when
/// `raw` is a half within floating-point noise).
bool rounds_to(double got, double raw, std::int64_t step);

}  // namespace vrs::test::analysis_oracle
