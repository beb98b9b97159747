#pragma once
/// Numbered schema migrations. The SQL lives in schema/db/migrations/NNNN_name.sql and is
/// embedded into the library at build time; Database::open applies the pending ones from
/// `PRAGMA user_version`, all in one transaction together with the new user_version, so a
/// failing migration leaves the database at the version it had, whatever came before it.

#include <cstdint>
#include <span>
#include <string_view>

namespace vrs::db {

/// One migration: `version` is its number (1, 2, ... without gaps), `name` e.g.
/// "0001_initial", `sql` one or more statements in the SQLite 3.15.2 dialect, without
/// BEGIN/COMMIT (the runner owns the transaction).
struct Migration {
  int version = 0;
  std::string_view name;
  std::string_view sql;
};

/// What a kind of VRS database is: its `PRAGMA application_id` (set at creation and checked on
/// every open, so another SQLCipher database under the same key is refused) and its
/// migrations. The definition must outlive every Database opened with it.
struct SchemaDefinition {
  std::string_view name;                ///< for messages, e.g. "VRS server store"
  std::int32_t application_id = 0;      ///< non-zero magic
  std::span<const Migration> migrations;
  /// The version a fully migrated database has (the number of migrations).
  [[nodiscard]] int latest_version() const noexcept { return static_cast<int>(migrations.size()); }
};

/// application_id of the server store: "VRSS" in ASCII.
inline constexpr std::int32_t kServerApplicationId = 0x56525353;

/// The server store: application_id kServerApplicationId and the embedded migrations.
/// Thread-safe (a constant).
const SchemaDefinition& server_schema() noexcept;

/// application_id of the client outbox (vrs-client's outbox.db): "VRSO" in ASCII.
inline constexpr std::int32_t kOutboxApplicationId = 0x5652534F;

/// The client outbox: application_id kOutboxApplicationId and the migrations embedded from
/// schema/db/outbox_migrations/. Thread-safe (a constant).
const SchemaDefinition& outbox_schema() noexcept;

}  // namespace vrs::db
