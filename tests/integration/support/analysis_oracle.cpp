#include "analysis_oracle.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace vrs::test::analysis_oracle {

// ---- Dates -------------------------------------------------------------------------------------

Day ymd(int y, int m, int d) {
  return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                     std::chrono::day{static_cast<unsigned>(d)}};
}
Day month_first(int index) { return ymd(index / 12, index % 12 + 1, 1); }
Day month_last(int index) { return month_first(index + 1) - std::chrono::days{1}; }
int month_index(int y, int m) { return y * 12 + m - 1; }

std::string day_text(Day day) {
  const std::chrono::year_month_day d{day};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}
std::string month_label(int index) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", index / 12, index % 12 + 1);
  return buf;
}
std::string quarter_label(int index) {  // index = year * 4 + quarter - 1
  return cat(index / 4, "-Q", index % 4 + 1);
}
int month_of(Day day) {
  const std::chrono::year_month_day d{day};
  return month_index(static_cast<int>(d.year()), static_cast<int>(static_cast<unsigned>(d.month())));
}
Day record_day(const schema::Incident& r) { return ymd(r.date.year, r.date.month, r.date.day.value_or(1)); }

// ---- Queries -------------------------------------------------------------------------------------

Query year_query(const std::string& region, std::vector<std::string> states, int y) {
  Query q{region, std::move(states), std::to_string(y), 'Y', ymd(y, 1, 1), ymd(y, 12, 31), ymd(y - 1, 1, 1),
          ymd(y - 1, 12, 31), {}};
  std::sort(q.states.begin(), q.states.end());
  return q;
}
Query quarter_query(const std::string& region, std::vector<std::string> states, int y, int quarter) {
  const int first = month_index(y, 3 * quarter - 2);
  Query q{region, std::move(states), cat(y, "-Q", quarter), 'Q', month_first(first), month_last(first + 2),
          month_first(first - 3), month_last(first - 1), {}};
  std::sort(q.states.begin(), q.states.end());
  return q;
}
Query month_query(const std::string& region, std::vector<std::string> states, int y, int m) {
  const int i = month_index(y, m);
  Query q{region, std::move(states), month_label(i), 'M', month_first(i), month_last(i), month_first(i - 1),
          month_last(i - 1), {}};
  std::sort(q.states.begin(), q.states.end());
  return q;
}
Query range_query(const std::string& region, std::vector<std::string> states, int y1, int m1, int y2, int m2) {
  // Whole months; the previous period is as many months just before.
  const int first = month_index(y1, m1), last = month_index(y2, m2);
  Query q{region, std::move(states), cat(month_label(first), "..", month_label(last)), 'R', month_first(first),
          month_last(last), month_first(first - (last - first + 1)), month_last(first - 1), {}};
  std::sort(q.states.begin(), q.states.end());
  return q;
}

bool in_region(const Stored& s, const Query& q) {
  return q.states.empty() || std::binary_search(q.states.begin(), q.states.end(), s.state);
}
bool passes_filters(const schema::Incident& r, const Query& q) {
  const auto country = q.filter("route_country");
  if (!country.empty() &&
      std::none_of(r.route.begin(), r.route.end(), [&](const schema::RouteLeg& l) { return l.country == country; }))
    return false;
  const auto mode = q.filter("mode");
  if (!mode.empty() && std::none_of(r.route.begin(), r.route.end(),
                                    [&](const schema::RouteLeg& l) { return schema::to_string(l.mode) == mode; }))
    return false;
  const auto nat = q.filter("nationality");
  if (!nat.empty() && std::none_of(r.migrants.begin(), r.migrants.end(),
                                   [&](const schema::MigrantGroup& g) { return g.nationality == nat; }))
    return false;
  return true;
}
std::vector<const Stored*> select(const Ledger& ledger, const Query& q, Day from, Day to, bool filters) {
  std::vector<const Stored*> out;
  for (const Stored* s : ledger.active()) {
    const Day d = record_day(s->rec);
    if (d < from || d > to || !in_region(*s, q)) continue;
    if (filters && !passes_filters(s->rec, q)) continue;
    out.push_back(s);
  }
  return out;
}

