// Upgrades (docs/operations.md "Upgrade"): a store made by the previous release opens with
// this one, migrates in one transaction and keeps every record and receipt.
//
// The previous release's store is made at test time from the previous release's migration
// set (every migration but the newest, which are never edited once released): a store is
// filled through the real server, then copied, table by table and column by column, into a
// new database made with that migration set. The copy holds exactly the columns the previous
// release had.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "submission_helpers.hpp"
#include "test_server.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/db_key.hpp"
#include "vrs/db/migrations.hpp"
#include "vrs/schema/receipt.hpp"
#include "vrs/server/cli/db_commands.hpp"

using namespace vrs;
using namespace vrs::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

std::vector<std::string> column_list(db::Database& d, const std::string& table) {
  auto info = d.prepare("PRAGMA main.table_info(" + table + ")");
  REQUIRE(info);
  std::vector<std::string> columns;
  while (info->step().value()) columns.push_back(info->column_text(1));
  return columns;
}

// Writes `to`: a store at the previous release's schema holding the data of the store `from`.
void make_previous_release_store(const fs::path& from, const fs::path& to, const crypto::SecureBuffer& key,
                                 const db::SchemaDefinition& previous) {
  auto d = db::Database::open(to, key, db::OpenOptions{.create = true, .schema = &previous});
  REQUIRE(d);
  REQUIRE(d->exec("PRAGMA foreign_keys = OFF"));
  // The same raw key, in SQLCipher's raw-key form (a test store's key; never done with real ones).
  REQUIRE(d->exec("PRAGMA cipher_default_page_size = 4096"));
  auto attached = d->exec("ATTACH DATABASE '" + from.string() + "' AS current_release KEY \"x'" +
                          crypto::to_hex(key.view()) + "'\"");
  INFO((attached ? std::string() : attached.error().message()));
  REQUIRE(attached);
  std::vector<std::string> tables;
  {
    auto list = d->prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    REQUIRE(list);
    while (list->step().value()) tables.push_back(list->column_text(0));
  }
  REQUIRE(d->exec("BEGIN"));
  for (const auto& table : tables) {
    std::string cols;
    for (const auto& c : column_list(*d, table)) cols += (cols.empty() ? "" : ", ") + c;
    INFO(table);
    REQUIRE(d->exec("INSERT INTO main." + table + " (" + cols + ") SELECT " + cols + " FROM current_release." + table +
                    " ORDER BY rowid"));
  }
  REQUIRE(d->exec("COMMIT"));
  REQUIRE(d->exec("DETACH DATABASE current_release"));
  REQUIRE(d->schema_version().value() == previous.latest_version());
}

json::object without_log(const std::string& body) {
  auto o = json::parse(body).as_object();
  o.erase("log");
  return o;
}

}  // namespace

TEST_CASE("a store of the previous release opens, migrates in one transaction and keeps records and receipts") {
  const auto& current = db::server_schema();
  REQUIRE(current.latest_version() >= 2);
  const db::SchemaDefinition previous{"VRS server store (previous release)", current.application_id,
                                      current.migrations.first(current.migrations.size() - 1)};
  TestServer s;
  Member aus(s, "AUS-ABF");
  Member nzl(s, "NZL-INZ");
  std::vector<std::pair<std::string, std::string>> receipts;  // submission id, body
  for (auto* m : {&aus, &nzl}) {
    for (std::uint64_t seed : {1, 2}) {
      auto b = batch(m->who.member_id, records(m->who.member_id.substr(0, 3), 3, seed));
      auto r = m->submit(b);
      REQUIRE(r.status == 201);
      receipts.emplace_back(b.submission_id, r.body);
    }
  }
  s.stop();

  const fs::path live = s.config().paths.db;
  auto key = db::read_key_file(s.config().paths.db_key_file);
  REQUIRE(key);
  const fs::path fixture = s.dir() / "previous.db";
  make_previous_release_store(live, fixture, *key, previous);
  {
    auto old = db::Database::open(fixture, *key, db::OpenOptions{.migrate = false});
    REQUIRE(old);
    CHECK(old->pending_migrations().value() == 1);
  }
  fs::remove(live);
  fs::rename(fixture, live);

  // The current release opens it: the pending migration is applied, the log verifies at start.
  auto started = s.start();
  INFO((started ? std::string() : started.error().message()));
  REQUIRE(started);
  {
    auto migrated = db::Database::open(live, *key, db::OpenOptions{.migrate = false});
    REQUIRE(migrated);
    CHECK(migrated->schema_version().value() == current.latest_version());
  }
  for (const auto& [id, body] : receipts) {
    auto* m = id == receipts[0].first || id == receipts[1].first ? &aus : &nzl;
    auto again = m->get("/v1/submissions/" + id);
    REQUIRE(again.status == 200);
    CHECK(without_log(again.body) == without_log(body));
    CHECK(schema::verify_receipt(again.body, m->keys.receipt));
  }
  CHECK(aus.submissions() == 2);
  CHECK(nzl.submissions() == 2);
  CHECK(aus.submit(batch("AUS-ABF", records("AUS", 2, 3))).status == 201);
  s.stop();
  server::store::KeySource source;
  source.key_file = s.config().paths.db_key_file;
  auto checked = server::cli::db_check(server::cli::DbCheckOptions{live, source});
  INFO((checked ? std::string() : checked.error().message()));
  CHECK(checked);
}
