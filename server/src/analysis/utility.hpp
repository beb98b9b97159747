#pragma once
// Internal to the report: what disclosure control cost each section (docs/disclosure.md
// "Utility"): its cells suppressed for primary and for secondary reasons, and the share of the
// section's persons the suppressed cells hold, rounded so that it is no equation for anyone.

#include <boost/json/object.hpp>

#include "analysis/aggregate.hpp"
#include "analysis/protection.hpp"

namespace vrs::server::analysis {

/// {"<section>": {"primary_cells": n, "secondary_cells": n, "persons_share_pct": p | null}, …}
/// for the totals, trend and table sections.
boost::json::object suppression_by_section(const Cubes& c, const Protection& p);

}  // namespace vrs::server::analysis
