#pragma once
// Internal to the report renderers: a checked, typed copy of a `vrs.report/1` document
// (docs/reports.md); report/display.hpp has the text helpers the renderings share.
//
// Reading enforces the one rule every rendering relies on: a suppressed figure never carries a
// number. A cell marked `"suppressed": true` has all its values (and its change_pct) read as
// suppressed whatever the document holds, and a change_pct whose previous value is suppressed is
// suppressed too, so a faulty or hostile document cannot make a renderer print a hidden figure.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "vrs/common/error.hpp"

namespace vrs::client::report {

/// One published figure.
struct Figure {
  enum class Kind { Absent, Null, Number, Suppressed };
  Kind kind = Kind::Absent;
  double number = 0;
  std::string text;  ///< the number as written in CSV: "120", "-12.5" (empty unless Number)

  [[nodiscard]] bool is_number() const noexcept { return kind == Kind::Number; }
  [[nodiscard]] bool is_suppressed() const noexcept { return kind == Kind::Suppressed; }
};

struct Cell {
  std::vector<std::string> key;  ///< one value per dimension of the section, in its order
  bool suppressed = false;       ///< the cell, or any of its values, is suppressed
  std::vector<Figure> values;    ///< one per measure of the section
  bool has_own = false;
  std::vector<Figure> own;  ///< one per measure when has_own
  bool has_previous = false;
  std::vector<Figure> previous;  ///< one per measure when has_previous (Null when not computed)
  bool has_change = false;
  std::vector<Figure> change_pct;  ///< one per measure when has_change

  /// True when every dimension of the cell except `except` is "*".
  [[nodiscard]] bool totals_except(std::size_t except) const;
};

struct Section {
  std::string name;
  std::string title;
  std::vector<std::string> dimensions;
  /// The section's `measures`, then any other value field met in its cells (fees list theirs).
  std::vector<std::string> measures;
  std::vector<Cell> cells;
  bool any_own = false;
  bool any_previous = false;  ///< some cell has `previous` or `change_pct`

  /// Index of a dimension / measure, or nullopt.
  [[nodiscard]] std::optional<std::size_t> dimension(std::string_view name) const;
  [[nodiscard]] std::optional<std::size_t> measure(std::string_view name) const;
  /// The cell whose key equals `key` (one value per dimension), or nullptr.
  [[nodiscard]] const Cell* find(const std::vector<std::string>& key) const;
};

struct CoverageMember {
  std::string label;
  bool named = false;
  bool own = false;
  std::vector<bool> reported;  ///< one per month
};

struct Coverage {
  std::string title;
  std::vector<std::string> months;
  std::vector<Figure> reporting_members;  ///< one per month
  std::vector<CoverageMember> members;
};

struct Disclosure {
  Figure k, min_incidents, fee_min_persons, fee_min_incidents, fee_max_share, fee_rounding, suppressed_cells;
  /// Cell-key noise on the others' figures (`disclosure.perturbation`); absent or null: exact.
  Figure noise_max_deviation, noise_variance;
  /// What suppression cost each section (`disclosure.by_section`), in document order.
  struct SectionCost {
    std::string section;
    Figure primary, secondary, persons_share_pct;
  };
  std::vector<SectionCost> by_section;
};

struct Document {
  std::string schema;
  std::string name;
  std::string region, period, from, to, previous_from, previous_to;
  std::vector<std::string> states;
  std::vector<std::pair<std::string, std::string>> filters;
  std::string generated_at, data_cutoff;
  std::string viewer_member, viewer_state, viewer_role;
  Disclosure disclosure;
  bool reciprocity_regional = true;
  std::string reciprocity_rule, reciprocity_reason;
  std::vector<Section> sections;  ///< every section except coverage, in document order
  std::optional<Coverage> coverage;
  std::string sha256;

  [[nodiscard]] const Section* section(std::string_view name) const;
};

/// Reads a parsed document. InvalidArgument naming the JSON path of the first field that has
/// the wrong type (e.g. "report: sections.migrants.cells[3].values.migrants: expected a number,
/// null or {\"suppressed\": true}"). Does not check the sha256 (schema::report::check_digest does).
Result<Document> read_document(const boost::json::object& doc);

}  // namespace vrs::client::report
