#include "vrs/client/report/audit.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <optional>
#include <string_view>

#include "report/document.hpp"
#include "report/text_table.hpp"
#include "vrs/client/net/https_client.hpp"

namespace vrs::client::report {
namespace {

// The quantities of the attacker's problem, as the server models them.
enum Q : std::size_t { kIncidents, kMigrants, kSmugglers, kDocuments, kQ };
constexpr std::array<std::string_view, kQ> kQuantityNames = {"incidents", "migrants", "smugglers", "documents"};

enum class Rel { None, Sum, AtMost };
using Relations = std::array<Rel, kQ>;
constexpr Relations all(Rel r) { return {r, r, r, r}; }

// How a section's cells count: the population (universe) behind them, and whether a unit may
// fall in several parts of its dimension (or none).
struct SectionKind {
  std::string_view name;
  char universe;  ///< I incidents, M migrant rows, S smuggler rows, D document rows
  bool multi;
};
constexpr SectionKind kSections[] = {
    {"totals", 'I', false},       {"trend_monthly", 'I', false}, {"trend_quarterly", 'I', false},
    {"routes", 'I', false},       {"route_transits", 'I', true}, {"migrants", 'M', false},
    {"smugglers", 'S', false},    {"smuggler_profiles", 'S', false}, {"methods", 'I', true},
    {"documents", 'D', false},    {"harm", 'I', true},           {"response", 'I', true},
};

const SectionKind* kind_of(std::string_view section) {
  for (const auto& k : kSections)
    if (k.name == section) return &k;
  return nullptr;  // fees (audited apart, fee_lines) and sections this version does not know
}

// Which quantities a population has, and the one that stands for its persons.
std::array<bool, kQ> has(char universe) {
  switch (universe) {
    case 'M': return {true, true, false, false};
    case 'S': return {true, false, true, false};
    case 'D': return {true, false, false, true};
    case 'F': return {true, true, false, false};  // fee cells: incidents and their persons (migrants)
    default: return {true, true, true, false};
  }
}
std::size_t person_quantity(char universe) {
  return universe == 'S' ? kSmugglers : universe == 'D' ? kDocuments : kMigrants;
}

struct Registered {
  char universe = 'I';
  std::string section, label;
  bool suppressed = false;
  std::array<std::optional<std::int64_t>, kQ> known;  ///< the others' share, where published
};

// The quantity a measure of a section stands for (kQ: none the audit models). A fee cell's
// `persons` are the migrants of its incidents.
std::size_t quantity_of(char universe, std::string_view measure) {
  if (universe == 'F') {
    if (measure == "incidents") return kIncidents;
    if (measure == "persons") return kMigrants;
    return kQ;
  }
  return static_cast<std::size_t>(std::find(kQuantityNames.begin(), kQuantityNames.end(), measure) -
                                  kQuantityNames.begin());
}

class Builder {
 public:
  /// The largest noise on a published figure of the others (0: exact figures).
  explicit Builder(std::int64_t noise) : noise_(noise) {}

  std::size_t cell(char universe, const Section& s, const Cell& c) {
    std::vector<std::pair<std::string, std::string>> parts;
    std::string label;
    for (std::size_t d = 0; d < s.dimensions.size(); ++d) {
      if (!label.empty()) label += ' ';
      label += s.dimensions[d] + "=" + c.key[d];
      if (c.key[d] != "*") parts.emplace_back(s.dimensions[d], c.key[d]);
    }
    std::sort(parts.begin(), parts.end());
    std::string key(1, universe);
    for (const auto& [n, v] : parts) key += "|" + n + "=" + v;
    auto [it, inserted] = index_.try_emplace(key, cells_.size());
    if (inserted) cells_.push_back({universe, s.name, label.empty() ? std::string("total") : label, false, {}});
    Registered& r = cells_[it->second];
    r.suppressed = r.suppressed || c.suppressed;
    for (std::size_t m = 0; m < s.measures.size() && m < c.values.size(); ++m) {
      const auto q = quantity_of(universe, s.measures[m]);
      if (q >= kQ || !c.values[m].is_number()) continue;
      double value = c.values[m].number;
      if (c.has_own && m < c.own.size() && c.own[m].is_number()) value -= c.own[m].number;
      r.known[q] = static_cast<std::int64_t>(value);
    }
    return it->second;
  }
  void relate(std::vector<std::size_t> parts, std::size_t total, Relations relations) {
    if (!parts.empty()) relations_.push_back({std::move(parts), total, relations});
  }
  [[nodiscard]] std::optional<std::size_t> find(const std::string& key) const {
    auto it = index_.find(key);
    return it == index_.end() ? std::nullopt : std::optional<std::size_t>(it->second);
  }
  [[nodiscard]] const std::vector<Registered>& cells() const { return cells_; }

