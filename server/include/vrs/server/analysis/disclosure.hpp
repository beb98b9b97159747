#pragma once
/// Disclosure control of one report (docs/disclosure.md): a registry of the cells a report
/// publishes, keyed so that a cell appearing in several sections is one cell; the additive
/// relations between them ("lines": parts that add up to, or are each at most, a total);
/// primary suppression (fewer than k persons or fewer than min_incidents incidents from the
/// others); and secondary suppression, first until no line holds exactly one suppressed cell,
/// then until the attacker's problem is solved for every suppressed cell: given every number
/// the viewer may see, the others' share of a primary cell is not known to within the
/// protection level (k persons wide, min_incidents incidents wide), and any other suppressed
/// cell is either that uncertain or shown safe by what can be derived.
///
/// Thread-safety: none; one instance per report computation.

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace vrs::server::analysis {

/// The additive quantities of a cell that the attacker's problem models.
enum class Quantity : std::uint8_t { Incidents, Migrants, Smugglers, Documents };
inline constexpr std::size_t kQuantities = 4;
inline constexpr std::uint8_t bit(Quantity q) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(q)); }

/// What the cell's population contributes: persons (the quantity the k rule looks at) and each
/// modelled quantity, distinct incidents included.
struct Contribution {
  std::int64_t persons = 0;
  std::array<std::int64_t, kQuantities> value{};

  [[nodiscard]] std::int64_t incidents() const noexcept { return value[static_cast<std::size_t>(Quantity::Incidents)]; }
};

/// Which quantities a cell has, and which of them are persons (their sum is the persons
/// protected at k).
struct CellShape {
  std::uint8_t has = 0;
  std::uint8_t persons = 0;
};

/// How a line relates its parts to its total, per quantity.
enum class Relation : std::uint8_t { None, Sum, AtMost };
using LineRelations = std::array<Relation, kQuantities>;

struct DisclosureRules {
  std::int64_t k = 5;
  std::int64_t min_incidents = 2;
  /// true: the viewer is a reporter whose own contribution is subtracted before the tests and
  /// never hidden from it (cells only it contributes to stay visible).
  bool subtract_own = false;
  /// Giving complements back may solve this many times as many linear programs as the
  /// suppression did (plus 100 when positive); 0 skips it.
  std::int64_t give_back_effort = 1;
};

/// What run() did: primary and secondary suppressions, and the attacker's problems solved.
struct DisclosureStats {
  std::size_t primary = 0;
  std::size_t secondary = 0;
  std::size_t by_lines = 0;      ///< of the secondary, suppressed by the line rule before any solving
  std::size_t problems = 0;      ///< linear programs solved
  std::size_t unverified = 0;    ///< suppressed cells left unsettled (none expected)
  std::size_t pruned = 0;        ///< complements published again once later ones protected
  double seconds = 0;            ///< time spent in the attacker's problems
};

class Disclosure {
 public:
  /// Registers a cell (or returns the index of the cell with the same key).
  std::size_t cell(const std::string& key, const Contribution& total, const Contribution& own, CellShape shape);
  /// Marks a cell unsafe whatever its size (a fee cell that fails the fee rule).
  void force_primary(std::size_t cell) { cells_.at(cell).forced = true; }
  /// Marks quantities of a cell as published by some section (a viewer may request them all).
  void publish(std::size_t cell, std::uint8_t quantities);
  /// `parts` relate to `total` as `relations` says. Lines with no part are ignored. Every line
  /// also takes part in the one-suppressed-member rule.
  void line(std::vector<std::size_t> parts, std::size_t total, LineRelations relations);
  /// `a` and `b` hold the same population (a line with a single part of a classification every
  /// unit falls in once: the part is the total). Suppressing one suppresses the other, so they
  /// cost as much as the more marginal of the two when complements are chosen.
  void same(std::size_t a, std::size_t b);
  /// A relation the viewer knows that is not a line of a table (e.g. incidents of one
  /// population are at most all incidents): used by the attacker's problem only.
  void relation(std::vector<std::size_t> parts, std::size_t total, LineRelations relations);

  /// Applies primary then secondary suppression. Returns the number of suppressed cells.
  std::size_t run(const DisclosureRules& rules);
  [[nodiscard]] const DisclosureStats& stats() const noexcept { return stats_; }

  [[nodiscard]] bool suppressed(std::size_t cell) const { return cells_.at(cell).suppressed; }
  /// Whether the cell is unsafe itself (after run()), rather than hidden to protect another.
  [[nodiscard]] bool primary(std::size_t cell) const { return cells_.at(cell).primary; }
  [[nodiscard]] std::size_t find(const std::string& key) const;  ///< npos when absent
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

 private:
  struct Cell {
    std::string key;
    Contribution total;
    Contribution own;
    Contribution others;  ///< what the viewer cannot see by itself (set by run())
    CellShape shape;
    std::uint8_t published = 0;
    std::uint32_t total_of = 0;  ///< lines it is the total of: how marginal it is
    std::size_t twin = npos;     ///< union-find parent among cells of the same population
    bool forced = false;  ///< unsafe by a rule of its own (force_primary)
    bool primary = false;
    bool suppressed = false;
  };
  struct Line {
    std::vector<std::size_t> members;  ///< parts, then the total last
    LineRelations relations{};
    bool rule = true;                  ///< takes part in the one-suppressed-member rule
  };
  class Attacker;
  /// Suppresses until no rule line holds exactly one suppressed member; returns the cells it
  /// suppressed.
  std::vector<std::size_t> close_lines();
  /// Whether a contribution is small under the rules of run(): fewer than k persons or fewer
  /// than min_incidents incidents.
  [[nodiscard]] bool small(const Contribution& c) const noexcept {
    return c.persons < rules_.k || c.incidents() < rules_.min_incidents;
  }
  /// Whether a suppressed `candidate` costs less than `best` (less marginal, then not small
  /// itself, then smaller).
  [[nodiscard]] bool cheaper(std::size_t candidate, std::size_t best) const;
  /// The representative of the cells holding the same population as `cell`.
  [[nodiscard]] std::size_t root(std::size_t cell) const;
  /// How marginal a cell is: the most lines any cell of its population is the total of.
  [[nodiscard]] std::uint32_t marginality(std::size_t cell) const;
  std::unordered_map<std::size_t, std::uint32_t> group_total_of_;  ///< root → marginality

  std::vector<Cell> cells_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<Line> lines_;
  DisclosureStats stats_;
  DisclosureRules rules_;
};

}  // namespace vrs::server::analysis
