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

/// Applies every migration above the current user_version, all in ONE BEGIN IMMEDIATE
/// transaction that also sets user_version; re-reads the version inside the transaction so two
/// processes opening at once do not apply a migration twice. A failure rolls every pending
/// migration back ("migration NNNN_name failed (no migration was applied): ..."): the database
/// stays at the version it had.
Result<void> apply_migrations(Database& db, const SchemaDefinition& schema);

}  // namespace vrs::db::detail
