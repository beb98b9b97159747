#include "vrs/server/analysis/report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <unordered_map>

#include <boost/json.hpp>

#include "analysis/aggregate.hpp"
#include "analysis/cube.hpp"
#include "analysis/fees.hpp"
#include "analysis/labels.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/hash.hpp"
#include "vrs/server/analysis/disclosure.hpp"

namespace vrs::server::analysis {
namespace {

namespace json = boost::json;
using Key4 = std::array<std::uint16_t, 4>;

constexpr std::string_view kSections[] = {
    "totals", "trend_monthly", "trend_quarterly", "routes", "route_transits", "migrants", "smugglers",
    "smuggler_profiles", "methods", "documents", "harm", "response", "fees", "coverage"};

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

// The key a cell has in the disclosure registry: universe and the non-"*" dimensions sorted by
// name, so the same population in two sections is one cell.
std::string registry_key(const Cube& cube, std::uint64_t key) {
  std::vector<std::pair<std::string, std::string>> parts;
  for (std::size_t d = 0; d < cube.dims().size(); ++d) {
    const auto v = key_part(key, d);
    if (v != kStar) parts.emplace_back(cube.dims()[d].name, label(cube.dims()[d].kind, v));
  }
  std::sort(parts.begin(), parts.end());
  std::string out(1, cube.universe());
  for (const auto& [n, v] : parts) {
    out += '|';
    out += n;
    out += '=';
    out += v;
  }
  return out;
}

struct Registered {
  std::vector<std::size_t> index;  ///< registry index per cube cell
};

Registered register_cube(const Cube& cube, Disclosure& d) {
  Registered r;
  r.index.reserve(cube.cells().size());
  for (const auto& c : cube.cells()) {
    r.index.push_back(d.cell(registry_key(cube, c.key), {c.total.incidents, c.total.persons},
                             {c.own.incidents, c.own.persons}));
  }
  return r;
}

// Lines of an additive cube: for each dimension with a margin, the cells that differ only in
// it, with their "*" cell.
// Multi-valued dimensions (methods, transits, abuse, conduct) are lines too: their parts need
// not add up to the total, but in a data set where most incidents have one value they nearly
// do, so they are protected as if they did.
void add_lines(const Cube& cube, const Registered& reg, Disclosure& d) {
  const auto& cells = cube.cells();
  for (std::size_t dim = 0; dim < cube.dims().size(); ++dim) {
    if (!cube.dims()[dim].margin) continue;
    std::unordered_map<std::uint64_t, std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (key_part(cells[i].key, dim) == kStar) continue;
      groups[cells[i].key | (std::uint64_t{kStar} << (16 * dim))].push_back(reg.index[i]);
    }
    for (auto& [total_key, parts] : groups) {
      const Cell* total = cube.find(total_key);
      if (total == nullptr) continue;  // cannot happen: margins are added with their parts
      d.line(std::move(parts), reg.index[static_cast<std::size_t>(total - cells.data())]);
    }
  }
}

json::object values_of(const Acc& a, const std::vector<std::string_view>& measures) {
  json::object out;
  for (auto m : measures) out[m] = measure(a, m);
  return out;
}

json::object suppressed_values(const std::vector<std::string_view>& measures) {
  json::object out;
  for (auto m : measures) out[m] = suppressed_value();
  return out;
}

struct Output {
  const Disclosure& disclosure;
  bool show_own = false;  ///< reporter: own numbers beside the cell
};

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
    c["values"] = values_of(cell.total, measures);
  }
  if (out.show_own && cell.own.incidents > 0) c["own"] = values_of(cell.own, measures);
  return c;
}

