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
#include "analysis/fees.hpp"
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
  std::vector<std::size_t> fees;  ///< registry index per fee cell, in FeeTable::facts() order

  [[nodiscard]] const Registered& of(const Cube& cube) const { return cells.at(&cube); }
};

/// Registers every cell of every cube of `c`, what the sections publish of it and the relations
/// between them (whole quarters add up to the period when `period` is a year or a quarter).
void register_cells(const Cubes& c, schema::report::PeriodKind period, Protection& p);

/// Registers the fee cells (after register_cells): unsafe under the fee rule → primary; the
/// route cells of one currency add up to its all-routes cell in incidents and persons; a
/// route's cell of a currency whose every observation has a US dollar value is at most its
/// all-currencies cell; and every fee cell is at most its route's cell of the routes table (or
/// the grand total, for the all-routes cells).
void register_fees(const std::vector<FeeCellFacts>& fees, Protection& p);

}  // namespace vrs::server::analysis