  // One linked system per quantity; `map[q][cell]` its index there (npos: no such quantity).
  void systems(std::array<protect::LinkedSystem, kQ>& out, std::array<std::vector<std::size_t>, kQ>& map) const {
    for (std::size_t q = 0; q < kQ; ++q) {
      map[q].assign(cells_.size(), npos);
      for (std::size_t c = 0; c < cells_.size(); ++c) {
        const Registered& r = cells_[c];
        if (!has(r.universe)[q]) continue;
        map[q][c] = out[q].add_cell();
        if (!r.suppressed && r.known[q]) {
          // A figure with noise is known only within ±noise (and a count is never negative).
          if (noise_ > 0) {
            out[q].set_between(map[q][c], std::max<std::int64_t>(0, *r.known[q] - noise_), *r.known[q] + noise_);
          } else {
            out[q].set_known(map[q][c], *r.known[q]);
          }
        } else {
          out[q].set_hidden(map[q][c], r.suppressed && q == kIncidents ? 1 : 0);
        }
      }
      for (const auto& rel : relations_) {
        if (rel.relations[q] == Rel::None || map[q][rel.total] == npos) continue;
        std::vector<std::size_t> parts;
        for (const auto p : rel.parts)
          if (map[q][p] != npos) parts.push_back(map[q][p]);
        if (parts.size() != rel.parts.size()) continue;
        if (rel.relations[q] == Rel::Sum) {
          out[q].add_sum(parts, map[q][rel.total]);
        } else {
          out[q].add_at_most(parts, map[q][rel.total]);
        }
      }
    }
  }
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

