// vrs::db migrations: the embedded server schema, idempotent and transactional application,
// refusal of newer databases, and the schema's constraints.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <string>

#include "vrs/db/database.hpp"
#include "vrs/db/migrations.hpp"
#include "vrs/test/temp_dir.hpp"

using vrs::ErrorCode;
using vrs::crypto::SecureBuffer;
using vrs::db::Database;
using vrs::db::Migration;
using vrs::db::OpenOptions;
using vrs::db::SchemaDefinition;
namespace fs = std::filesystem;

namespace {

SecureBuffer test_key() {
  auto key = SecureBuffer::allocate(32);
  REQUIRE(key);
  std::fill(key->data(), key->data() + key->size(), std::uint8_t{0x5a});
  return std::move(*key);
}

constexpr std::int32_t kTestAppId = 0x54455354;  // "TEST"

constexpr Migration kV1[] = {{1, "0001_a", "CREATE TABLE a (x INTEGER NOT NULL);"}};
constexpr Migration kV2[] = {{1, "0001_a", "CREATE TABLE a (x INTEGER NOT NULL);"},
                             {2, "0002_b", "CREATE TABLE b (y TEXT); INSERT INTO b VALUES ('seed');"}};
constexpr Migration kV2Broken[] = {
    {1, "0001_a", "CREATE TABLE a (x INTEGER NOT NULL);"},
    {2, "0002_broken", "CREATE TABLE b (y TEXT); INSERT INTO a VALUES (NULL);"}};  // NOT NULL fails

constexpr Migration kV3Broken[] = {
    {1, "0001_a", "CREATE TABLE a (x INTEGER NOT NULL);"},
    {2, "0002_b", "CREATE TABLE b (y TEXT); INSERT INTO b VALUES ('seed');"},
    {3, "0003_broken", "UPDATE a SET x = x + 1; INSERT INTO a VALUES (NULL);"}};  // NOT NULL fails

const SchemaDefinition kSchemaV1{"test store", kTestAppId, kV1};
const SchemaDefinition kSchemaV3Broken{"test store", kTestAppId, kV3Broken};
const SchemaDefinition kSchemaV2{"test store", kTestAppId, kV2};
const SchemaDefinition kSchemaV2Broken{"test store", kTestAppId, kV2Broken};

std::set<std::string> tables(Database& db) {
  std::set<std::string> names;
  auto stmt = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'");
  REQUIRE(stmt);
  while (stmt->step().value()) names.insert(stmt->column_text(0));
  return names;
}

Database server_db(const fs::path& path) {
  auto db = Database::open(path, test_key(), OpenOptions{.create = true});
  REQUIRE(db);
  return std::move(*db);
}

}  // namespace

TEST_CASE("migrations: the embedded server schema is numbered from 1", "[db][migrations]") {
  const auto& schema = vrs::db::server_schema();
  CHECK(schema.application_id == 0x56525353);
  CHECK(schema.name == "VRS server store");
  REQUIRE(schema.latest_version() >= 1);
  CHECK(schema.migrations[0].name == "0001_initial");
  for (std::size_t i = 0; i < schema.migrations.size(); ++i) {
    CHECK(schema.migrations[i].version == static_cast<int>(i) + 1);
    CHECK_FALSE(schema.migrations[i].sql.empty());
  }
}

TEST_CASE("migrations: a new server database has every table of the design", "[db][migrations]") {
  vrs::test::TempDir dir;
  auto db = server_db(dir / "store.db");
  const auto names = tables(db);
  for (const char* table :
       {"meta", "members", "member_keys", "certificates", "server_keys", "audit_log", "audit_checkpoints",
        "submissions", "incident_versions", "incident_conduct", "incident_route_legs", "incident_migrant_groups",
        "incident_smuggler_groups", "incident_methods", "incident_documents", "incident_fees", "incident_abuse",
        "cell_key_secret"}) {
    INFO(table);
    CHECK(names.count(table) == 1);
  }
  CHECK(db.schema_version().value() == vrs::db::server_schema().latest_version());
}

TEST_CASE("migrations: the aggregation indexes exist", "[db][migrations]") {
  vrs::test::TempDir dir;
  auto db = server_db(dir / "store.db");
  for (const char* index : {"incident_versions_period", "incident_versions_country", "incident_versions_one_latest",
                            "certificates_expiry", "server_keys_one_current"}) {
    INFO(index);
    auto stmt = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?1");
    REQUIRE(stmt);
    REQUIRE(stmt->bind_text(1, index));
    REQUIRE(stmt->step().value());
    CHECK(stmt->column_int64(0) == 1);
  }
}

