#include "vrs/server/analysis/report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include <boost/json.hpp>

#include "analysis/aggregate.hpp"
#include "analysis/cube.hpp"
#include "analysis/fees.hpp"
#include "analysis/labels.hpp"
#include "analysis/protection.hpp"
#include "analysis/sections.hpp"
#include "analysis/utility.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/hash.hpp"
#include "vrs/protect/perturbation.hpp"
#include "vrs/schema/report/contract.hpp"
#include "vrs/server/analysis/disclosure.hpp"

namespace vrs::server::analysis {
namespace {

namespace json = boost::json;
using schema::report::PeriodKind;

// Measure names → index in Acc::m (-1: distinct incidents).
int measure_index(std::string_view name) {
  static const std::pair<std::string_view, int> table[] = {
      {"incidents", -1}, {"migrants", kMigrants}, {"smugglers", kSmugglers}, {"deaths", kDeaths},
      {"missing", kMissing}, {"injured", kInjured}, {"unaccompanied_children", kUnaccompanied},
      {"investigations", kInvestigations}, {"arrests", kArrests}, {"prosecutions", kProsecutions},
      {"convictions", kConvictions}, {"documents", kDocuments}};
  for (const auto& [n, i] : table)
    if (n == name) return i;
  return -1;
}

std::int64_t measure(const Acc& a, std::string_view name) {
  const int i = measure_index(name);
  return i < 0 ? a.incidents : a.m[static_cast<std::size_t>(i)];
}

json::value suppressed_value() { return json::object{{"suppressed", true}}; }

json::object suppressed_values(const std::vector<std::string_view>& measures) {
  json::object out;
  for (auto m : measures) out[m] = suppressed_value();
  return out;
}

struct Output {
  const Disclosure& disclosure;
  bool show_own = false;  ///< reporter: own numbers beside the cell
  /// The cell-key noise on the others' figures (docs/disclosure.md "Noise"); null: exact.
  const protect::PerturbationTable* noise = nullptr;
};

// The figure published for one measure of a cell (cube.hpp published_count).
std::int64_t published(const Acc& total, const Acc& own, std::string_view name, const Output& out) {
  return published_count(measure(total, name), measure(own, name), total.key - own.key, measure_index(name), out.noise);
}

json::object values_of(const Acc& total, const Acc& own, const std::vector<std::string_view>& measures,
                       const Output& out) {
  json::object values;
  for (auto m : measures) values[m] = published(total, own, m, out);
  return values;
}

// The viewer's own figures (never perturbed).
json::object own_values(const Acc& own, const std::vector<std::string_view>& measures) {
  json::object values;
  for (auto m : measures) values[m] = measure(own, m);
  return values;
}

json::object cell_json(const Cube& cube, const Cell& cell, std::size_t reg, const Output& out,
                       const std::vector<std::string_view>& measures) {
  json::object key;
  for (std::size_t d = 0; d < cube.dims().size(); ++d) {
    key[cube.dims()[d].name] = label(cube.dims()[d].kind, key_part(cell.key, d));
  }
  json::object c;
  c["key"] = std::move(key);
  if (out.disclosure.suppressed(reg)) {
    c["suppressed"] = true;
    c["values"] = suppressed_values(measures);
  } else {
    c["values"] = values_of(cell.total, cell.own, measures, out);
  }
  if (out.show_own && cell.own.incidents > 0) c["own"] = own_values(cell.own, measures);
  return c;
}

json::object section(std::string_view title, const Cube& cube, const Registered& reg, const Output& out,
                     const std::vector<std::string_view>& measures) {
  std::vector<std::size_t> order(cube.cells().size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::vector<std::vector<std::string>> labels(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    for (std::size_t d = 0; d < cube.dims().size(); ++d) {
      labels[i].push_back(label(cube.dims()[d].kind, key_part(cube.cells()[i].key, d)));
    }
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return labels[a] < labels[b]; });
  json::array cells;
  for (auto i : order) cells.push_back(cell_json(cube, cube.cells()[i], reg.index[i], out, measures));
  json::array dims, ms;
  for (const auto& d : cube.dims()) dims.push_back(json::string(d.name));
  for (auto m : measures) ms.push_back(json::string(m));
  return json::object{{"title", title}, {"dimensions", std::move(dims)}, {"measures", std::move(ms)}, {"cells", std::move(cells)}};
}

// A value of a trend series: the cell (zero when nobody contributed) and whether it is hidden.
struct Point {
  Acc acc;
  Acc own;
  bool suppressed = false;
  bool known = false;
};

Point point(const Cube& cube, const Registered& reg, const Disclosure& d, std::uint64_t key) {
  Point p;
  p.known = true;
  if (const Cell* c = cube.find(key)) {
    p.acc = c->total;
    p.own = c->own;
    p.suppressed = d.suppressed(reg.index[static_cast<std::size_t>(c - cube.cells().data())]);
  }
  return p;
}

json::object trend_cell(json::object key, const Point& cur, const Point& prev, const Output& out,
                        const std::vector<std::string_view>& measures) {
  json::object c;
  c["key"] = std::move(key);
  if (cur.suppressed) {
    c["suppressed"] = true;
    c["values"] = suppressed_values(measures);
  } else {
    c["values"] = values_of(cur.acc, cur.own, measures, out);
  }
  if (out.show_own && cur.own.incidents > 0) c["own"] = own_values(cur.own, measures);
  if (!prev.known) {
    c["previous"] = nullptr;
  } else {
    c["previous"] = prev.suppressed ? suppressed_values(measures) : values_of(prev.acc, prev.own, measures, out);
  }
  json::object change;
  for (auto m : measures) {
    if (!prev.known) {
      change[m] = nullptr;
    } else if (cur.suppressed || prev.suppressed) {
      change[m] = suppressed_value();
    } else {
      const auto now = published(cur.acc, cur.own, m, out), before = published(prev.acc, prev.own, m, out);
      if (before == 0) {
        change[m] = nullptr;
      } else {
        change[m] = std::round(static_cast<double>(now - before) * 1000.0 / static_cast<double>(before)) / 10.0;
      }
    }
  }
  c["change_pct"] = std::move(change);
  return c;
}

std::string pseudonym_order(const std::string& salt, const std::string& member_id) {
  const auto digest = crypto::sha256(crypto::as_bytes(salt + '\n' + member_id));
  return crypto::to_hex(digest);
}

json::object coverage_section(const Selection& s, const Coverage& cov, bool analyst) {
  const FactStore& store = s.in.facts;
  json::array months;
  for (auto m = s.first_month; m <= s.last_month; ++m) months.push_back(json::string(month_label(m)));
  json::array counts;
  for (std::size_t k = 0; k < months.size(); ++k) {
    std::int64_t n = 0;
    for (const auto& row : cov.reported) n += row[k] ? 1 : 0;
    counts.push_back(n);
  }
  struct Row {
    std::string order, label;
    bool named = false, own = false;
    std::size_t member = 0;
  };
  std::vector<Row> rows;
  for (std::size_t i = 0; i < cov.reported.size(); ++i) {
    const bool any = std::find(cov.reported[i].begin(), cov.reported[i].end(), true) != cov.reported[i].end();
    const bool own = static_cast<std::int64_t>(i) == s.viewer;
    if (!any || (!analyst && !own)) continue;
    const auto& m = store.members()[i];
    Row r;
    r.member = i;
    r.own = own;
    r.named = m.name_opt_in || own;
    r.label = r.named ? m.state + " (" + m.member_id + ")" : std::string();
    r.order = r.named ? "0" + r.label : "1" + pseudonym_order(s.in.pseudonym_salt, m.member_id);
    rows.push_back(std::move(r));
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.order < b.order; });
  json::array members;
  std::size_t unnamed = 0;
  for (auto& r : rows) {
    if (!r.named) r.label = "Member " + std::to_string(++unnamed);
    json::array reported;
    for (bool b : cov.reported[r.member]) reported.push_back(b);
    members.push_back(json::object{{"label", r.label}, {"named", r.named}, {"own", r.own}, {"reported", std::move(reported)}});
  }
  return json::object{{"title", "Coverage: reporting members by month"},
                      {"months", std::move(months)},
                      {"reporting_members", std::move(counts)},
                      {"members", std::move(members)}};
}

// Reciprocity: did the viewer's state submit records dated in the period (or its years)?
bool provides_data(const ReportInput& in) {
  const auto rule = in.disclosure.reciprocity;
  if (in.viewer.role != certs::Role::Reporter || rule == DisclosureConfig::Reciprocity::Off) return true;
  std::int32_t from = in.request.period.from, to = in.request.period.to;
  if (rule == DisclosureConfig::Reciprocity::Year) {
    int y1 = 0, y2 = 0, m = 0, d = 0;
    schema::report::civil_from_days(from, y1, m, d);
    schema::report::civil_from_days(to, y2, m, d);
    from = schema::report::days_from_civil(y1, 1, 1);
    to = schema::report::days_from_civil(y2, 12, 31);
  }
  const Code state = pack_code(in.viewer.state);
  for (const Fact& f : in.facts.facts()) {
    if (f.alive && f.state == state && f.day >= from && f.day <= to) return true;
  }
  return false;
}

// --- the selection ----------------------------------------------------------------------------

// What the one pass over the facts selects: the viewer, the months and whole quarters of the
// period and of the previous period, and the filters as packed codes.
Selection select_facts(const ReportInput& in, bool regional) {
  const auto& req = in.request;
  Selection s{in};
  s.viewer = in.facts.member_index(in.viewer.member_id);
  s.own_only = !regional;
  int y = 0, m = 0, d = 0;
  schema::report::civil_from_days(req.period.from, y, m, d);
  s.first_month = y * 12 + m - 1;
  schema::report::civil_from_days(req.period.to, y, m, d);
  s.last_month = y * 12 + m - 1;
  quarters_inside(req.period.from, req.period.to, s.first_quarter, s.last_quarter);
  quarters_inside(req.period.previous_from, req.period.previous_to, s.prev_first_quarter, s.prev_last_quarter);
  if (req.route_country) s.route_country = pack_code(*req.route_country);
  if (req.nationality) s.nationality = pack_code(*req.nationality);
  if (req.mode) s.mode = static_cast<int>(*schema::parse_enum<schema::TransportMode>(*req.mode));
  return s;
}

// --- disclosure control -----------------------------------------------------------------------

// The viewer's rules: the analyst's or the reporter's k, and a reporter's own data subtracted.
DisclosureRules disclosure_rules(const ReportInput& in) {
  const bool analyst = in.viewer.role == certs::Role::Analyst;
  DisclosureRules rules;
  rules.k = analyst ? in.disclosure.k_analyst : in.disclosure.k_reporter;
  rules.min_incidents = in.disclosure.min_incidents;
  rules.give_back_effort = in.disclosure.give_back_effort;
  rules.subtract_own = !analyst;
  return rules;
}

// The perturbation table of the viewer's role, or null when its figures are exact. Tables are
// built once per (D, V) and kept: building one solves a small fitting problem per row.
const protect::PerturbationTable* noise_for(const ReportInput& in) {
  const bool analyst = in.viewer.role == certs::Role::Analyst;
  const auto& d = in.disclosure;
  if (!(analyst ? d.perturb_analysts : d.perturb_reporters)) return nullptr;
  static std::mutex mutex;
  static std::map<std::pair<std::int64_t, double>, std::unique_ptr<protect::PerturbationTable>> tables;
  const std::lock_guard lock(mutex);
  auto& table = tables[{d.noise_max_deviation, d.noise_variance}];
  if (!table) {
    auto made = protect::PerturbationTable::make(d.noise_max_deviation, d.noise_variance);
    // load_config() built this same table to validate the settings, so this cannot fail; if
    // it did, nothing could be published safely.
    if (!made) throw std::invalid_argument(made.error().message());
    table = std::make_unique<protect::PerturbationTable>(std::move(*made));
  }
  return table.get();
}

// --- sections ---------------------------------------------------------------------------------

json::object section_json(std::string_view title, json::array dimensions, const std::vector<std::string_view>& measures,
                          json::array cells) {
  json::array ms;
  for (auto m : measures) ms.push_back(json::string(m));
  return json::object{{"title", title}, {"dimensions", std::move(dimensions)}, {"measures", std::move(ms)},
                      {"cells", std::move(cells)}};
}

// The grand total of the period beside the previous period's, under `key`.
json::object period_total_cell(json::object key, const Cubes& c, const Protection& p, const Output& out,
                               const std::vector<std::string_view>& measures) {
  return trend_cell(std::move(key), point(c.months, p.of(c.months), p.disclosure, c.months.star_key()),
                    point(c.prev_months, p.of(c.prev_months), p.disclosure, c.prev_months.star_key()), out, measures);
}

json::object totals_section(const Cubes& c, const Protection& p, const Output& out) {
  json::array cells;
  cells.push_back(period_total_cell(json::object{}, c, p, out, kTotalsMeasures));
  return section_json("Totals", json::array{}, kTotalsMeasures, std::move(cells));
}

// One trend series: the months (or quarters) first..last of `current`, each beside the one
// before it (the last of `previous` before the first, when `previous_known`), then the total.
struct Trend {
  const char* title;
  const char* dimension;
  const Cube& current;
  const Cube& previous;
  std::int32_t first;
  std::int32_t last;
  std::string (*text)(int);
  bool previous_known;
};

json::object trend_section(const Trend& t, const Cubes& c, const Protection& p, const Output& out) {
  json::array cells;
  for (auto k = t.first; k <= t.last; ++k) {
    const Point now = point(t.current, p.of(t.current), p.disclosure, static_cast<std::uint64_t>(k));
    Point before;
    if (k > t.first) {
      before = point(t.current, p.of(t.current), p.disclosure, static_cast<std::uint64_t>(k - 1));
    } else if (t.previous_known) {
      before = point(t.previous, p.of(t.previous), p.disclosure, static_cast<std::uint64_t>(k - 1));
    }
    cells.push_back(trend_cell(json::object{{t.dimension, t.text(k)}}, now, before, out, kTrendMeasures));
  }
  if (t.first <= t.last) cells.push_back(period_total_cell(json::object{{t.dimension, "*"}}, c, p, out, kTrendMeasures));
  return section_json(t.title, json::array{json::string(t.dimension)}, kTrendMeasures, std::move(cells));
}

FeeRules fee_rules(const ReportInput& in, bool regional, const protect::PerturbationTable* noise) {
  const bool analyst = in.viewer.role == certs::Role::Analyst;
  FeeRules fr;
  fr.min_persons = in.disclosure.fee_min_persons;
  fr.min_incidents = in.disclosure.fee_min_incidents;
  fr.max_share = in.disclosure.fee_max_share;
  fr.rounding = in.disclosure.fee_rounding;
  fr.subtract_own = !analyst && regional;
  fr.show_min_max = analyst;
  fr.own_only = !regional;
  fr.noise = noise;
  return fr;
}

json::object fees_section(const FeeTable& fees, const FeeRules& rules, const Protection& p) {
  std::size_t next = 0;
  return fees.section(rules, [&](const FeeTable::Cell&) { return p.disclosure.suppressed(p.fees.at(next++)); });
}

// --- the document's other members -------------------------------------------------------------

json::object parameters_json(const AnalysisRequest& req) {
  json::array states;
  for (const auto& st : req.states) states.push_back(json::string(st));
  json::object filters;
  if (req.route_country) filters["route_country"] = *req.route_country;
  if (req.mode) filters["mode"] = *req.mode;
  if (req.nationality) filters["nationality"] = *req.nationality;
  return json::object{{"region", req.region},
                      {"states", std::move(states)},
                      {"period", req.period.label},
                      {"from", schema::report::day_text(req.period.from)},
                      {"to", schema::report::day_text(req.period.to)},
                      {"previous_from", schema::report::day_text(req.period.previous_from)},
                      {"previous_to", schema::report::day_text(req.period.previous_to)},
                      {"filters", std::move(filters)}};
}

json::object reciprocity_json(const ReportInput& in, bool regional) {
  const auto rule = in.disclosure.reciprocity;
  json::object reciprocity{{"regional", regional},
                           {"rule", rule == DisclosureConfig::Reciprocity::Year     ? "year"
                                    : rule == DisclosureConfig::Reciprocity::Period ? "period"
                                                                                    : "off"}};
  if (!regional) {
    reciprocity["reason"] =
        in.viewer.state + " submitted no records dated in " +
        (rule == DisclosureConfig::Reciprocity::Year ? "the year(s) of " : "") + in.request.period.label +
        ". Regional figures are shared only with states that provide data for the period (reciprocity); "
        "every figure below is your own data.";
  }
  return reciprocity;
}

json::object disclosure_json(const ReportInput& in, const DisclosureRules& rules, const DisclosureStats& stats,
                             std::size_t suppressed, const protect::PerturbationTable* noise, json::object by_section) {
  json::value perturbation = nullptr;
  if (noise != nullptr) {
    perturbation = json::object{{"method", "cell-key"},
                                {"max_deviation", noise->max_deviation()},
                                {"variance", noise->variance()}};
  }
  return json::object{{"perturbation", std::move(perturbation)},
                      {"k", rules.k},
                      {"min_incidents", rules.min_incidents},
                      {"fee_min_persons", in.disclosure.fee_min_persons},
                      {"fee_min_incidents", in.disclosure.fee_min_incidents},
                      {"fee_max_share", in.disclosure.fee_max_share},
                      {"fee_rounding", in.disclosure.fee_rounding},
                      {"suppressed_cells", static_cast<std::int64_t>(suppressed)},
                      {"primary_cells", static_cast<std::int64_t>(stats.primary)},
                      {"secondary_cells", static_cast<std::int64_t>(stats.secondary)},
                      {"by_section", std::move(by_section)}};
}

}  // namespace