// ---- The second computation -------------------------------------------------------------------

const std::vector<Spec>& specs() {
  static const std::vector<Spec> all = {
      {"totals", {}, {"incidents", "migrants", "smugglers", "deaths", "missing", "injured", "unaccompanied_children"}},
      {"trend_monthly", {"month"}, {"incidents", "migrants", "smugglers", "deaths", "missing"}},
      {"trend_quarterly", {"quarter"}, {"incidents", "migrants", "smugglers", "deaths", "missing"}},
      {"routes", {"origin", "destination", "mode"}, {"incidents", "migrants"}},
      {"route_transits", {"transit"}, {"incidents", "migrants"}, true},
      {"migrants", {"nationality", "sex", "age"}, {"migrants", "incidents", "unaccompanied_children"}, false, false},
      {"smugglers", {"nationality", "role"}, {"smugglers", "incidents"}, false, false},
      {"smuggler_profiles", {"role", "sex", "age"}, {"smugglers", "incidents"}, false, false},
      {"methods", {"method"}, {"incidents", "migrants"}, true},
      {"documents", {"type", "fraud", "issuer"}, {"documents", "incidents"}, false, false},
      {"harm", {"abuse"}, {"incidents", "migrants", "deaths", "missing", "injured"}, true},
      {"response", {"conduct"}, {"incidents", "investigations", "arrests", "prosecutions", "convictions"}, true},
  };
  return all;
}
const Spec& spec(const std::string& name) {
  for (const auto& s : specs())
    if (s.name == name) return s;
  throw std::logic_error(cat("no spec ", name));
}

std::int64_t migrants_of(const schema::Incident& r) {
  std::int64_t n = 0;
  for (const auto& g : r.migrants) n += g.count;
  return n;
}
std::int64_t smugglers_of(const schema::Incident& r) {
  std::int64_t n = 0;
  for (const auto& g : r.smugglers) n += g.count;
  return n;
}
std::map<std::string, std::int64_t> incident_measures(const schema::Incident& r) {
  std::int64_t unaccompanied = 0;
  for (const auto& g : r.migrants) unaccompanied += g.unaccompanied_children;
  return {{"migrants", migrants_of(r)},
          {"smugglers", smugglers_of(r)},
          {"deaths", r.harm.deaths},
          {"missing", r.harm.missing},
          {"injured", r.harm.injured},
          {"unaccompanied_children", unaccompanied},
          {"investigations", r.response.investigations},
          {"arrests", r.response.arrests},
          {"prosecutions", r.response.prosecutions},
          {"convictions", r.response.convictions}};
}

std::string route_end(const schema::Incident& r, schema::RouteRole role) {
  for (const auto& l : r.route)
    if (l.role == role) return l.country;
  return "XXX";
}
std::string route_mode(const schema::Incident& r) {
  std::set<schema::TransportMode> known;
  for (const auto& l : r.route)
    if (l.mode != kUnknownMode) known.insert(l.mode);
  if (known.empty()) return "unknown";
  if (known.size() > 1) return "mixed";
  return std::string(schema::to_string(*known.begin()));
}