std::vector<std::string_view> measures_of(std::initializer_list<std::string_view> list) { return {list}; }

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
    c["values"] = values_of(cur.acc, measures);
  }
  if (out.show_own && cur.own.incidents > 0) c["own"] = values_of(cur.own, measures);
  if (!prev.known) {
    c["previous"] = nullptr;
  } else {
    c["previous"] = prev.suppressed ? suppressed_values(measures) : values_of(prev.acc, measures);
  }
  json::object change;
  for (auto m : measures) {
    if (!prev.known) {
      change[m] = nullptr;
    } else if (cur.suppressed || prev.suppressed) {
      change[m] = suppressed_value();
    } else {
      const auto now = measure(cur.acc, m), before = measure(prev.acc, m);
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
    civil_from_days(from, y1, m, d);
    civil_from_days(to, y2, m, d);
    from = days_from_civil(y1, 1, 1);
    to = days_from_civil(y2, 12, 31);
  }
  const Code state = pack_code(in.viewer.state);
  for (const Fact& f : in.facts.facts()) {
    if (f.alive && f.state == state && f.day >= from && f.day <= to) return true;
  }
  return false;
}

}  // namespace

std::span<const std::string_view> section_names() { return kSections; }

json::object build_report(const ReportInput& in, std::string_view only) {
  const auto& req = in.request;
  const bool analyst = in.viewer.role == certs::Role::Analyst;
  const bool regional = provides_data(in);

  Selection s{in};
  s.viewer = in.facts.member_index(in.viewer.member_id);
  s.own_only = !regional;
  int y = 0, m = 0, d = 0;
  civil_from_days(req.period.from, y, m, d);
  s.first_month = y * 12 + m - 1;
  civil_from_days(req.period.to, y, m, d);
  s.last_month = y * 12 + m - 1;
  quarters_inside(req.period.from, req.period.to, s.first_quarter, s.last_quarter);
  quarters_inside(req.period.previous_from, req.period.previous_to, s.prev_first_quarter, s.prev_last_quarter);
  if (req.route_country) s.route_country = pack_code(*req.route_country);
  if (req.nationality) s.nationality = pack_code(*req.nationality);
  if (req.mode) s.mode = static_cast<int>(*schema::parse_enum<schema::TransportMode>(*req.mode));

  Cubes c;
  FeeTable fees;
  Coverage coverage;
  aggregate(s, c, fees, coverage);

  // Disclosure: register every published cell, the additive lines, then suppress.
  Disclosure disclosure;
  Cube* all[] = {&c.months, &c.quarters, &c.routes, &c.transits, &c.methods, &c.abuse, &c.conduct,
                 &c.migrants, &c.smugglers, &c.profiles, &c.documents, &c.prev_months, &c.prev_quarters};
  std::unordered_map<const Cube*, Registered> reg;
  for (Cube* cube : all) reg[cube] = register_cube(*cube, disclosure);
  for (Cube* cube : all) add_lines(*cube, reg[cube], disclosure);
  // Months of a quarter add up to the quarter; whole quarters add up to a quarter/year period.
  auto quarter_lines = [&](const Cube& qs, const Cube& ms, const std::string& total_key, bool whole) {
    std::vector<std::size_t> quarter_parts;
    for (std::size_t i = 0; i < qs.cells().size(); ++i) {
      const auto q = key_part(qs.cells()[i].key, 0);
      std::vector<std::size_t> parts;
      for (std::size_t j = 0; j < ms.cells().size(); ++j) {
        const auto mk = key_part(ms.cells()[j].key, 0);
        if (mk != kStar && mk / 3 == q) parts.push_back(reg[&ms].index[j]);
      }
      disclosure.line(std::move(parts), reg[&qs].index[i]);
      quarter_parts.push_back(reg[&qs].index[i]);
    }
    const auto total = disclosure.find(total_key);
    if (whole && total != Disclosure::npos) disclosure.line(std::move(quarter_parts), total);
  };
  const bool whole = req.period.kind == PeriodKind::Year || req.period.kind == PeriodKind::Quarter;
  quarter_lines(c.quarters, c.months, "I", whole);
  quarter_lines(c.prev_quarters, c.prev_months, "P", whole);
  // The incident totals publish the migrants and smugglers grand totals too.
  for (const char* other : {"M", "S"}) {
    const auto a = disclosure.find(other), b = disclosure.find("I");
    if (a != Disclosure::npos && b != Disclosure::npos) disclosure.line({a}, b);
  }
  DisclosureRules rules;
  rules.k = analyst ? in.disclosure.k_analyst : in.disclosure.k_reporter;
  rules.min_incidents = in.disclosure.min_incidents;
  rules.subtract_own = !analyst;
  std::size_t suppressed = regional ? disclosure.run(rules) : 0;

  const Output out{disclosure, !analyst};
  auto want = [&](std::string_view name) { return only.empty() || only == name; };
  json::object sections;
  const auto trend_measures = measures_of({"incidents", "migrants", "smugglers", "deaths", "missing"});
  if (want("totals")) {
    const auto totals_measures =
        measures_of({"incidents", "migrants", "smugglers", "deaths", "missing", "injured", "unaccompanied_children"});
    json::array cells;
    cells.push_back(trend_cell(json::object{}, point(c.months, reg[&c.months], disclosure, c.months.star_key()),
                               point(c.prev_months, reg[&c.prev_months], disclosure, c.prev_months.star_key()), out,
                               totals_measures));
    json::array ms;
    for (auto name : totals_measures) ms.push_back(json::string(name));
    sections["totals"] = json::object{{"title", "Totals"}, {"dimensions", json::array{}}, {"measures", std::move(ms)},
                                      {"cells", std::move(cells)}};
  }
  auto trend = [&](const char* name, const char* title, const char* dim, Cube& cur, Cube& prev, std::int32_t first,
                   std::int32_t last, std::function<std::string(int)> text, bool prev_known) {
    json::array cells;
    for (auto k = first; k <= last; ++k) {
      const Point p = point(cur, reg[&cur], disclosure, static_cast<std::uint64_t>(k));
      Point before;
      if (k > first) {
        before = point(cur, reg[&cur], disclosure, static_cast<std::uint64_t>(k - 1));
      } else if (prev_known) {
        before = point(prev, reg[&prev], disclosure, static_cast<std::uint64_t>(k - 1));
      }
      cells.push_back(trend_cell(json::object{{dim, text(k)}}, p, before, out, trend_measures));
    }
    if (first <= last) {
      cells.push_back(trend_cell(json::object{{dim, "*"}}, point(c.months, reg[&c.months], disclosure, c.months.star_key()),
                                 point(c.prev_months, reg[&c.prev_months], disclosure, c.prev_months.star_key()), out,
                                 trend_measures));
    }
    json::array ms;
    for (auto mname : trend_measures) ms.push_back(json::string(mname));
    sections[name] = json::object{{"title", title}, {"dimensions", json::array{json::string(dim)}},
                                  {"measures", std::move(ms)}, {"cells", std::move(cells)}};
  };
  const bool calendar = req.period.kind != PeriodKind::Range;
  if (want("trend_monthly")) {
    trend("trend_monthly", "Trend by month", "month", c.months, c.prev_months, s.first_month, s.last_month,
          month_label, calendar);
  }
  if (want("trend_quarterly")) {
    trend("trend_quarterly", "Trend by quarter", "quarter", c.quarters, c.prev_quarters, s.first_quarter,
          s.last_quarter, quarter_label, calendar && s.prev_first_quarter <= s.prev_last_quarter);
  }
  auto add = [&](const char* name, const char* title, const Cube& cube, std::initializer_list<std::string_view> ms) {
    if (want(name)) sections[name] = section(title, cube, reg[&cube], out, measures_of(ms));
  };
  add("routes", "Routes: origin to destination by mode of transport", c.routes, {"incidents", "migrants"});
  add("route_transits", "Transit countries", c.transits, {"incidents", "migrants"});
  add("migrants", "Migrants by nationality, sex and age", c.migrants, {"migrants", "incidents", "unaccompanied_children"});
  add("smugglers", "Smugglers by nationality and role", c.smugglers, {"smugglers", "incidents"});
  add("smuggler_profiles", "Smuggler profiles: role, sex and age", c.profiles, {"smugglers", "incidents"});
  add("methods", "Smuggling methods", c.methods, {"incidents", "migrants"});
  add("documents", "Document fraud: type, kind of fraud and issuer", c.documents, {"documents", "incidents"});
  add("harm", "Harm to migrants and abuse", c.abuse, {"incidents", "migrants", "deaths", "missing", "injured"});
  add("response", "Criminal-justice response by conduct", c.conduct,
      {"incidents", "investigations", "arrests", "prosecutions", "convictions"});
  if (want("fees")) {
    FeeRules fr;
    fr.min_persons = in.disclosure.fee_min_persons;
    fr.min_incidents = in.disclosure.fee_min_incidents;
    fr.max_share = in.disclosure.fee_max_share;
    fr.rounding = in.disclosure.fee_rounding;
    fr.subtract_own = !analyst && regional;
    fr.show_min_max = analyst;
    fr.own_only = !regional;
    sections["fees"] = fees.section(fr, suppressed);
  }
  if (want("coverage")) sections["coverage"] = coverage_section(s, coverage, analyst);

  json::array states;
  for (const auto& st : req.states) states.push_back(json::string(st));
  json::object filters;
  if (req.route_country) filters["route_country"] = *req.route_country;
  if (req.mode) filters["mode"] = *req.mode;
  if (req.nationality) filters["nationality"] = *req.nationality;
  json::object reciprocity{{"regional", regional},
                           {"rule", in.disclosure.reciprocity == DisclosureConfig::Reciprocity::Year     ? "year"
                                    : in.disclosure.reciprocity == DisclosureConfig::Reciprocity::Period ? "period"
                                                                                                         : "off"}};
  if (!regional) {
    reciprocity["reason"] =
        in.viewer.state + " submitted no records dated in " +
        (in.disclosure.reciprocity == DisclosureConfig::Reciprocity::Year ? "the year(s) of " : "") + req.period.label +
        ". Regional figures are shared only with states that provide data for the period (reciprocity); "
        "every figure below is your own data.";
  }
  json::object doc;
  doc["schema"] = "vrs.report/1";
  doc["name"] = only.empty() ? std::string_view("regional") : only;
  doc["parameters"] = json::object{{"region", req.region},
                                   {"states", std::move(states)},
                                   {"period", req.period.label},
                                   {"from", day_text(req.period.from)},
                                   {"to", day_text(req.period.to)},
                                   {"previous_from", day_text(req.period.previous_from)},
                                   {"previous_to", day_text(req.period.previous_to)},
                                   {"filters", std::move(filters)}};
  doc["generated_at"] = in.generated_at;
  doc["data_cutoff"] = in.facts.cutoff();
  doc["viewer"] = json::object{{"member_id", in.viewer.member_id}, {"state", in.viewer.state},
                               {"role", certs::to_string(in.viewer.role)}};
  doc["disclosure"] = json::object{{"k", rules.k},
                                   {"min_incidents", rules.min_incidents},
                                   {"fee_min_persons", in.disclosure.fee_min_persons},
                                   {"fee_min_incidents", in.disclosure.fee_min_incidents},
                                   {"fee_max_share", in.disclosure.fee_max_share},
                                   {"fee_rounding", in.disclosure.fee_rounding},
                                   {"suppressed_cells", static_cast<std::int64_t>(suppressed)}};
  doc["reciprocity"] = std::move(reciprocity);
  doc["sections"] = std::move(sections);
  return doc;
}

std::string seal_report(json::object document) {
  document.erase("sha256");
  const std::string body = json::serialize(document);
  document["sha256"] = crypto::to_hex(crypto::sha256(crypto::as_bytes(body)));
  return json::serialize(document);
}

}  // namespace vrs::server::analysis
