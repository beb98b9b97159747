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

}  // namespace

void LinkedSystem::invalidate() {
  component_of_.clear();
  components_.clear();
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

void LinkedSystem::set_known(std::size_t cell, std::int64_t value) {
  auto& c = cells_.at(cell);
  if (c.value == value) return;
  forget(cell);
  c.value = value;
}

void LinkedSystem::set_hidden(std::size_t cell, std::int64_t lower) {
  auto& c = cells_.at(cell);
  if (!c.value && c.lower == lower && !c.upper) return;
  forget(cell);
  c.value.reset();
  c.lower = lower;
  c.upper.reset();
}

void LinkedSystem::set_between(std::size_t cell, std::int64_t low, std::int64_t high) {
  auto& c = cells_.at(cell);
  if (!c.value && c.lower == low && c.upper == high) return;
  forget(cell);
  c.value.reset();
  c.lower = low;
  c.upper = high;
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

Result<std::int64_t> LinkedSystem::least(std::size_t cell) const {
  if (cell >= cells_.size()) return fail(ErrorCode::InvalidArgument, "linked system: no cell " + std::to_string(cell));
  if (cells_[cell].value) return *cells_[cell].value;
  Component& group = group_of(cell);
  VRS_TRY(const Optimum low, group.lp.minimize(group.variable.at(cell)));
  return static_cast<std::int64_t>(std::ceil(low.value - kTolerance));
}

std::vector<std::size_t> LinkedSystem::neighbours(std::size_t cell) const {
  return known_members(cells_.at(cell).relations);
}

Result<Interval> LinkedSystem::interval(std::size_t cell) const {
  if (cell >= cells_.size()) return fail(ErrorCode::InvalidArgument, "linked system: no cell " + std::to_string(cell));
  if (cells_[cell].value) return Interval{*cells_[cell].value, *cells_[cell].value, false};
  Component& group = group_of(cell);
  const auto x = group.variable.at(cell);
  VRS_TRY(const Optimum least, group.lp.minimize(x));
  VRS_TRY(const Optimum most, group.lp.maximize(x));
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

}  // namespace vrs::protect
