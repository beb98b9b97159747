#pragma once
// Internal to the analysis engine: the sections that publish a cube as a table, and the
// measures of the totals and trend sections (what a viewer may see of each cube).

#include <string_view>
#include <vector>

#include "analysis/aggregate.hpp"
#include "analysis/cube.hpp"

namespace vrs::server::analysis {

// The measures of the trend sections.
inline const std::vector<std::string_view> kTrendMeasures = {"incidents", "migrants", "smugglers", "deaths", "missing"};

// The measures of the totals section (the grand total of the period).
inline const std::vector<std::string_view> kTotalsMeasures = {
    "incidents", "migrants", "smugglers", "deaths", "missing", "injured", "unaccompanied_children"};

// The sections that publish one cube as a table, in report order.
struct Table {
  const char* name;
  const char* title;
  const Cube Cubes::*cube;
  std::vector<std::string_view> measures;
};

inline const std::vector<Table> kTables = {
    {"routes", "Routes: origin to destination by mode of transport", &Cubes::routes, {"incidents", "migrants"}},
    {"route_transits", "Transit countries", &Cubes::transits, {"incidents", "migrants"}},
    {"migrants", "Migrants by nationality, sex and age", &Cubes::migrants,
     {"migrants", "incidents", "unaccompanied_children"}},
    {"smugglers", "Smugglers by nationality and role", &Cubes::smugglers, {"smugglers", "incidents"}},
    {"smuggler_profiles", "Smuggler profiles: role, sex and age", &Cubes::profiles, {"smugglers", "incidents"}},
    {"methods", "Smuggling methods", &Cubes::methods, {"incidents", "migrants"}},
    {"documents", "Document fraud: type, kind of fraud and issuer", &Cubes::documents, {"documents", "incidents"}},
    {"harm", "Harm to migrants and abuse", &Cubes::abuse, {"incidents", "migrants", "deaths", "missing", "injured"}},
    {"response", "Criminal-justice response by conduct", &Cubes::conduct,
     {"incidents", "investigations", "arrests", "prosecutions", "convictions"}},
};

}  // namespace vrs::server::analysis
