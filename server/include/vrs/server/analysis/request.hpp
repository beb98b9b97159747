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
#include "vrs/server/config.hpp"

namespace vrs::server::analysis {

enum class PeriodKind { Year, Quarter, Month, Range };

struct Period {
  PeriodKind kind = PeriodKind::Year;
  std::string label;         ///< as given: "2025", "2025-Q1", "2025-03", "2025-01-10..2025-02-20"
  std::int32_t from = 0;     ///< first day (days since 1970-01-01), inclusive
  std::int32_t to = 0;       ///< last day, inclusive
  std::int32_t previous_from = 0;
  std::int32_t previous_to = 0;
};

struct AnalysisRequest {
  std::string region;              ///< name as given
  std::vector<std::string> states; ///< sorted alpha-3; empty = every state (`all`)
  Period period;
  std::optional<std::string> route_country;
  std::optional<std::string> mode;
  std::optional<std::string> nationality;
};

/// The Bali Process member states (the `bali_process` preset; a config region of that name
/// replaces it).
const std::vector<std::string>& bali_process_states();

/// Parses "2025", "2025-Q1", "2025-03" or "YYYY-MM-DD..YYYY-MM-DD" (at most 10 years).
Result<Period> parse_period(std::string_view text);

/// Parses the query string (raw, after '?'), resolving the region from `regions`.
Result<AnalysisRequest> parse_analysis_request(std::string_view query, const RegionsConfig& regions);

/// "YYYY-MM-DD" of a day number.
std::string day_text(std::int32_t day);
/// The (year, month, day) of a day number.
void civil_from_days(std::int32_t day, int& year, int& month, int& dom) noexcept;

/// One line for the audit log: "region=… period=… [route_country=…]…" (codes only).
std::string describe(const AnalysisRequest& request);

}  // namespace vrs::server::analysis
