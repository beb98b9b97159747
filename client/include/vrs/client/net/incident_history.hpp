#pragma once
/// GET /v1/incidents/{ref} (docs/api.md): the versions of one of the member's own records, and
/// the withdrawal built from it (docs/architecture.md "Submission path": a withdrawal is a new version with status
/// `withdrawn` that names the version it replaces).
///
/// Thread-safety: pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vrs/common/error.hpp"
#include "vrs/schema/model.hpp"

namespace vrs::client::net {

struct IncidentVersion {
  std::uint64_t version = 0;
  std::string status;  ///< active | withdrawn
  std::optional<std::uint64_t> base_version;
  std::string submission_id;
  std::string created_at;
  bool latest = false;
  std::string record;  ///< the record JSON as the server returned it
};

struct IncidentHistory {
  std::string ref;
  std::vector<IncidentVersion> versions;
};

/// Parses the response. InvalidArgument naming the field for a wrong shape, no versions, or
/// not exactly one `latest` version.
Result<IncidentHistory> parse_incident_history(std::string_view json);

/// "incident <ref>: N versions" and a table VERSION STATUS BASE SUBMISSION CREATED LATEST.
std::string format_incident_history(const IncidentHistory& history);

/// The latest version's record with status `withdrawn`, base_version `base_version` and, if
/// given, `reason` as its notes; validated against `today` (InvalidArgument listing the field
/// paths otherwise). Whether `base_version` is still the latest is the server's call (409).
Result<schema::Incident> withdrawal_record(const IncidentHistory& history, std::uint64_t base_version,
                                           const std::optional<std::string>& reason, const schema::Date& today);

}  // namespace vrs::client::net
