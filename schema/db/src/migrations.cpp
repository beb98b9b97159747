#include "vrs/db/migrations.hpp"

#include <string>

#include "migration_runner.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/transaction.hpp"

namespace vrs::db {

const SchemaDefinition& server_schema() noexcept {
  static const SchemaDefinition kSchema{"VRS server store", kServerApplicationId, detail::server_migrations()};
  return kSchema;
}

const SchemaDefinition& outbox_schema() noexcept {
  static const SchemaDefinition kSchema{"VRS client outbox", kOutboxApplicationId, detail::outbox_migrations()};
  return kSchema;
}

namespace detail {

Result<void> validate_schema(const SchemaDefinition& schema) {
  if (schema.application_id == 0) {
    return fail(ErrorCode::Internal, "schema " + std::string(schema.name) + ": application_id must not be 0");
  }
  int expected = 1;
  for (const Migration& m : schema.migrations) {
    if (m.version != expected || m.sql.empty()) {
      return fail(ErrorCode::Internal, "schema " + std::string(schema.name) + ": migration " + std::string(m.name) +
                                           " must be number " + std::to_string(expected) + " and have SQL");
    }
    ++expected;
  }
  return {};
}

Result<void> apply_migrations(Database& db, const SchemaDefinition& schema) {
  VRS_TRY(const auto before, db.schema_version());
  if (before >= schema.latest_version()) return {};
  // Every pending migration in ONE transaction: an upgrade across several releases either
  // completes or leaves the database exactly as it was (docs/operations.md "Upgrade").
  auto tx = Transaction::begin(db);
  if (!tx) return fail(tx.error().with_context("migrations"));
  // Another process may have migrated between our read and our write lock.
  VRS_TRY(const auto current, db.schema_version());
  for (const Migration& m : schema.migrations) {
    if (m.version <= current) continue;
    const std::string what = "migration " + std::string(m.name) + " failed (no migration was applied)";
    if (auto r = db.exec(m.sql); !r) return fail(r.error().with_context(what));
    // user_version is part of the same transaction: it moves only if the SQL committed.
    if (auto r = db.exec("PRAGMA user_version = " + std::to_string(m.version)); !r) {
      return fail(r.error().with_context(what));
    }
  }
  if (auto r = tx->commit(); !r) return fail(r.error().with_context("migrations"));
  return {};
}

}  // namespace detail
}  // namespace vrs::db