void add_incident(Table& t, const Spec& sp, const Stored* s, const std::set<Key>& keys) {
  const auto m = incident_measures(s->rec);
  for (const auto& k : keys) {
    auto& a = t[k];
    if (!a.incidents.insert(s).second) continue;
    for (const auto& name : sp.measures)
      if (name != "incidents") a.sums[name] += m.at(name);
    a.persons += m.at("migrants") + m.at("smugglers");
  }
}
void add_group(Table& t, const Stored* s, const Key& values, const std::map<std::string, std::int64_t>& deltas,
               std::int64_t persons) {
  const std::size_t n = values.size();
  for (std::size_t mask = 0; mask < (std::size_t{1} << n); ++mask) {
    Key k = values;
    for (std::size_t i = 0; i < n; ++i)
      if ((mask >> i) & 1U) k[i] = "*";
    auto& a = t[k];
    a.incidents.insert(s);
    for (const auto& [name, v] : deltas) a.sums[name] += v;
    a.persons += persons;
  }
}
std::set<Key> star_combinations(const Key& values) {
  std::set<Key> out;
  for (std::size_t mask = 0; mask < (std::size_t{1} << values.size()); ++mask) {
    Key k = values;
    for (std::size_t i = 0; i < values.size(); ++i)
      if ((mask >> i) & 1U) k[i] = "*";
    out.insert(k);
  }
  return out;
}

Table compute(const Spec& sp, const std::vector<const Stored*>& recs, const Query& q) {
  Table t;
  for (const Stored* s : recs) {
    const auto& r = s->rec;
    const std::string& n = sp.name;
    if (n == "totals") {
      add_incident(t, sp, s, {Key{}});
    } else if (n == "trend_monthly") {
      add_incident(t, sp, s, {Key{"*"}, Key{month_label(month_of(record_day(r)))}});
    } else if (n == "trend_quarterly") {
      std::set<Key> keys{Key{"*"}};
      const int m = month_of(record_day(r));
      const int first = m - m % 3;
      if (month_first(first) >= q.from && month_last(first + 2) <= q.to) keys.insert(Key{quarter_label(m / 3)});
      add_incident(t, sp, s, keys);
    } else if (n == "routes") {
      add_incident(t, sp, s, star_combinations({route_end(r, kOrigin), route_end(r, kDestination), route_mode(r)}));
    } else if (n == "route_transits") {
      std::set<Key> keys{Key{"*"}};
      for (const auto& l : r.route)
        if (l.role == kTransit) keys.insert(Key{l.country});
      add_incident(t, sp, s, keys);
    } else if (n == "methods") {
      std::set<Key> keys{Key{"*"}};
      for (auto m : r.methods) keys.insert(Key{std::string(schema::to_string(m))});
      add_incident(t, sp, s, keys);
    } else if (n == "harm") {
      std::set<Key> keys{Key{"*"}};
      for (auto a : r.harm.abuse) keys.insert(Key{std::string(schema::to_string(a))});
      add_incident(t, sp, s, keys);
    } else if (n == "response") {
      std::set<Key> keys{Key{"*"}};
      for (auto c : r.conduct) keys.insert(Key{std::string(schema::to_string(c))});
      add_incident(t, sp, s, keys);
    } else if (n == "migrants") {
      for (const auto& g : r.migrants)
        add_group(t, s, {g.nationality, std::string(schema::to_string(g.sex)), std::string(schema::to_string(g.age))},
                  {{"migrants", g.count}, {"unaccompanied_children", g.unaccompanied_children}}, g.count);
    } else if (n == "smugglers") {
      for (const auto& g : r.smugglers)
        add_group(t, s, {g.nationality, std::string(schema::to_string(g.role))}, {{"smugglers", g.count}}, g.count);
    } else if (n == "smuggler_profiles") {
      for (const auto& g : r.smugglers)
        add_group(t, s,
                  {std::string(schema::to_string(g.role)), std::string(schema::to_string(g.sex)),
                   std::string(schema::to_string(g.age))},
                  {{"smugglers", g.count}}, g.count);
    } else if (n == "documents") {
      for (const auto& g : r.documents)
        add_group(t, s, {std::string(schema::to_string(g.type)), std::string(schema::to_string(g.fraud)), g.issuer},
                  {{"documents", g.count}}, g.count);
    }
  }
  return t;
}

