#pragma once
/// Writes one incident version and its detail rows (tables incident_versions, incident_conduct,
/// incident_route_legs, incident_migrant_groups, incident_smuggler_groups, incident_methods,
/// incident_documents, incident_fees, incident_abuse). Runs inside the caller's transaction;
/// statements come from the connection's cache (hot path of ingest).

#include <cstdint>
#include <optional>
#include <string>

#include "vrs/common/error.hpp"
#include "vrs/schema/model.hpp"

namespace vrs::db {
class Database;
}

namespace vrs::server::store {

struct VersionRow {
  std::string member_id;
  std::string state;
  std::int64_t version = 1;
  std::optional<std::int64_t> base_version;
  std::string submission_id;
  std::string created_at;
};

/// Inserts `incident` as version `row.version` of (member, incident.ref), marked latest.
Result<void> insert_incident_version(db::Database& db, const VersionRow& row, const schema::Incident& incident);

}  // namespace vrs::server::store
