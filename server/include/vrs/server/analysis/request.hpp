#pragma once
/// The parameters of an analysis request (docs/reports.md): region, period and filters, parsed
/// and checked from the query string, with the period resolved to days and its previous
/// period. Every error is InvalidArgument naming the parameter and its value.
///
/// Thread-safety: pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vrs/common/error.hpp"
#include "vrs/schema/report/contract.hpp"
#include "vrs/server/config.hpp"

namespace vrs::server::analysis {

struct AnalysisRequest {
  std::string region;              ///< name as given
  std::vector<std::string> states; ///< sorted alpha-3; empty = every state (`all`)
  schema::report::Period period;  ///< the report contract's period grammar
  std::optional<std::string> route_country;
  std::optional<std::string> mode;
  std::optional<std::string> nationality;
};

/// The Bali Process member states (the `bali_process` preset; a config region of that name
/// replaces it).
const std::vector<std::string>& bali_process_states();

/// Parses the query string (raw, after '?'), resolving the region from `regions`.
Result<AnalysisRequest> parse_analysis_request(std::string_view query, const RegionsConfig& regions);

/// One line for the audit log: "region=… period=… [route_country=…]…" (codes only).
std::string describe(const AnalysisRequest& request);

}  // namespace vrs::server::analysis
