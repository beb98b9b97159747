#include "analysis/protection.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "analysis/labels.hpp"
#include "analysis/sections.hpp"

namespace vrs::server::analysis {
namespace {

using schema::report::PeriodKind;

// The key a cell has in the disclosure registry: universe and the non-"*" dimensions sorted by
// name, so the same population in two sections is one cell.
std::string registry_key(const Cube& cube, std::uint64_t key) {
  std::vector<std::pair<std::string, std::string>> parts;
  for (std::size_t d = 0; d < cube.dims().size(); ++d) {
    const auto v = key_part(key, d);
    if (v != kStar) parts.emplace_back(cube.dims()[d].name, label(cube.dims()[d].kind, v));
  }
  std::sort(parts.begin(), parts.end());
  std::string out = universe_key(cube.universe());
  for (const auto& [n, v] : parts) {
    out += '|';
    out += n;
    out += '=';
    out += v;
  }
  return out;
}

// The quantities of a universe's cells, and which of them count persons.
CellShape shape_of(Universe universe) {
  const auto incidents = bit(Quantity::Incidents);
  switch (universe) {
    case Universe::Migrants:
      return {static_cast<std::uint8_t>(incidents | bit(Quantity::Migrants)), bit(Quantity::Migrants)};
    case Universe::Smugglers:
      return {static_cast<std::uint8_t>(incidents | bit(Quantity::Smugglers)), bit(Quantity::Smugglers)};
    case Universe::Documents:
      return {static_cast<std::uint8_t>(incidents | bit(Quantity::Documents)), bit(Quantity::Documents)};
    case Universe::Fees:
      return {static_cast<std::uint8_t>(incidents | bit(Quantity::Migrants)), bit(Quantity::Migrants)};
    case Universe::Incidents:
    case Universe::PreviousIncidents:
      break;
  }
  const auto persons = static_cast<std::uint8_t>(bit(Quantity::Migrants) | bit(Quantity::Smugglers));
  return {static_cast<std::uint8_t>(incidents | persons), persons};
}

// The modelled quantities among a section's measures.
std::uint8_t quantities_of(const std::vector<std::string_view>& measures) {
  std::uint8_t out = 0;
  for (const auto m : measures) {
    if (m == "incidents") out |= bit(Quantity::Incidents);
    if (m == "migrants") out |= bit(Quantity::Migrants);
    if (m == "smugglers") out |= bit(Quantity::Smugglers);
    if (m == "documents") out |= bit(Quantity::Documents);
  }
  return out;
}

Contribution contribution(const Acc& a) {
  Contribution c;
  c.persons = a.persons;
  c.value[static_cast<std::size_t>(Quantity::Incidents)] = a.incidents;
  c.value[static_cast<std::size_t>(Quantity::Migrants)] = a.m[kMigrants];
  c.value[static_cast<std::size_t>(Quantity::Smugglers)] = a.m[kSmugglers];
  c.value[static_cast<std::size_t>(Quantity::Documents)] = a.m[kDocuments];
  return c;
}

Registered register_cube(const Cube& cube, Disclosure& d) {
  Registered r;
  r.index.reserve(cube.cells().size());
  const CellShape shape = shape_of(cube.universe());
  for (const auto& c : cube.cells()) {
    r.index.push_back(d.cell(registry_key(cube, c.key), contribution(c.total), contribution(c.own), shape));
  }
  return r;
}

LineRelations all(Relation relation) { return {relation, relation, relation, relation}; }

// How the parts of a cube's line relate to its total. Each unit of a population falls in one
// part of a single-valued dimension, so every quantity adds up, except distinct incidents of
// migrant, smuggler and document rows: one incident may have rows in several parts, so each
// part's incidents are only at most the total's. A multi-valued dimension (methods, transits,
// abuse, conduct) puts an incident in several parts or none: each part is at most the total.
LineRelations cube_relations(const Cube& cube) {
  if (cube.multi()) return all(Relation::AtMost);
  LineRelations out = all(Relation::Sum);
  const bool per_incident = cube.universe() == Universe::Incidents || cube.universe() == Universe::PreviousIncidents;
  if (!per_incident) out[static_cast<std::size_t>(Quantity::Incidents)] = Relation::AtMost;
  return out;
}

// Lines of an additive cube: for each dimension with a margin, the cells that differ only in
// it, with their "*" cell. Multi-valued dimensions (methods, transits, abuse, conduct) are
// lines too for the one-suppressed-member rule: their parts need not add up to the total, but
// where most incidents have one value they nearly do, so that rule treats them as if they did.
// The attacker's problem takes them for what they are (at-most relations).
void add_lines(const Cube& cube, const Registered& reg, Disclosure& d) {
  const auto& cells = cube.cells();
  const LineRelations relations = cube_relations(cube);
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
      const auto t = reg.index[static_cast<std::size_t>(total - cells.data())];
      // The only part of a single-valued classification is its total (one month of data, one
      // mode of a route).
      if (parts.size() == 1 && !cube.multi()) d.same(parts[0], t);
      d.line(std::move(parts), t, relations);
    }
  }
}

