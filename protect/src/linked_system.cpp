#include "vrs/protect/linked_system.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

#include "vrs/protect/linear_program.hpp"

namespace vrs::protect {
namespace {

// Solver results are floating point; a count within this of a whole number is that number.
constexpr double kTolerance = 1e-6;

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// A kept bound's solution is stored only for groups up to this many hidden cells; a larger
// group's bounds are solved again after any change (the memory would grow with its square).
constexpr std::size_t kMaxKeptPoint = 4096;

}  // namespace

void LinkedSystem::invalidate() {
  component_of_.clear();
  components_.clear();
  if (!any_bounds_) return;
  for (auto& c : cells_) {
    c.least.reset();
    c.most.reset();
  }
  any_bounds_ = false;
}

std::size_t LinkedSystem::add_cell() {
  invalidate();
  cells_.push_back({});
  return cells_.size() - 1;
}

void LinkedSystem::forget(std::size_t cell) {
  if (component_of_.size() != cells_.size()) return;
  const auto drop = [&](std::size_t member) {
    const auto id = component_of_[member];
    if (id == kNone || !components_[id]) return;
    for (const auto c : components_[id]->cells) component_of_[c] = kNone;
    components_[id].reset();
  };
  drop(cell);
  for (const auto r : cells_[cell].relations) {
    for (const auto p : relations_[r].parts) drop(p);
    drop(relations_[r].total);
  }
}

// The kept solutions of one group of linked hidden cells, as a dense table: one row per kept
// bound, one column per cell of the group (NaN where a solution has no value for it).
struct LinkedSystem::Points {
  std::vector<std::size_t> cells;   ///< the group's cells; cells[0] is the changed cell
  std::vector<std::size_t> column;  ///< system cell → column, kNone outside the group
  struct Row {
    std::size_t cell = 0;
    bool least = true;
    bool complete = false;  ///< a value for every cell of the group
  };
  std::vector<Row> rows;
  std::vector<double> values;  ///< rows × cells