TEST_CASE("migrations: reopening is idempotent and keeps the data", "[db][migrations]") {
  vrs::test::TempDir dir;
  const auto path = dir / "store.db";
  {
    auto db = server_db(path);
    REQUIRE(db.exec("INSERT INTO meta (key, value) VALUES ('k', 'v')"));
  }
  for (int i = 0; i < 3; ++i) {
    auto db = Database::open(path, test_key());
    REQUIRE(db);
    CHECK(db->schema_version().value() == vrs::db::server_schema().latest_version());
    CHECK(db->query_int64("SELECT count(*) FROM meta WHERE key = 'k'").value() == 1);
  }
}

TEST_CASE("migrations: a new migration is applied at the next open", "[db][migrations]") {
  vrs::test::TempDir dir;
  const auto path = dir / "t.db";
  { REQUIRE(Database::open(path, test_key(), OpenOptions{.create = true, .schema = &kSchemaV1})); }
  auto db = Database::open(path, test_key(), OpenOptions{.schema = &kSchemaV2});
  REQUIRE(db);
  CHECK(db->schema_version().value() == 2);
  CHECK(db->query_int64("SELECT count(*) FROM b").value() == 1);
  CHECK(db->application_id().value() == kTestAppId);
}

TEST_CASE("migrations: a failing migration is rolled back and user_version stays", "[db][migrations]") {
  vrs::test::TempDir dir;
  const auto path = dir / "t.db";
  { REQUIRE(Database::open(path, test_key(), OpenOptions{.create = true, .schema = &kSchemaV1})); }
  auto failed = Database::open(path, test_key(), OpenOptions{.schema = &kSchemaV2Broken});
  REQUIRE_FALSE(failed);
  CHECK(failed.error().message().find("migration 0002_broken failed") != std::string::npos);
  CHECK(failed.error().message().find("NOT NULL constraint failed") != std::string::npos);

  auto db = Database::open(path, test_key(), OpenOptions{.migrate = false, .schema = &kSchemaV2Broken});
  REQUIRE(db);
  CHECK(db->schema_version().value() == 1);
  CHECK(db->pending_migrations().value() == 1);
  CHECK(tables(*db).count("b") == 0);  // the first statement of the failed migration is gone too
}

TEST_CASE("migrations: pending migrations are one transaction: a failing last one leaves the file as it was",
          "[db][migrations]") {
  vrs::test::TempDir dir;
  const auto path = dir / "t.db";
  {
    auto db = Database::open(path, test_key(), OpenOptions{.create = true, .schema = &kSchemaV1});
    REQUIRE(db);
    REQUIRE(db->exec("INSERT INTO a VALUES (41)"));
  }
  const auto bytes_before = vrs::test::read_text_file(path);
  auto failed = Database::open(path, test_key(), OpenOptions{.schema = &kSchemaV3Broken});
  REQUIRE_FALSE(failed);
  CHECK(failed.error().message().find("migration 0003_broken failed (no migration was applied)") != std::string::npos);
  CHECK(vrs::test::read_text_file(path) == bytes_before);  // 0002 was rolled back with it
  CHECK_FALSE(fs::exists(dir / "t.db-wal"));
  auto db = Database::open(path, test_key(), OpenOptions{.migrate = false, .schema = &kSchemaV3Broken});
  REQUIRE(db);
  CHECK(db->schema_version().value() == 1);
  CHECK(db->pending_migrations().value() == 2);
  CHECK(tables(*db).count("b") == 0);
  CHECK(db->query_int64("SELECT x FROM a").value() == 41);
}

TEST_CASE("migrations: a failing migration at creation leaves no file", "[db][migrations]") {
  vrs::test::TempDir dir;
  const auto path = dir / "t.db";
  auto db = Database::open(path, test_key(), OpenOptions{.create = true, .schema = &kSchemaV2Broken});
  REQUIRE_FALSE(db);
  CHECK(fs::is_empty(dir.path()));
}

TEST_CASE("migrations: a database newer than the program is refused unchanged", "[db][migrations]") {
  vrs::test::TempDir dir;
  const auto path = dir / "t.db";
  { REQUIRE(Database::open(path, test_key(), OpenOptions{.create = true, .schema = &kSchemaV2})); }
  const auto before = vrs::test::read_file_bytes(path);
  auto db = Database::open(path, test_key(), OpenOptions{.schema = &kSchemaV1});
  REQUIRE_FALSE(db);
  CHECK(db.error().code() == ErrorCode::FailedPrecondition);
  CHECK(db.error().message() == "cannot open " + path.string() +
                                    ": schema version 2 is newer than this program supports (1); use a newer VRS "
                                    "release");
  CHECK(vrs::test::read_file_bytes(path) == before);
}

