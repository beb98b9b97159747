#pragma once
/// The cell-key method's perturbation table (docs/disclosure.md "Noise"): for a count and a
/// cell key (a uniform number in [0, 1) that depends only on the set of records in the cell),
/// the noise to add. The same count with the same key always gets the same noise, so a cell
/// published by two requests shows the same figure, and differencing two requests leaves the
/// noise of both in the difference.
///
/// The table has one row per count 1..D (a count of D or more uses row D): a distribution
/// over the noises −D..D with mean 0, the published count never negative (row i starts at −i),
/// and variance V where the row allows it (a short row cannot reach a large V; it gets the
/// largest it can). Within those constraints each row is the maximum-entropy distribution
/// (probabilities ∝ exp(a·v + b·v²)). Zero always stays zero.
///
/// Thread-safety: immutable after construction.

#include <array>
#include <cstdint>
#include <vector>

#include "vrs/common/error.hpp"

namespace vrs::protect {

/// A cell key as 32 bits: the fractional part of the sum of the record keys, times 2^32. Sums
/// of record keys wrap modulo 2^32, which is exactly "the fractional part".
using CellKey = std::uint32_t;

struct PerturbationRow {
  std::int64_t count = 0;
  std::vector<double> probability;  ///< of noise −D..D (index v + D)
  double mean = 0;
  double variance = 0;
};

class PerturbationTable {
 public:
  /// D in 1..20, V in (0, D²]. InvalidArgument naming the value otherwise.
  static Result<PerturbationTable> make(std::int64_t max_deviation, double variance);

  /// The noise for `count` (≥ 0) in the cell with `key`: 0 for 0, otherwise in
  /// [max(−D, −count), D].
  [[nodiscard]] std::int64_t noise(std::int64_t count, CellKey key) const noexcept;

  [[nodiscard]] std::int64_t max_deviation() const noexcept { return d_; }
  [[nodiscard]] double variance() const noexcept { return v_; }
  /// Rows 1..D (index 0 is count 1).
  [[nodiscard]] const std::vector<PerturbationRow>& rows() const noexcept { return rows_; }

 private:
  std::int64_t d_ = 0;
  double v_ = 0;
  std::vector<PerturbationRow> rows_;
  /// Per row, the upper key bound (exclusive, as a 33-bit number) of each noise −D..D.
  std::vector<std::vector<std::uint64_t>> thresholds_;
};

}  // namespace vrs::protect