// Months of a quarter add up to the quarter; whole quarters add up to a quarter/year period
// (the grand total of `universe`).
void add_quarter_lines(const Cube& quarters, const Cube& months, Universe universe, bool whole, Protection& p) {
  std::vector<std::size_t> quarter_parts;
  for (std::size_t i = 0; i < quarters.cells().size(); ++i) {
    const auto q = key_part(quarters.cells()[i].key, 0);
    std::vector<std::size_t> parts;
    for (std::size_t j = 0; j < months.cells().size(); ++j) {
      const auto mk = key_part(months.cells()[j].key, 0);
      if (mk != kStar && mk / 3 == q) parts.push_back(p.of(months).index[j]);
    }
    if (parts.size() == 1) p.disclosure.same(parts[0], p.of(quarters).index[i]);
    p.disclosure.line(std::move(parts), p.of(quarters).index[i], all(Relation::Sum));
    quarter_parts.push_back(p.of(quarters).index[i]);
  }
  const auto total = p.disclosure.find(universe_key(universe));
  if (total == Disclosure::npos) return;
  if (whole && quarter_parts.size() == 1) p.disclosure.same(quarter_parts[0], total);
  if (whole) {
    p.disclosure.line(std::move(quarter_parts), total, all(Relation::Sum));
  } else {
    // The whole quarters inside a longer range: each is at most the period (a relation the
    // viewer knows, not a line).
    p.disclosure.relation(std::move(quarter_parts), total, all(Relation::AtMost));
  }
}

}  // namespace

// Registers every published cell, what the sections publish of it (a viewer may request every
// section, so the union counts), and the lines between them: within each cube, between months
// and quarters, and the links between the grand totals of the populations.
void register_cells(const Cubes& c, PeriodKind period, Protection& p) {
  const Cube* cubes[] = {&c.months, &c.quarters, &c.routes, &c.transits, &c.methods, &c.abuse, &c.conduct,
                         &c.migrants, &c.smugglers, &c.profiles, &c.documents, &c.prev_months, &c.prev_quarters};
  for (const Cube* cube : cubes) p.cells[cube] = register_cube(*cube, p.disclosure);
  const auto publish = [&](const Cube& cube, std::uint8_t quantities) {
    for (const auto i : p.of(cube).index) p.disclosure.publish(i, quantities);
  };
  for (const Cube* trend : {&c.months, &c.quarters, &c.prev_months, &c.prev_quarters}) {
    publish(*trend, quantities_of(kTrendMeasures));
  }
  for (const Table& t : kTables) publish(c.*t.cube, quantities_of(t.measures));
  const auto grand = p.disclosure.find(universe_key(Universe::Incidents));
  if (grand != Disclosure::npos) p.disclosure.publish(grand, quantities_of(kTotalsMeasures));

  for (const Cube* cube : cubes) add_lines(*cube, p.of(*cube), p.disclosure);
  const bool whole = period == PeriodKind::Year || period == PeriodKind::Quarter;
  add_quarter_lines(c.quarters, c.months, Universe::Incidents, whole, p);
  add_quarter_lines(c.prev_quarters, c.prev_months, Universe::PreviousIncidents, whole, p);
  // Every migrant (smuggler) of the period is in the migrants (smugglers) tables, and their
  // incidents are some of all incidents: the grand totals publish each other. Incidents with
  // fraudulent documents are some of all incidents too (known to the attacker, not a line).
  const auto link = [&](Universe other, Quantity same, bool line) {
    const auto total = p.disclosure.find(universe_key(other));
    if (total == Disclosure::npos || grand == Disclosure::npos) return;
    LineRelations relations = all(Relation::None);
    relations[static_cast<std::size_t>(Quantity::Incidents)] = Relation::AtMost;
    if (line) {
      relations[static_cast<std::size_t>(same)] = Relation::Sum;
      p.disclosure.line({total}, grand, relations);
    } else {
      p.disclosure.relation({total}, grand, relations);
    }
  };
  link(Universe::Migrants, Quantity::Migrants, true);
  link(Universe::Smugglers, Quantity::Smugglers, true);
  link(Universe::Documents, Quantity::Documents, false);
}

}  // namespace vrs::server::analysis