TEST_CASE("migrations: migrate=false reports pending migrations and writes nothing", "[db][migrations]") {
  vrs::test::TempDir dir;
  const auto path = dir / "t.db";
  { REQUIRE(Database::open(path, test_key(), OpenOptions{.create = true, .schema = &kSchemaV1})); }
  const auto before = vrs::test::read_file_bytes(path);
  {
    auto db = Database::open(path, test_key(), OpenOptions{.migrate = false, .schema = &kSchemaV2});
    REQUIRE(db);
    CHECK(db->schema_version().value() == 1);
    CHECK(db->pending_migrations().value() == 1);
    CHECK(tables(*db).count("b") == 0);
  }
  CHECK(vrs::test::read_file_bytes(path) == before);
}

TEST_CASE("migrations: malformed schema definitions are refused", "[db][migrations]") {
  vrs::test::TempDir dir;
  static constexpr Migration kGap[] = {{1, "0001_a", "CREATE TABLE a (x);"}, {3, "0003_c", "CREATE TABLE c (x);"}};
  static constexpr Migration kEmpty[] = {{1, "0001_a", ""}};
  const SchemaDefinition gap{"gap", kTestAppId, kGap};
  const SchemaDefinition empty_sql{"empty", kTestAppId, kEmpty};
  const SchemaDefinition zero_id{"zero", 0, kV1};
  for (const SchemaDefinition* schema : {&gap, &empty_sql, &zero_id}) {
    INFO(schema->name);
    auto db = Database::open(dir / "t.db", test_key(), OpenOptions{.create = true, .schema = schema});
    REQUIRE_FALSE(db);
    CHECK(db.error().code() == ErrorCode::Internal);
    CHECK_FALSE(fs::exists(dir / "t.db"));
  }
}

TEST_CASE("schema: CHECK constraints refuse bad values", "[db][migrations]") {
  vrs::test::TempDir dir;
  auto db = server_db(dir / "store.db");
  REQUIRE(db.exec("INSERT INTO members (member_id, state, agency, role, created_at) "
                  "VALUES ('AUS-ABF', 'AUS', 'Australian Border Force', 'reporter', '2024-01-01T00:00:00.000Z')"));
  const std::string bad = GENERATE(
      std::string("INSERT INTO members (member_id, state, agency, role, created_at) VALUES ('NZL-X', 'nz', 'a', "
                  "'reporter', 't')"),
      std::string("INSERT INTO members (member_id, state, agency, role, created_at) VALUES ('NZL-X', 'NZL', 'a', "
                  "'superuser', 't')"),
      std::string("INSERT INTO members (member_id, state, agency, role, created_at) VALUES ('bad id!', 'NZL', 'a', "
                  "'reporter', 't')"),
      std::string("INSERT INTO certificates (serial, member_id, fingerprint, role, subject, not_before, not_after, "
                  "issued_reason, created_at) VALUES ('01', 'AUS-ABF', 'ABC', 'reporter', 's', 'a', 'b', 'enrol', "
                  "'t')"),
      std::string("INSERT INTO server_keys (key_id, kind, public_key, secret_key, created_at) VALUES ('k', 'rsa', "
                  "zeroblob(32), zeroblob(32), 't')"),
      std::string("INSERT INTO server_keys (key_id, kind, public_key, secret_key, created_at) VALUES ('k', "
                  "'ed25519', zeroblob(31), zeroblob(32), 't')"));
  INFO(bad);
  auto r = db.exec(bad);
  REQUIRE_FALSE(r);
  CHECK(r.error().code() == ErrorCode::Conflict);
}