std::map<std::string, std::int64_t> values_of(const Spec& sp, const Acc& a) {
  std::map<std::string, std::int64_t> out;
  for (const auto& m : sp.measures) {
    if (m == "incidents") {
      out[m] = static_cast<std::int64_t>(a.incidents.size());
    } else {
      auto it = a.sums.find(m);
      out[m] = it == a.sums.end() ? 0 : it->second;
    }
  }
  return out;
}
std::map<std::string, std::int64_t> zero_values(const Spec& sp) {
  std::map<std::string, std::int64_t> out;
  for (const auto& m : sp.measures) out[m] = 0;
  return out;
}

std::optional<double> fx_rate(const FxRates& fx, const std::string& currency, const schema::Incident& r) {
  auto c = fx.find(currency);
  if (c == fx.end()) return currency == "USD" ? std::optional<double>(1.0) : std::nullopt;
  const int m = month_index(r.date.year, r.date.month);
  if (auto it = c->second.find(month_label(m)); it != c->second.end()) return it->second;
  if (auto it = c->second.find(std::to_string(r.date.year)); it != c->second.end()) return it->second;
  return std::nullopt;
}

FeeTable compute_fees(const std::vector<const Stored*>& recs, const FxRates& fx) {
  FeeTable t;
  for (const Stored* s : recs) {
    const auto& r = s->rec;
    const std::int64_t persons = migrants_of(r);
    const std::string o = route_end(r, kOrigin);
    const std::string d = route_end(r, kDestination);
    for (const auto& f : r.fees) {
      double value = static_cast<double>(f.amount_minor) / 100.0;
      if (f.per == kPerGroup) {
        if (persons == 0) continue;
        value /= static_cast<double>(persons);
      }
      const auto rate = fx_rate(fx, f.currency, r);
      std::optional<double> usd;
      if (rate) usd = value * *rate;
      for (const Key& k : {Key{o, d, f.currency}, Key{"*", "*", f.currency}}) {
        auto& a = t[k];
        a.values.push_back(value);
        a.payer.push_back(s);
        if (usd) a.usd.push_back(*usd);
        ++a.per_incident[s];
      }
      if (usd) {  // the route in all currencies, in USD (no all-routes, all-currencies cell)
        auto& a = t[Key{o, d, "*"}];
        a.values.push_back(*usd);
        a.payer.push_back(s);
        a.usd.push_back(*usd);
        ++a.per_incident[s];
      }
    }
  }
  return t;
}
std::int64_t fee_persons(const FeeAcc& a) {
  std::int64_t n = 0;
  for (const auto& [s, count] : a.per_incident) n += migrants_of(s->rec);
  return n;
}
bool fee_publishable(const FeeAcc& a, const DisclosureConfig& dc) {
  if (a.values.empty()) return false;
  std::int64_t most = 0;
  for (const auto& [s, count] : a.per_incident) most = std::max(most, count);
  return fee_persons(a) >= dc.fee_min_persons && static_cast<std::int64_t>(a.per_incident.size()) >= dc.fee_min_incidents &&
         static_cast<double>(most) / static_cast<double>(a.values.size()) <= dc.fee_max_share;
}
double quantile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double pos = p * static_cast<double>(v.size() - 1);
  const auto i = static_cast<std::size_t>(std::floor(pos));
  const double f = pos - static_cast<double>(i);
  if (i + 1 >= v.size()) return v[i];
  return v[i] + f * (v[i + 1] - v[i]);
}
bool rounds_to(double got, double raw, std::int64_t step) {
  const double s = static_cast<double>(step);
  const double q = raw / s;
  const double expected = std::round(q) * s;
  const double tolerance = 1e-6 * std::max(1.0, std::fabs(expected));
  if (std::fabs(got - expected) <= tolerance) return true;
  if (std::fabs(std::fabs(q - std::trunc(q)) - 0.5) < 1e-7) {
    const double other = (std::round(q) - (q > 0 ? 1.0 : -1.0)) * s;
    return std::fabs(got - other) <= tolerance;
  }
  return false;
}

}  // namespace vrs::test::analysis_oracle