 private:
  struct Relation {
    std::vector<std::size_t> parts;
    std::size_t total;
    Relations relations;
  };
  std::int64_t noise_ = 0;
  std::vector<Registered> cells_;
  std::map<std::string, std::size_t> index_;
  std::vector<Relation> relations_;
};

// The lines of one section: for each dimension, the cells that differ only in it with their
// "*" cell.
void section_lines(const Section& s, const SectionKind& kind, const std::vector<std::size_t>& ids, bool whole_quarters,
                   Builder& b) {
  Relations relations = all(Rel::Sum);
  if (kind.multi) relations = all(Rel::AtMost);
  if (kind.universe != 'I') relations[kIncidents] = Rel::AtMost;
  // Quarters inside a month range need not cover it.
  if (s.name == "trend_quarterly" && !whole_quarters) relations = all(Rel::AtMost);
  for (std::size_t d = 0; d < s.dimensions.size(); ++d) {
    std::map<std::vector<std::string>, std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < s.cells.size(); ++i) {
      if (s.cells[i].key[d] == "*") continue;
      auto total_key = s.cells[i].key;
      total_key[d] = "*";
      groups[total_key].push_back(ids[i]);
    }
    for (auto& [total_key, parts] : groups) {
      for (std::size_t i = 0; i < s.cells.size(); ++i) {
        if (s.cells[i].key == total_key) {
          b.relate(std::move(parts), ids[i], relations);
          break;
        }
      }
    }
  }
}

// The fee section: per currency, the route cells add up to the all-routes cell (incidents and
// persons; each incident has one route); every fee cell is at most its route's cell of the
// routes table, the all-routes cells at most the grand total. (A route's currency cell is at
// most its all-currencies cell only when every observation has a dollar rate, which the
// document does not say for hidden cells: that relation is left out, so the audit may find a
// fee cell wider than the server did, never narrower than the truth allows.)
void fee_lines(const Section& s, const std::vector<std::size_t>& ids, Builder& b) {
  const auto origin = s.dimension("origin"), destination = s.dimension("destination"), currency = s.dimension("currency");
  if (!origin || !destination || !currency) return;
  Relations counts = all(Rel::None);
  counts[kIncidents] = Rel::Sum;
  counts[kMigrants] = Rel::Sum;
  Relations at_most = all(Rel::None);
  at_most[kIncidents] = Rel::AtMost;
  at_most[kMigrants] = Rel::AtMost;
  std::map<std::string, std::vector<std::size_t>> routes;  // currency → its route cells
  std::map<std::string, std::size_t> all_routes;            // currency → its all-routes cell
  for (std::size_t i = 0; i < s.cells.size(); ++i) {
    const auto& k = s.cells[i].key;
    const std::string& o = k[*origin];
    const std::string& d = k[*destination];
    const std::string& c = k[*currency];
    if (o == "*" && d == "*" && c != "*") all_routes[c] = ids[i];
    if (o != "*" && d != "*" && c != "*") routes[c].push_back(ids[i]);
    std::string route = "I";
    if (d != "*") route += "|destination=" + d;
    if (o != "*") route += "|origin=" + o;
    if ((o == "*") == (d == "*")) {
      if (const auto cell = b.find(route)) b.relate({ids[i]}, *cell, at_most);
    }
  }
  for (auto& [c, parts] : routes) {
    const auto total = all_routes.find(c);
    if (total != all_routes.end()) b.relate(std::move(parts), total->second, counts);
  }
}

// Labels are shown whole (made printable, never cut).
constexpr std::size_t kWhole = std::numeric_limits<std::size_t>::max();

std::string interval_text(const protect::Interval& i) {
  if (i.unbounded) return ">= " + std::to_string(i.low);
  return "[" + std::to_string(i.low) + ", " + std::to_string(i.high) + "]";
}

}  // namespace

