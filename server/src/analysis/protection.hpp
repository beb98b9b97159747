#pragma once
// Internal to the analysis engine: the disclosure registry of one report (docs/disclosure.md).
// Every cell any section could publish is registered once (a cell shown in two sections is one
// cell), with what the sections publish of it and every relation between cells that a viewer
// knows: the lines of each cube, months and quarters, the links between populations.

#include <cstddef>
#include <unordered_map>
#include <vector>

#include "analysis/aggregate.hpp"
#include "analysis/cube.hpp"
#include "vrs/schema/report/contract.hpp"
#include "vrs/server/analysis/disclosure.hpp"

namespace vrs::server::analysis {

/// A cube's cells in the registry.
struct Registered {
  std::vector<std::size_t> index;  ///< registry index per cube cell
};

/// The disclosure registry of one report, with the index each cube's cells have in it.
struct Protection {
  Disclosure disclosure;
  std::unordered_map<const Cube*, Registered> cells;

  [[nodiscard]] const Registered& of(const Cube& cube) const { return cells.at(&cube); }
};

/// Registers every cell of every cube of `c`, what the sections publish of it and the relations
/// between them (whole quarters add up to the period when `period` is a year or a quarter).
void register_cells(const Cubes& c, schema::report::PeriodKind period, Protection& p);

}  // namespace vrs::server::analysis
