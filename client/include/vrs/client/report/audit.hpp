#pragma once
/// The attacker's problem solved on a saved report, from the viewer's own position
/// (docs/disclosure.md): every number of every section the document holds, the viewer's own
/// contributions (its `own` figures), the additive relations between the cells (a dimension's
/// parts and its "*" total, months and quarters, the grand totals shared by sections), whole
/// counts and no negative ones. For every suppressed cell it gives the interval of the
/// others' incidents and persons that can be derived, and says whether the cell is protected:
/// the interval is at least the protection level wide (k persons, min_incidents incidents) or
/// shows by itself that the cell is not small.
///
/// A report whose figures carry cell-key noise (`disclosure.perturbation`) is audited with each
/// published figure of the others known only within ± its largest deviation, as the viewer
/// knows it.
///
/// What it does not see: other periods and filters, and the previous period's figures of the
/// trend sections, which it leaves out of the problem. Fee cells are audited in incidents and
/// persons (their route cells add up per currency and are at most the routes table's cells).
///
/// Thread-safety: pure functions.

#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "vrs/common/error.hpp"
#include "vrs/protect/linked_system.hpp"

namespace vrs::client::report {

struct CellAudit {
  std::string section;          ///< the first section that shows the cell
  std::string cell;             ///< its key, e.g. "origin=AFG destination=AUS mode=sea"
  std::string persons_measure;  ///< migrants, smugglers or documents
  protect::Interval incidents;
  protect::Interval persons;
  bool ok = true;
};

struct ReportAudit {
  std::int64_t k = 0;
  std::int64_t min_incidents = 0;
  std::int64_t noise = 0;        ///< the documented largest noise on a published figure (0: exact)
  std::vector<CellAudit> cells;  ///< every suppressed cell, in document order
  std::size_t narrow = 0;        ///< cells not ok
};

/// Audits a parsed report (see parse_report). InvalidArgument when the document is ill-typed or
/// lacks `disclosure.k`; FailedPrecondition when its figures contradict their own totals.
Result<ReportAudit> audit_report(const boost::json::object& doc);

/// A table of the audit, one line per suppressed cell, and a summary line.
std::string format_report_audit(const ReportAudit& audit);

}  // namespace vrs::client::report