Result<ReportAudit> audit_report(const boost::json::object& json) {
  VRS_TRY(const Document doc, read_document(json));
  ReportAudit out;
  if (!doc.disclosure.k.is_number() || !doc.disclosure.min_incidents.is_number()) {
    return fail(ErrorCode::InvalidArgument, "report: disclosure.k and disclosure.min_incidents are required for an audit");
  }
  out.k = static_cast<std::int64_t>(doc.disclosure.k.number);
  out.min_incidents = static_cast<std::int64_t>(doc.disclosure.min_incidents.number);
  const bool whole_quarters = doc.period.size() == 4 || doc.period.find("-Q") != std::string::npos;
  std::int64_t noise = 0;
  if (doc.disclosure.noise_max_deviation.is_number()) {
    const double d = doc.disclosure.noise_max_deviation.number;
    if (!(d >= 0 && d <= 1000) || d != static_cast<double>(static_cast<std::int64_t>(d))) {
      return fail(ErrorCode::InvalidArgument, "report: disclosure.perturbation.max_deviation " +
                                                  doc.disclosure.noise_max_deviation.text + " is not a whole number in 0..1000");
    }
    noise = static_cast<std::int64_t>(d);
  }
  out.noise = noise;

  Builder b(noise);
  const Section* fees = nullptr;
  for (const Section& s : doc.sections) {
    if (s.name == "fees") fees = &s;
    const SectionKind* kind = kind_of(s.name);
    if (kind == nullptr) continue;
    std::vector<std::size_t> ids;
    for (const Cell& c : s.cells) ids.push_back(b.cell(kind->universe, s, c));
    section_lines(s, *kind, ids, whole_quarters, b);
  }
  // Fee cells, after the routes table they are linked to.
  if (fees != nullptr) {
    std::vector<std::size_t> ids;
    for (const Cell& c : fees->cells) ids.push_back(b.cell('F', *fees, c));
    fee_lines(*fees, ids, b);
  }
  // Months of a quarter add up to the quarter.
  if (const Section* quarters = doc.section("trend_quarterly")) {
    for (const Cell& q : quarters->cells) {
      if (q.key.size() != 1 || q.key[0].size() != 7 || q.key[0][5] != 'Q') continue;
      const auto quarter = b.find("I|quarter=" + q.key[0]);
      if (!quarter) continue;
      const int n = q.key[0][6] - '0';
      std::vector<std::size_t> months;
      bool complete = true;
      for (int m = 3 * n - 2; m <= 3 * n; ++m) {
        const std::string month = q.key[0].substr(0, 4) + (m < 10 ? "-0" : "-") + std::to_string(m);
        const auto cell = b.find("I|month=" + month);
        if (!cell) complete = false;
        if (cell) months.push_back(*cell);
      }
      if (complete) b.relate(std::move(months), *quarter, all(Rel::Sum));
    }
  }
  // Every migrant (smuggler) is in the migrants (smugglers) tables; any population's incidents
  // are some of all incidents.
  if (const auto grand = b.find("I")) {
    for (const auto& [universe, same] : {std::pair{'M', kMigrants}, std::pair{'S', kSmugglers}, std::pair{'D', kDocuments}}) {
      const auto total = b.find(std::string(1, universe));
      if (!total) continue;
      Relations relations = all(Rel::None);
      relations[kIncidents] = Rel::AtMost;
      if (universe != 'D') relations[same] = Rel::Sum;
      b.relate({*total}, *grand, relations);
    }
  }

  std::array<protect::LinkedSystem, kQ> systems;
  std::array<std::vector<std::size_t>, kQ> map;
  b.systems(systems, map);
  for (std::size_t c = 0; c < b.cells().size(); ++c) {
    const Registered& r = b.cells()[c];
    if (!r.suppressed) continue;
    CellAudit a;
    a.section = r.section;
    a.cell = r.label;
    const auto pq = person_quantity(r.universe);
    a.persons_measure = std::string(kQuantityNames[pq]);
    VRS_TRY(a.incidents, systems[kIncidents].interval(map[kIncidents][c]));
    VRS_TRY(a.persons, systems[pq].interval(map[pq][c]));
    const auto settled = [](const protect::Interval& i, std::int64_t level) { return i.width() >= level || i.low >= level; };
    a.ok = settled(a.incidents, out.min_incidents) && settled(a.persons, out.k);
    if (!a.ok) ++out.narrow;
    out.cells.push_back(std::move(a));
  }
  return out;
}

std::string format_report_audit(const ReportAudit& audit) {
  // Section names and cell keys come from the document: made safe for the terminal.
  Table table{{"SECTION", "CELL", "INCIDENTS", "PERSONS", "VERDICT"}, {false, false, false, false, false}, {}};
  for (const auto& c : audit.cells) {
    table.rows.push_back({net::printable(c.section, kWhole), net::printable(c.cell, kWhole), interval_text(c.incidents),
                          c.persons_measure + " " + interval_text(c.persons), c.ok ? "protected" : "NARROW"});
  }
  return table.str() + std::to_string(audit.cells.size()) + " suppressed cells: " +
         std::to_string(audit.cells.size() - audit.narrow) + " protected, " + std::to_string(audit.narrow) +
         " narrower than the protection level (k = " + std::to_string(audit.k) + " persons, " +
         std::to_string(audit.min_incidents) + " incidents" +
         (audit.noise > 0 ? "; published figures known within ±" + std::to_string(audit.noise) : std::string()) + ")\n";
}

}  // namespace vrs::client::report
