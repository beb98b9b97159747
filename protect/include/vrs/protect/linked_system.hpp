#pragma once
/// The attacker's problem for one additive quantity of a published table (docs/disclosure.md):
/// cells whose value the viewer sees (known) or not (hidden, with the least value the viewer
/// knows it has), and the relations the viewer knows hold between them:
/// - a sum: the parts add up to the total (a classification that splits a population);
/// - an at-most: each part is at most the total (a classification where one unit may fall in
///   several parts, or in none, and distinct counts such as incidents of a nationality).
/// interval() solves the two linear programs (least and greatest value of a hidden cell given
/// everything known) over the hidden cells linked to it, and rounds to whole numbers, since
/// every quantity is a count.
///
/// The linear program of a group of linked hidden cells is built once and kept until one of
/// its cells, or a cell next to it, changes; asking for several cells of one group, or for one
/// cell again, reuses it (and the solver's last basis).
///
/// Thread-safety: none (interval() fills a cache); one instance per computation.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "vrs/common/error.hpp"
#include "vrs/protect/linear_program.hpp"

namespace vrs::protect {

/// What a viewer can derive about one hidden cell: low ≤ value ≤ high.
struct Interval {
  std::int64_t low = 0;
  std::int64_t high = 0;
  bool unbounded = false;  ///< no upper bound at all (high is meaningless)

  /// The width high − low, or a very large number when unbounded.
  [[nodiscard]] std::int64_t width() const noexcept { return unbounded ? INT64_MAX : high - low; }
};

class LinkedSystem {
 public:
  /// A cell, hidden with lower bound 0 until set_known. Returns its index.
  std::size_t add_cell();
  void set_known(std::size_t cell, std::int64_t value);
  void set_hidden(std::size_t cell, std::int64_t lower = 0);
  /// The viewer sees the cell only as low ≤ value ≤ high (a figure published with bounded
  /// noise): for the linear programs it is a hidden cell with both bounds.
  void set_between(std::size_t cell, std::int64_t low, std::int64_t high);
  [[nodiscard]] bool known(std::size_t cell) const { return cells_.at(cell).value.has_value(); }
  [[nodiscard]] std::size_t size() const noexcept { return cells_.size(); }

  /// Σ parts = total.
  void add_sum(const std::vector<std::size_t>& parts, std::size_t total);
  /// part ≤ total for each part.
  void add_at_most(const std::vector<std::size_t>& parts, std::size_t total);

  /// What the viewer can derive about `cell` (a known cell gives its value). FailedPrecondition
  /// when the known values contradict the relations (they cannot, for true figures), Internal
  /// when the solver gives up.
  Result<Interval> interval(std::size_t cell) const;
  /// The least value of `cell` alone (one linear program instead of two).
  Result<std::int64_t> least(std::size_t cell) const;

  /// The known cells (and cells seen within bounds) that share a relation with a hidden cell
  /// linked to `cell`: the ones whose hiding could widen its interval.
  [[nodiscard]] std::vector<std::size_t> frontier(std::size_t cell) const;
  /// The known cells that share a relation with `cell` itself.
  [[nodiscard]] std::vector<std::size_t> neighbours(std::size_t cell) const;

 private:
  struct Cell {
    std::optional<std::int64_t> value;
    std::int64_t lower = 0;
    std::optional<std::int64_t> upper;  ///< hidden cells seen within bounds
    std::vector<std::size_t> relations;
  };
  struct Relation {
    std::vector<std::size_t> parts;
    std::size_t total = 0;
    bool sum = true;  ///< false: at-most
  };
  /// One group of linked hidden cells and its linear program.
  struct Component {
    std::vector<std::size_t> cells;
    LinearProgram lp;
    std::unordered_map<std::size_t, std::size_t> variable;  ///< cell → variable
  };
  void add_relation(Relation relation);
  void invalidate();
  /// Forgets the groups `cell` and the cells it shares a relation with belong to.
  void forget(std::size_t cell);
  /// The known cells of `relations`, sorted, each once.
  [[nodiscard]] std::vector<std::size_t> known_members(const std::vector<std::size_t>& relations) const;
  /// The group of `cell` (built when needed).
  Component& group_of(std::size_t cell) const;
  /// Builds the linear program of the group `cells` linked by `relations`.
  std::unique_ptr<Component> build(const std::vector<std::size_t>& cells, const std::vector<std::size_t>& relations) const;
  /// The hidden cells linked to `cell` through relations (cell first), and those relations.
  void component(std::size_t cell, std::vector<std::size_t>& cells, std::vector<std::size_t>& relations) const;

  std::vector<Cell> cells_;
  std::vector<Relation> relations_;
  mutable std::vector<std::size_t> component_of_;                ///< cell → index in components_
  mutable std::vector<std::unique_ptr<Component>> components_;   ///< built on demand
};

}  // namespace vrs::protect
