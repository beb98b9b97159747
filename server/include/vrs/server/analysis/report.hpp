#pragma once
/// Builds the `vrs.report/1` document (docs/reports.md) from the fact store for one viewer:
/// aggregates for the region, period and filters, disclosure control for the viewer's role,
/// reciprocity, and the document's own SHA-256. Nothing that leaves this function can hold a
/// suppressed number or another member's notes (the fact store holds no notes at all).
///
/// Thread-safety: pure over a FactStore that is not modified during the call.

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "vrs/certs/identity.hpp"
#include "vrs/common/error.hpp"
#include "vrs/server/analysis/disclosure.hpp"
#include "vrs/server/analysis/facts.hpp"
#include "vrs/server/analysis/request.hpp"
#include "vrs/server/config.hpp"

namespace vrs::server::analysis {

struct Viewer {
  std::string member_id;
  std::string state;
  certs::Role role = certs::Role::Reporter;
};

struct ReportInput {
  const FactStore& facts;
  const AnalysisRequest& request;
  Viewer viewer;
  const DisclosureConfig& disclosure;
  const FxRates& fx;
  std::string generated_at;    ///< "YYYY-MM-DDTHH:MM:SSZ"
  std::string pseudonym_salt;  ///< secret per server run: orders the "Member N" labels
};

/// The document with every section (`only` empty) or only `sections.{only}` (which must be one
/// of schema::report::kSections). The suppression pattern is the full report's either way.
/// Without its digest: schema::report::seal() appends it. `protection`, when given, receives
/// what disclosure control did (counts and the time spent in the attacker's problems).
boost::json::object build_report(const ReportInput& input, std::string_view only = {},
                                 DisclosureStats* protection = nullptr);

}  // namespace vrs::server::analysis
