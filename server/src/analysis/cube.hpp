#pragma once
// Aggregation cubes of the analysis engine (private to server/src): cells keyed by up to four
// 16-bit dimension values (kStar = the "*" total over that dimension), each with the sums of
// the measures, the persons and the distinct incidents of everyone and of the viewer.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "vrs/protect/perturbation.hpp"

namespace vrs::server::analysis {

inline constexpr std::uint16_t kStar = 0xFFFF;

/// What one contribution to a cube counts. Its character starts the key of every cell in the
/// disclosure registry, so the same population in two sections is one cell, and the
/// populations of two universes never are.
enum class Universe : char {
  Incidents = 'I',          ///< one contribution per incident of the period
  Migrants = 'M',           ///< one per migrant row of an incident (nationality, sex, age)
  Smugglers = 'S',          ///< one per smuggler row of an incident
  Documents = 'D',          ///< one per fraudulent-document row of an incident
  PreviousIncidents = 'P',  ///< one per incident of the previous period (trend comparisons)
  Fees = 'F',               ///< incidents with fee observations (and their migrants)
};

/// The registry key of a universe's grand total (no dimension fixed); every other key of the
/// universe starts with it.
inline std::string universe_key(Universe universe) { return std::string(1, static_cast<char>(universe)); }

enum Measure : int {
  kMigrants, kSmugglers, kDeaths, kMissing, kInjured, kUnaccompanied, kInvestigations, kArrests,
  kProsecutions, kConvictions, kDocuments, kMeasureCount
};

struct Acc {
  std::array<std::int64_t, kMeasureCount> m{};
  std::int64_t persons = 0;
  std::int64_t incidents = 0;
  std::uint32_t stamp = 0;  ///< the last incident counted (distinct incidents)
  /// The cell key: the sum of the record keys of its contributions, modulo 2^32
  /// (docs/disclosure.md "Noise").
  std::uint32_t key = 0;

  void add(const std::array<std::int64_t, kMeasureCount>& values, std::int64_t persons_in, std::uint32_t incident,
           std::uint32_t record_key) {
    for (int i = 0; i < kMeasureCount; ++i) m[static_cast<std::size_t>(i)] += values[static_cast<std::size_t>(i)];
    persons += persons_in;
    key += record_key;
    if (stamp != incident) {
      stamp = incident;
      ++incidents;
    }
  }
};

/// The figure a viewer sees of one count of a cell (docs/disclosure.md "Noise"): its own part
/// exactly, plus the others' part with the noise drawn by the others' cell key, shifted by a
/// constant of the measure (an Acc::m index, -1 for distinct incidents, or any other number
/// apart from those) so that a cell's measures do not all take the same draw. Exact without a
/// table.
inline std::int64_t published_count(std::int64_t total, std::int64_t own, std::uint32_t others_key, int measure,
                                     const protect::PerturbationTable* noise) {
  const std::int64_t others = total - own;
  if (noise == nullptr || others <= 0) return total;
  return total + noise->noise(others, others_key + static_cast<std::uint32_t>(measure + 2) * 0x9E3779B9u);
}

struct Cell {
  std::uint64_t key = 0;
  Acc total;
  Acc own;
};

inline std::uint16_t key_part(std::uint64_t key, std::size_t dim) {
  return static_cast<std::uint16_t>(key >> (16 * dim));
}

/// Dimension kinds, for labels.
enum class Dim {
  Country, Sex, MigrantAge, SmugglerAge, SmugglerRole, Method, DocumentType, FraudType, Abuse, Conduct,
  RouteMode, Month, Quarter
};

struct DimDef {
  std::string name;
  Dim kind = Dim::Country;
  bool margin = true;  ///< compute the "*" total over this dimension
};

class Cube {
 public:
  Cube(Universe universe, std::vector<DimDef> dims, bool multi = false)
      : universe_(universe), dims_(std::move(dims)), multi_(multi), slots_(64, -1) {}

  /// Adds one contribution at `values` (one per dimension) and at every margin of it.
  void add(const std::array<std::uint16_t, 4>& values, const std::array<std::int64_t, kMeasureCount>& measures,
           std::int64_t persons, std::uint32_t incident, std::uint32_t record_key, bool own) {
    const std::size_t n = dims_.size();
    const unsigned masks = 1u << n;
    for (unsigned mask = 0; mask < masks; ++mask) {
      std::uint64_t key = 0;
      bool skip = false;
      for (std::size_t d = 0; d < n; ++d) {
        std::uint16_t v = values[d];
        if (mask & (1u << d)) {
          if (!dims_[d].margin) {
            skip = true;
            break;
          }
          v = kStar;
        }
        key |= static_cast<std::uint64_t>(v) << (16 * d);
      }
      if (skip) continue;
      add_at(key, measures, persons, incident, record_key, own);
    }
  }

  /// Adds at exactly `key` (multi-valued dimensions add each value and the total themselves).
  void add_at(std::uint64_t key, const std::array<std::int64_t, kMeasureCount>& measures, std::int64_t persons,
              std::uint32_t incident, std::uint32_t record_key, bool own) {
    Cell& c = at(key);
    c.total.add(measures, persons, incident, record_key);
    if (own) c.own.add(measures, persons, incident, record_key);
  }

  [[nodiscard]] const Cell* find(std::uint64_t key) const {
    std::size_t i = hash(key) & (slots_.size() - 1);
    for (;;) {
      const auto s = slots_[i];
      if (s < 0) return nullptr;
      if (cells_[static_cast<std::size_t>(s)].key == key) return &cells_[static_cast<std::size_t>(s)];
      i = (i + 1) & (slots_.size() - 1);
    }
  }

  [[nodiscard]] std::vector<Cell>& cells() { return cells_; }
  [[nodiscard]] const std::vector<Cell>& cells() const { return cells_; }
  [[nodiscard]] const std::vector<DimDef>& dims() const { return dims_; }
  [[nodiscard]] Universe universe() const { return universe_; }
  [[nodiscard]] bool multi() const { return multi_; }
  [[nodiscard]] std::uint64_t star_key() const {
    std::uint64_t key = 0;
    for (std::size_t d = 0; d < dims_.size(); ++d) key |= static_cast<std::uint64_t>(kStar) << (16 * d);
    return key;
  }

 private:
  static std::size_t hash(std::uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return static_cast<std::size_t>(k);
  }
  Cell& at(std::uint64_t key) {
    std::size_t i = hash(key) & (slots_.size() - 1);
    for (;;) {
      const auto s = slots_[i];
      if (s < 0) break;
      if (cells_[static_cast<std::size_t>(s)].key == key) return cells_[static_cast<std::size_t>(s)];
      i = (i + 1) & (slots_.size() - 1);
    }
    if ((cells_.size() + 1) * 2 > slots_.size()) {
      grow();
      return at(key);
    }
    slots_[i] = static_cast<std::int32_t>(cells_.size());
    cells_.push_back(Cell{key, {}, {}});
    return cells_.back();
  }
  void grow() {
    std::vector<std::int32_t> slots(slots_.size() * 2, -1);
    for (std::size_t c = 0; c < cells_.size(); ++c) {
      std::size_t i = hash(cells_[c].key) & (slots.size() - 1);
      while (slots[i] >= 0) i = (i + 1) & (slots.size() - 1);
      slots[i] = static_cast<std::int32_t>(c);
    }
    slots_ = std::move(slots);
  }

  Universe universe_;
  std::vector<DimDef> dims_;
  bool multi_;
  std::vector<Cell> cells_;
  std::vector<std::int32_t> slots_;
};

}  // namespace vrs::server::analysis
