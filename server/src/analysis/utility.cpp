#include "analysis/utility.hpp"

#include <cstdint>

#include "analysis/sections.hpp"

namespace vrs::server::analysis {
namespace {

// Below this many persons in a section its share is not given: rounded to 10 points, the share
// of a smaller section would bound the hidden persons more tightly than k.
constexpr std::int64_t kMinPersonsForShare = 50;

// The section's figures: every cell it lists counts for primary/secondary; the persons share is
// over its finest cells (no dimension at "*"), or over `only` when given.
boost::json::object figures(const Cube& cube, const Protection& p, const Cell* only = nullptr) {
  const Registered& reg = p.of(cube);
  const Disclosure& d = p.disclosure;
  std::int64_t primary = 0, secondary = 0, persons = 0, hidden = 0;
  for (std::size_t i = 0; i < cube.cells().size(); ++i) {
    const Cell& cell = cube.cells()[i];
    const auto r = reg.index[i];
    const bool suppressed = d.suppressed(r);
    if (only == nullptr || only == &cell) {
      primary += suppressed && d.primary(r) ? 1 : 0;
      secondary += suppressed && !d.primary(r) ? 1 : 0;
    }
    bool finest = true;
    for (std::size_t dim = 0; dim < cube.dims().size(); ++dim) finest = finest && key_part(cell.key, dim) != kStar;
    if (only != nullptr ? only != &cell : !finest) continue;
    persons += cell.total.persons;
    if (suppressed) hidden += cell.total.persons;
  }
  boost::json::object out{{"primary_cells", primary}, {"secondary_cells", secondary}};
  if (persons >= kMinPersonsForShare) {
    // Rounded to the nearest 10 percentage points.
    out["persons_share_pct"] = ((hidden * 100 + persons * 5) / persons) / 10 * 10;
  } else {
    out["persons_share_pct"] = nullptr;
  }
  return out;
}

}  // namespace

boost::json::object suppression_by_section(const Cubes& c, const Protection& p) {
  boost::json::object out;
  out["totals"] = figures(c.months, p, c.months.find(c.months.star_key()));
  out["trend_monthly"] = figures(c.months, p);
  auto quarterly = figures(c.quarters, p);
  if (!c.quarters.cells().empty()) {
    // The quarterly series ends with the period's total, which is a month-cube cell.
    const auto total = figures(c.months, p, c.months.find(c.months.star_key()));
    for (const char* count : {"primary_cells", "secondary_cells"}) {
      quarterly[count] = quarterly[count].as_int64() + total.at(count).as_int64();
    }
  }
  out["trend_quarterly"] = std::move(quarterly);
  for (const Table& t : kTables) out[t.name] = figures(c.*t.cube, p);
  // Fees: every cell counts; the share is over the route × currency cells.
  std::int64_t primary = 0, secondary = 0;
  for (const auto r : p.fees) {
    if (!p.disclosure.suppressed(r)) continue;
    (p.disclosure.primary(r) ? primary : secondary) += 1;
  }
  out["fees"] = boost::json::object{{"primary_cells", primary}, {"secondary_cells", secondary}, {"persons_share_pct", nullptr}};
  return out;
}

}  // namespace vrs::server::analysis
