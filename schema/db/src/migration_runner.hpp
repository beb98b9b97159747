#pragma once
// Internal: applies pending migrations at open (Database::open calls this).

#include <span>

#include "vrs/common/error.hpp"
#include "vrs/db/migrations.hpp"

namespace vrs::db {
class Database;
}

namespace vrs::db::detail {

/// The embedded server migrations (generated from schema/db/migrations/*.sql).
std::span<const Migration> server_migrations();
/// The embedded client outbox migrations (generated from schema/db/outbox_migrations/*.sql).
std::span<const Migration> outbox_migrations();

/// Checks a definition: non-zero application_id, migrations numbered 1..N in order with SQL.
Result<void> validate_schema(const SchemaDefinition& schema);

/// Applies every migration above the current user_version, each in one BEGIN IMMEDIATE
/// transaction that also sets user_version; re-reads the version inside the transaction so two
/// processes opening at once do not apply a migration twice. Stops at the first failure
/// (that migration rolled back, earlier ones kept) with "migration NNNN_name failed: ...".
Result<void> apply_migrations(Database& db, const SchemaDefinition& schema);

}  // namespace vrs::db::detail