json::object build_report(const ReportInput& in, std::string_view only, DisclosureStats* protection_stats) {
  const auto& req = in.request;
  const bool analyst = in.viewer.role == certs::Role::Analyst;
  const bool regional = provides_data(in);

  const Selection s = select_facts(in, regional);
  Cubes c;
  FeeTable fees;
  Coverage coverage;
  aggregate(s, c, fees, coverage);

  // Disclosure: register every published cell and the additive lines, then suppress.
  Protection protection;
  register_cells(c, req.period.kind, protection);
  // The attacker's problem takes every published figure as exact: the viewer of perturbed
  // figures knows less than that, so what is protected there is protected.
  const protect::PerturbationTable* noise = regional ? noise_for(in) : nullptr;
  const FeeRules fee_rules_of_viewer = fee_rules(in, regional, noise);
  register_fees(fees.facts(fee_rules_of_viewer), protection);
  const DisclosureRules rules = disclosure_rules(in);
  const std::size_t suppressed = regional ? protection.disclosure.run(rules) : 0;
  if (protection_stats != nullptr) *protection_stats = protection.disclosure.stats();

  // Own data only (no reciprocity): nothing of the others is published, nothing to perturb.
  const Output out{protection.disclosure, !analyst, noise};
  auto want = [&](std::string_view name) { return only.empty() || only == name; };
  json::object sections;
  if (want("totals")) sections["totals"] = totals_section(c, protection, out);
  const bool calendar = req.period.kind != PeriodKind::Range;
  if (want("trend_monthly")) {
    sections["trend_monthly"] = trend_section({"Trend by month", "month", c.months, c.prev_months, s.first_month,
                                               s.last_month, month_label, calendar},
                                              c, protection, out);
  }
  if (want("trend_quarterly")) {
    sections["trend_quarterly"] =
        trend_section({"Trend by quarter", "quarter", c.quarters, c.prev_quarters, s.first_quarter, s.last_quarter,
                       quarter_label, calendar && s.prev_first_quarter <= s.prev_last_quarter},
                      c, protection, out);
  }
  for (const Table& t : kTables) {
    const Cube& cube = c.*t.cube;
    if (want(t.name)) sections[t.name] = section(t.title, cube, protection.of(cube), out, t.measures);
  }
  if (want("fees")) sections["fees"] = fees_section(fees, fee_rules_of_viewer, protection);
  if (want("coverage")) sections["coverage"] = coverage_section(s, coverage, analyst);

  json::object doc;
  doc["schema"] = schema::report::kSchema;
  doc["name"] = only.empty() ? std::string_view("regional") : only;
  doc["parameters"] = parameters_json(req);
  doc["generated_at"] = in.generated_at;
  doc["data_cutoff"] = in.facts.cutoff();
  doc["viewer"] = json::object{{"member_id", in.viewer.member_id}, {"state", in.viewer.state},
                               {"role", certs::to_string(in.viewer.role)}};
  doc["disclosure"] = disclosure_json(in, rules, protection.disclosure.stats(), suppressed, out.noise,
                                      suppression_by_section(c, protection));
  doc["reciprocity"] = reciprocity_json(in, regional);
  doc["sections"] = std::move(sections);
  return doc;
}

}  // namespace vrs::server::analysis
