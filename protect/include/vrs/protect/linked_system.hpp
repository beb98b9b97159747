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
/// Each bound found is kept with the solution that reaches it, for as long as it provably
/// stays the bound: publishing a cell (set_known) adds a constraint, and a solution that
/// already meets it is still optimal, so only bounds whose solution had another value there
/// are solved again; hiding a cell again drops the bounds found while it was known. A caller
/// that publishes and hides cells one at a time (trying which complements can be given back)
/// thus solves only what each change can move.
///
/// Thread-safety: none (interval() fills a cache); one instance per computation.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <tuple>
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

  /// Cheap questions for a caller that changes one cell at a time and asks again (kept
  /// bounds, estimates included, answer when they can; else they solve):
  /// - an interval inside what can be derived about `cell` (its width is at most the true
  ///   width, so a wide one proves the cell wide);
  Result<Interval> inner(std::size_t cell) const;
  /// - a number the least value of `cell` is at least.
  Result<std::int64_t> least_at_least(std::size_t cell) const;

  /// The known cells (and cells seen within bounds) that share a relation with a hidden cell
  /// linked to `cell`: the ones whose hiding could widen its interval.
  [[nodiscard]] std::vector<std::size_t> frontier(std::size_t cell) const;
  /// The known cells that share a relation with `cell` itself.
  [[nodiscard]] std::vector<std::size_t> neighbours(std::size_t cell) const;
  /// The linear programs solved so far (kept bounds are not solved again).
  [[nodiscard]] std::size_t solves() const noexcept { return solves_; }
  /// The hidden cells linked to `cell` through relations, `cell` first (hidden or not): the
  /// ones whose intervals can change when `cell` changes.
  [[nodiscard]] std::vector<std::size_t> linked(std::size_t cell) const;

 private:
  /// A bound of a hidden cell, with a solution reaching it. Exact as solved; after a cell it
  /// is linked to was made known, possibly an estimate: `value` is then reached by a solution
  /// that is still feasible (so the true least is at most it, the true greatest at least it),
  /// and `proven` is the bound from before (the true least is at least it, the greatest at
  /// most it).
  struct Bound {
    double value = 0;
    double proven = 0;
    bool exact = true;
    bool unbounded = false;
    std::vector<std::pair<std::size_t, double>> point;  ///< (cell, value) for each cell of its group
    std::uint64_t at = 0;                               ///< clock_ when found
  };
  struct Cell {
    std::optional<std::int64_t> value;
    std::int64_t lower = 0;
    std::optional<std::int64_t> upper;  ///< hidden cells seen within bounds
    std::vector<std::size_t> relations;
    std::uint64_t known_since = 0;      ///< clock_ when it was last made known
    std::int64_t lower_before = 0;      ///< its bounds while hidden, before it was made known
    std::optional<std::int64_t> upper_before;
    mutable std::optional<Bound> least, most;  ///< kept bounds (see above)
    /// Bounds of linked cells that making this cell known dropped, with the cell and whether
    /// it was the least: valid again if it is hidden again as before with nothing else changed.
    std::vector<std::tuple<std::size_t, bool, Bound>> stash;
    std::uint64_t changes_when_known = 0;
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
  /// Keeps the bounds of the cells linked to `cell` that stay valid when it becomes `value`.
  void tighten(std::size_t cell, std::int64_t value);
  /// Drops the bounds of the cells linked to `cell` that were found while it was known
  /// (all of them when `all`), after it became hidden again or changed its bounds.
  void relax(std::size_t cell, bool all);
  /// The least (direction 1) or greatest (−1) value of hidden `cell`, kept or solved; an
  /// estimate is kept and returned as it is when `estimate`, else solved again.
  Result<Bound> bound(std::size_t cell, double direction, bool estimate) const;
  /// For a kept bound whose solution does not meet `cell` = `value`: an estimate from it and
  /// another kept solution on the other side of `value` (a mix of two feasible solutions is
  /// feasible), or nullopt.
  struct Points;
  std::optional<Bound> repair(const Bound& b, std::size_t row, bool least, const Points& points, double value) const;
  /// interval() with the least and greatest values solved, or as kept when estimates will do.
  Result<Interval> interval(std::size_t cell, bool estimate_least, bool estimate_most) const;
  void set_between(std::size_t cell, std::int64_t low, std::optional<std::int64_t> high);
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
  mutable std::uint64_t clock_ = 0;  ///< counts changes and solves, to date bounds
  mutable bool any_bounds_ = false;  ///< whether some cell keeps a bound
  mutable std::size_t solves_ = 0;
  std::uint64_t changes_ = 0;  ///< counts changes of cells (not solves)
};

}  // namespace vrs::protect