  [[nodiscard]] double at(std::size_t row, std::size_t col) const { return values[row * cells.size() + col]; }
};

std::optional<LinkedSystem::Bound> LinkedSystem::repair(const Bound& b, std::size_t row, bool least,
                                                         const Points& points, double value) const {
  if (!points.rows[row].complete) return std::nullopt;
  const std::size_t h = points.column[points.rows[row].cell];
  const double pc = points.at(row, 0);
  const double ph = points.at(row, h);
  std::optional<std::pair<std::size_t, double>> best;  // partner row, weight of `b`'s solution
  double best_value = 0;
  for (std::size_t q = 0; q < points.rows.size(); ++q) {
    if (!points.rows[q].complete) continue;
    const double qc = points.at(q, 0);
    double weight = 0;
    if (std::abs(qc - value) > kTolerance) {
      if ((pc - value) * (qc - value) >= 0) continue;
      weight = (qc - value) / (qc - pc);
    }
    const double mixed = weight * ph + (1 - weight) * points.at(q, h);
    if (!best || (least ? mixed < best_value : mixed > best_value)) {
      best = std::make_pair(q, weight);
      best_value = mixed;
    }
  }
  if (!best) return std::nullopt;
  Bound out;
  out.value = best_value;
  out.proven = b.exact ? b.value : b.proven;
  out.exact = false;
  out.point.reserve(points.cells.size());
  const auto [q, weight] = *best;
  for (std::size_t col = 0; col < points.cells.size(); ++col) {
    out.point.emplace_back(points.cells[col], col == 0 ? value : weight * points.at(row, col) + (1 - weight) * points.at(q, col));
  }
  return out;
}

void LinkedSystem::tighten(std::size_t cell, std::int64_t value) {
  auto& stash = cells_[cell].stash;
  stash.clear();
  if (!any_bounds_) return;
  Points points;
  std::vector<std::size_t> relations;
  component(cell, points.cells, relations);
  points.column.assign(cells_.size(), kNone);
  for (std::size_t col = 0; col < points.cells.size(); ++col) points.column[points.cells[col]] = col;
  const std::size_t width = points.cells.size();
  for (const auto c : points.cells) {
    for (const bool least : {true, false}) {
      const auto& b = least ? cells_[c].least : cells_[c].most;
      if (!b) continue;
      Points::Row row{c, least, false};
      std::size_t filled = 0;
      points.values.resize(points.values.size() + width, std::nan(""));
      double* values = points.values.data() + points.rows.size() * width;
      for (const auto& [member, v] : b->point) {
        const auto col = points.column[member];
        if (col == kNone) continue;
        values[col] = v;
        ++filled;
      }
      row.complete = !b->unbounded && filled == width;
      points.rows.push_back(row);
    }
  }
  // A kept solution that already has `cell` = `value` still reaches its bound; any other is
  // replaced by an estimate where one can be made, and kept aside for a return to this state.
  const double target = static_cast<double>(value);
  std::vector<std::pair<std::size_t, std::optional<Bound>>> changed;  // row, replacement
  for (std::size_t row = 0; row < points.rows.size(); ++row) {
    const auto& r = points.rows[row];
    const Bound& b = *(r.least ? cells_[r.cell].least : cells_[r.cell].most);
    const double pc = points.at(row, 0);
    if (!b.unbounded && !std::isnan(pc) && std::abs(pc - target) <= kTolerance) continue;
    changed.emplace_back(row, b.unbounded ? std::nullopt : repair(b, row, r.least, points, target));
  }
  for (auto& [row, replacement] : changed) {
    const auto& r = points.rows[row];
    auto& kept = r.least ? cells_[r.cell].least : cells_[r.cell].most;
    stash.emplace_back(r.cell, r.least, std::move(*kept));
    kept = std::move(replacement);
    if (kept) kept->at = ++clock_;
  }
}

void LinkedSystem::relax(std::size_t cell, bool all) {
  auto stash = std::move(cells_[cell].stash);
  cells_[cell].stash.clear();
  if (!any_bounds_) return;
  std::vector<std::size_t> cells, relations;
  component(cell, cells, relations);
  const auto since = cells_[cell].known_since;
  const auto drop = [&](std::optional<Bound>& b) {
    if (b && (all || b->at > since)) b.reset();
  };
  for (const auto c : cells) {
    drop(cells_[c].least);
    drop(cells_[c].most);
  }
  // Hidden again as it was, and nothing else changed meanwhile: the system is the one the
  // stashed bounds were found in.
  if (all || cells_[cell].changes_when_known != changes_) return;
  for (auto& [c, least, b] : stash) (least ? cells_[c].least : cells_[c].most) = std::move(b);
}

void LinkedSystem::set_known(std::size_t cell, std::int64_t value) {
  auto& c = cells_.at(cell);
  if (c.value == value) return;
  const bool was_known = c.value.has_value();
  if (was_known) {
    c.value.reset();
    relax(cell, true);
  } else {
    tighten(cell, value);
    c.lower_before = c.lower;
    c.upper_before = c.upper;
  }
  forget(cell);
  c.value = value;
  c.least.reset();
  c.most.reset();
  c.known_since = ++clock_;
  c.changes_when_known = ++changes_;
}

void LinkedSystem::set_hidden(std::size_t cell, std::int64_t lower) { set_between(cell, lower, std::nullopt); }

void LinkedSystem::set_between(std::size_t cell, std::int64_t low, std::int64_t high) {
  set_between(cell, low, std::optional<std::int64_t>(high));
}

void LinkedSystem::set_between(std::size_t cell, std::int64_t low, std::optional<std::int64_t> high) {
  auto& c = cells_.at(cell);
  if (!c.value && c.lower == low && c.upper == high) return;
  const bool was_known = c.value.has_value();
  // Back to the bounds it had before it was known: only what was found while it was known
  // can be wrong now. Any other change of bounds: everything linked to it.
  const bool same_as_before = was_known && c.lower_before == low && c.upper_before == high;
  forget(cell);
  c.value.reset();
  c.lower = low;
  c.upper = high;
  relax(cell, !same_as_before);
  ++changes_;
}

void LinkedSystem::add_sum(const std::vector<std::size_t>& parts, std::size_t total) {
  add_relation({parts, total, true});
}

void LinkedSystem::add_at_most(const std::vector<std::size_t>& parts, std::size_t total) {
  add_relation({parts, total, false});
}

void LinkedSystem::add_relation(Relation relation) {
  if (relation.parts.empty()) return;
  invalidate();
  const std::size_t index = relations_.size();
  for (const auto p : relation.parts) cells_.at(p).relations.push_back(index);
  cells_.at(relation.total).relations.push_back(index);
  relations_.push_back(std::move(relation));
}

void LinkedSystem::component(std::size_t cell, std::vector<std::size_t>& cells, std::vector<std::size_t>& relations) const {
  std::vector<bool> seen_cell(cells_.size(), false), seen_relation(relations_.size(), false);
  cells.assign(1, cell);
  seen_cell[cell] = true;
  for (std::size_t next = 0; next < cells.size(); ++next) {
    for (const auto r : cells_[cells[next]].relations) {
      if (seen_relation[r]) continue;
      seen_relation[r] = true;
      relations.push_back(r);
      const auto visit = [&](std::size_t member) {
        if (!seen_cell[member] && !cells_[member].value) {
          seen_cell[member] = true;
          cells.push_back(member);
        }
      };
      for (const auto p : relations_[r].parts) visit(p);
      visit(relations_[r].total);
    }
  }
}

std::vector<std::size_t> LinkedSystem::known_members(const std::vector<std::size_t>& relations) const {
  std::vector<std::size_t> out;
  // Cells seen within bounds are published too: hiding them widens what can be derived.
  const auto seen = [&](std::size_t c) { return cells_[c].value || cells_[c].upper; };
  for (const auto r : relations) {
    for (const auto p : relations_[r].parts)
      if (seen(p)) out.push_back(p);
    if (seen(relations_[r].total)) out.push_back(relations_[r].total);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::size_t> LinkedSystem::frontier(std::size_t cell) const {
  if (known(cell)) return {};
  std::vector<std::size_t> cells, relations;
  component(cell, cells, relations);
  return known_members(relations);
}

std::unique_ptr<LinkedSystem::Component> LinkedSystem::build(const std::vector<std::size_t>& cells,
                                                              const std::vector<std::size_t>& relations) const {
  auto out = std::make_unique<Component>();
  out->cells = cells;
  LinearProgram& lp = out->lp;
  auto& variable = out->variable;
  for (const auto c : cells) {
    const Cell& cell = cells_[c];
    variable[c] = lp.add_variable(static_cast<double>(cell.lower),
                                  cell.upper ? static_cast<double>(*cell.upper) : kInfinity);
  }
  for (const auto r : relations) {
    const Relation& rel = relations_[r];
    const Cell& total = cells_[rel.total];
    if (rel.sum) {
      // Σ hidden parts − hidden total = known total − Σ known parts.
      std::vector<std::pair<std::size_t, double>> terms;
      double constant = total.value ? static_cast<double>(*total.value) : 0.0;
      if (!total.value) terms.emplace_back(variable.at(rel.total), -1.0);
      for (const auto p : rel.parts) {
        if (cells_[p].value) {
          constant -= static_cast<double>(*cells_[p].value);
        } else {
          terms.emplace_back(variable.at(p), 1.0);
        }
      }
      if (!terms.empty()) lp.add_row(std::move(terms), constant, constant);
      continue;
    }
    for (const auto p : rel.parts) {
      const Cell& part = cells_[p];
      if (part.value && total.value) continue;
      if (part.value) {
        lp.add_row({{variable.at(rel.total), 1.0}}, static_cast<double>(*part.value), kInfinity);
      } else if (total.value) {
        lp.add_row({{variable.at(p), 1.0}}, -kInfinity, static_cast<double>(*total.value));
      } else {
        lp.add_row({{variable.at(p), 1.0}, {variable.at(rel.total), -1.0}}, -kInfinity, 0.0);
      }
    }
  }
  return out;
}

LinkedSystem::Component& LinkedSystem::group_of(std::size_t cell) const {
  if (component_of_.size() != cells_.size()) component_of_.assign(cells_.size(), kNone);
  if (component_of_[cell] == kNone) {
    std::vector<std::size_t> cells, relations;
    component(cell, cells, relations);
    for (const auto c : cells) component_of_[c] = components_.size();
    components_.push_back(build(cells, relations));
  }
  return *components_[component_of_[cell]];
}

Result<LinkedSystem::Bound> LinkedSystem::bound(std::size_t cell, double direction, bool estimate) const {
  auto& kept = direction > 0 ? cells_[cell].least : cells_[cell].most;
  if (kept && (kept->exact || estimate)) return Bound{kept->value, kept->proven, kept->exact, kept->unbounded, {}, kept->at};
  Component& group = group_of(cell);
  ++solves_;
  VRS_TRY(const Optimum optimum,
          direction > 0 ? group.lp.minimize(group.variable.at(cell)) : group.lp.maximize(group.variable.at(cell)));
  Bound b;
  b.value = optimum.value;
  b.proven = optimum.value;
  b.unbounded = optimum.unbounded;
  b.at = ++clock_;
  if (optimum.unbounded || group.cells.size() > kMaxKeptPoint) {
    kept.reset();
    return b;
  }
  b.point.reserve(group.cells.size());
  for (const auto c : group.cells) b.point.emplace_back(c, optimum.point.at(group.variable.at(c)));
  kept = std::move(b);
  any_bounds_ = true;
  return Bound{kept->value, kept->proven, true, false, {}, kept->at};
}

Result<std::int64_t> LinkedSystem::least(std::size_t cell) const {
  if (cell >= cells_.size()) return fail(ErrorCode::InvalidArgument, "linked system: no cell " + std::to_string(cell));
  if (cells_[cell].value) return *cells_[cell].value;
  VRS_TRY(const Bound low, bound(cell, 1.0, false));
  return static_cast<std::int64_t>(std::ceil(low.value - kTolerance));
}

Result<std::int64_t> LinkedSystem::least_at_least(std::size_t cell) const {
  if (cell >= cells_.size()) return fail(ErrorCode::InvalidArgument, "linked system: no cell " + std::to_string(cell));
  if (cells_[cell].value) return *cells_[cell].value;
  VRS_TRY(const Bound low, bound(cell, 1.0, true));
  return static_cast<std::int64_t>(std::ceil(low.proven - kTolerance));
}

std::vector<std::size_t> LinkedSystem::linked(std::size_t cell) const {
  std::vector<std::size_t> cells, relations;
  component(cell, cells, relations);
  return cells;
}

std::vector<std::size_t> LinkedSystem::neighbours(std::size_t cell) const {
  return known_members(cells_.at(cell).relations);
}

Result<Interval> LinkedSystem::interval(std::size_t cell, bool estimate_least, bool estimate_most) const {
  if (cell >= cells_.size()) return fail(ErrorCode::InvalidArgument, "linked system: no cell " + std::to_string(cell));
  if (cells_[cell].value) return Interval{*cells_[cell].value, *cells_[cell].value, false};
  VRS_TRY(const Bound least, bound(cell, 1.0, estimate_least));
  VRS_TRY(const Bound most, bound(cell, -1.0, estimate_most));
  Interval out;
  out.low = static_cast<std::int64_t>(std::ceil(least.value - kTolerance));
  if (most.unbounded) {
    out.unbounded = true;
    out.high = INT64_MAX;
  } else {
    out.high = static_cast<std::int64_t>(std::floor(most.value + kTolerance));
  }
  return out;
}

Result<Interval> LinkedSystem::interval(std::size_t cell) const { return interval(cell, false, false); }

Result<Interval> LinkedSystem::inner(std::size_t cell) const { return interval(cell, true, true); }

}  // namespace vrs::protect