TEST_CASE("schema: one latest version per (member, ref) and one current key per kind", "[db][migrations]") {
  vrs::test::TempDir dir;
  auto db = server_db(dir / "store.db");
  REQUIRE(db.exec(
      "INSERT INTO members (member_id, state, agency, role, created_at) VALUES ('AUS-ABF', 'AUS', 'ABF', "
      "'reporter', 't');"
      "INSERT INTO audit_log (seq, time, actor, action, object, outcome, prev_hash, hash) VALUES (1, 't', 'a', 'b', "
      "'', 'ok', zeroblob(32), zeroblob(32));"
      "INSERT INTO submissions (submission_id, member_id, payload_hash, signature, signer_key, received_at, receipt, "
      "audit_seq) VALUES ('s1', 'AUS-ABF', zeroblob(32), zeroblob(64), zeroblob(32), 't', x'00', 1);"
      "INSERT INTO incident_versions (member_id, state, ref, version, status, submission_id, date_start, date_end, "
      "date_precision, detection_country, detection_location, canonical, created_at) VALUES ('AUS-ABF', 'AUS', 'R1', "
      "1, 'active', 's1', '2024-01-01', '2024-01-01', 'day', 'AUS', 'airport', x'7b7d', 't');"));
  auto second_latest = db.exec(
      "INSERT INTO incident_versions (member_id, state, ref, version, base_version, status, submission_id, "
      "canonical, created_at) VALUES ('AUS-ABF', 'AUS', 'R1', 2, 1, 'withdrawn', 's1', x'7b7d', 't')");
  REQUIRE_FALSE(second_latest);
  CHECK(second_latest.error().message().find("UNIQUE constraint failed") != std::string::npos);
  // The writer's way: clear the old flag, then insert the new latest version.
  REQUIRE(db.exec("UPDATE incident_versions SET is_latest = 0 WHERE member_id = 'AUS-ABF' AND ref = 'R1';"
                  "INSERT INTO incident_versions (member_id, state, ref, version, base_version, status, submission_id, "
                  "canonical, created_at) VALUES ('AUS-ABF', 'AUS', 'R1', 2, 1, 'withdrawn', 's1', x'7b7d', 't')"));
  // An active version needs its incident fields.
  auto incomplete = db.exec(
      "INSERT INTO incident_versions (member_id, state, ref, version, status, submission_id, canonical, created_at) "
      "VALUES ('AUS-ABF', 'AUS', 'R2', 1, 'active', 's1', x'7b7d', 't')");
  CHECK_FALSE(incomplete);

  REQUIRE(db.exec("INSERT INTO server_keys (key_id, kind, public_key, secret_key, created_at) VALUES ('k1', 'ed25519', "
                  "zeroblob(32), zeroblob(32), 't')"));
  auto second_current = db.exec(
      "INSERT INTO server_keys (key_id, kind, public_key, secret_key, created_at) VALUES ('k2', 'ed25519', "
      "zeroblob(32), zeroblob(32), 't')");
  CHECK_FALSE(second_current);
  REQUIRE(db.exec("UPDATE server_keys SET retired_at = 't2' WHERE key_id = 'k1';"
                  "INSERT INTO server_keys (key_id, kind, public_key, secret_key, created_at) VALUES ('k2', 'ed25519', "
                  "zeroblob(32), zeroblob(32), 't')"));
}

TEST_CASE("schema: detail rows go with their incident version", "[db][migrations]") {
  vrs::test::TempDir dir;
  auto db = server_db(dir / "store.db");
  REQUIRE(db.exec(
      "INSERT INTO members (member_id, state, agency, role, created_at) VALUES ('AUS-ABF', 'AUS', 'ABF', "
      "'reporter', 't');"
      "INSERT INTO audit_log (seq, time, actor, action, object, outcome, prev_hash, hash) VALUES (1, 't', 'a', 'b', "
      "'', 'ok', zeroblob(32), zeroblob(32));"
      "INSERT INTO submissions (submission_id, member_id, payload_hash, signature, signer_key, received_at, receipt, "
      "audit_seq) VALUES ('s1', 'AUS-ABF', zeroblob(32), zeroblob(64), zeroblob(32), 't', x'00', 1);"
      "INSERT INTO incident_versions (id, member_id, state, ref, version, status, submission_id, date_start, "
      "date_end, date_precision, detection_country, detection_location, canonical, created_at) VALUES (1, 'AUS-ABF', "
      "'AUS', 'R1', 1, 'active', 's1', '2024-01-01', '2024-01-31', 'month', 'AUS', 'at_sea', x'7b7d', 't');"
      "INSERT INTO incident_route_legs VALUES (1, 0, 'AFG', 'origin', 'land'), (1, 1, 'IDN', 'transit', 'air'), "
      "(1, 2, 'AUS', 'destination', 'sea');"
      "INSERT INTO incident_fees VALUES (1, 0, 500000, 'USD', 'person', 'full_journey', 'hawala');"
      "INSERT INTO incident_migrant_groups (incident_id, position, nationality, sex, age, count) VALUES "
      "(1, 0, 'AFG', 'male', 'adult', 12);"));
  auto bad_leg = db.exec("INSERT INTO incident_route_legs VALUES (1, 3, 'AUS', 'destination', 'rocket')");
  CHECK_FALSE(bad_leg);
  auto bad_fee = db.exec("INSERT INTO incident_fees VALUES (1, 1, 0, 'USD', 'person', 'leg', 'cash')");
  CHECK_FALSE(bad_fee);
  auto orphan = db.exec("INSERT INTO incident_methods VALUES (99, 'concealment')");
  CHECK_FALSE(orphan);
  REQUIRE(db.exec("DELETE FROM incident_versions WHERE id = 1"));
  CHECK(db.query_int64("SELECT count(*) FROM incident_route_legs").value() == 0);
  CHECK(db.query_int64("SELECT count(*) FROM incident_fees").value() == 0);
}
