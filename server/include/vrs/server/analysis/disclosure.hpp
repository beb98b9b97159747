#pragma once
/// Disclosure control of one report (docs/reports.md; docs/architecture.md "Disclosure"): a
/// registry of the cells a report publishes, keyed so that a cell appearing in several sections
/// is one cell, the additive relations between them ("lines": parts that add up to a total),
/// primary suppression (fewer than k persons or fewer than min_incidents incidents from the
/// others) and secondary suppression (until no line holds exactly one suppressed cell).
///
/// Thread-safety: none; one instance per report computation.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace vrs::server::analysis {

/// What the cell's population contributes: distinct incidents and persons (the quantities
/// the safety rules look at).
struct Contribution {
  std::int64_t incidents = 0;
  std::int64_t persons = 0;
};

struct DisclosureRules {
  std::int64_t k = 5;
  std::int64_t min_incidents = 2;
  /// true: the viewer is a reporter whose own contribution is subtracted before the tests and
  /// never hidden from it (cells only it contributes to stay visible).
  bool subtract_own = false;
};

class Disclosure {
 public:
  /// Registers a cell (or returns the index of the cell with the same key).
  std::size_t cell(const std::string& key, Contribution total, Contribution own);
  /// `parts` add up to `total` (indices from cell()). Lines with fewer than one part are ignored.
  void line(std::vector<std::size_t> parts, std::size_t total);

  /// Applies primary then secondary suppression. Returns the number of suppressed cells.
  std::size_t run(const DisclosureRules& rules);

  [[nodiscard]] bool suppressed(std::size_t cell) const { return cells_.at(cell).suppressed; }
  [[nodiscard]] std::size_t find(const std::string& key) const;  ///< npos when absent
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

 private:
  struct Cell {
    std::string key;
    Contribution total;
    Contribution own;
    Contribution others;  ///< what the viewer cannot see by itself (set by run())
    bool suppressed = false;
  };
  struct Line {
    std::vector<std::size_t> members;  ///< parts, then the total last
  };
  std::vector<Cell> cells_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<Line> lines_;
};

}  // namespace vrs::server::analysis