namespace vrs::server::analysis {
namespace {

// "F|currency=…|destination=…|origin=…" without the "*" parts, as registry_key() writes keys.
std::string fee_key(const FeeCellFacts& f) {
  std::string out = universe_key(Universe::Fees);
  if (f.currency != kStar) out += "|currency=" + label(Dim::Country, f.currency);
  if (f.destination != kStar) out += "|destination=" + label(Dim::Country, f.destination);
  if (f.origin != kStar) out += "|origin=" + label(Dim::Country, f.origin);
  return out;
}

// The routes table's cell of a route ("I|destination=…|origin=…"), or the grand total.
std::string route_key(const FeeCellFacts& f) {
  std::string out = universe_key(Universe::Incidents);
  if (f.destination != kStar) out += "|destination=" + label(Dim::Country, f.destination);
  if (f.origin != kStar) out += "|origin=" + label(Dim::Country, f.origin);
  return out;
}

Contribution fee_contribution(std::int64_t incidents, std::int64_t persons) {
  Contribution c;
  c.persons = persons;
  c.value[static_cast<std::size_t>(Quantity::Incidents)] = incidents;
  c.value[static_cast<std::size_t>(Quantity::Migrants)] = persons;
  return c;
}

}  // namespace

void register_fees(const std::vector<FeeCellFacts>& fees, Protection& p) {
  Disclosure& d = p.disclosure;
  const CellShape shape = shape_of(Universe::Fees);
  LineRelations counts = all(Relation::None);
  counts[static_cast<std::size_t>(Quantity::Incidents)] = Relation::Sum;
  counts[static_cast<std::size_t>(Quantity::Migrants)] = Relation::Sum;
  LineRelations at_most = counts;
  at_most[static_cast<std::size_t>(Quantity::Incidents)] = Relation::AtMost;
  at_most[static_cast<std::size_t>(Quantity::Migrants)] = Relation::AtMost;

  p.fees.clear();
  std::map<std::uint16_t, std::vector<std::size_t>> per_currency;  // currency → its route cells
  std::map<std::uint16_t, std::size_t> all_routes;                  // currency → (*, *, currency)
  std::map<std::pair<std::uint16_t, std::uint16_t>, std::size_t> all_currencies;  // route → (o, d, *)
  for (const auto& f : fees) {
    const auto i = d.cell(fee_key(f), fee_contribution(f.incidents, f.persons),
                          fee_contribution(f.own_incidents, f.own_persons), shape);
    d.publish(i, static_cast<std::uint8_t>(bit(Quantity::Incidents) | bit(Quantity::Migrants)));
    if (f.unsafe) d.force_primary(i);
    p.fees.push_back(i);
    if (f.origin == kStar && f.currency != kStar) all_routes[f.currency] = i;
    if (f.origin != kStar && f.currency == kStar) all_currencies[{f.origin, f.destination}] = i;
    if (f.origin != kStar && f.currency != kStar) per_currency[f.currency].push_back(i);
    // Fee incidents are some of the route's incidents, their persons some of its migrants.
    const auto route = d.find(route_key(f));
    if (route != Disclosure::npos) d.relation({i}, route, at_most);
  }
  for (auto& [currency, parts] : per_currency) {
    const auto total = all_routes.find(currency);
    if (total == all_routes.end()) continue;  // cannot happen: FeeTable adds both
    if (parts.size() == 1) d.same(parts[0], total->second);
    d.line(std::move(parts), total->second, counts);
  }
  for (std::size_t k = 0; k < fees.size(); ++k) {
    const auto& f = fees[k];
    if (f.origin == kStar || f.currency == kStar || !f.all_usd) continue;
    const auto total = all_currencies.find({f.origin, f.destination});
    if (total != all_currencies.end()) d.relation({p.fees[k]}, total->second, at_most);
  }
}

}  // namespace vrs::server::analysis
