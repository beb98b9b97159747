// The server's own keys rotated beside a running server (docs/operations.md "Rotate keys"):
// the new sealing key is published after reload; an envelope sealed to the previous one is
// opened during the grace period and refused with envelope_key_retired after it; a rotated
// receipt key's retirement is signed by its successor; the audit log records each change.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "submission_helpers.hpp"
#include "test_server.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/db_key.hpp"
#include "vrs/schema/key_retirement.hpp"
#include "vrs/server/store/key_rotation.hpp"

using namespace vrs;
using namespace vrs::test;
namespace json = boost::json;

namespace {

// Rotates (or closes) on a connection of its own, as `vrs-server keys` does, then reloads.
template <class Change>
void change_keys(TestServer& s, Change change) {
  auto key = db::read_key_file(s.config().paths.db_key_file);
  REQUIRE(key);
  auto database = db::Database::open(s.config().paths.db, *key);
  REQUIRE(database);
  change(*database);
  REQUIRE(s.server().reload());
}

std::int64_t audit_count(TestServer& s, const std::string& action) {
  auto key = db::read_key_file(s.config().paths.db_key_file).value();
  auto database = db::Database::open(s.config().paths.db, key).value();
  auto stmt = database.prepare("SELECT count(*) FROM audit_log WHERE action = ?1").value();
  REQUIRE(stmt.bind_text(1, action));
  REQUIRE(stmt.step().value());
  return stmt.column_int64(0);
}

}  // namespace

TEST_CASE("a rotated sealing key still opens envelopes within the grace period, then is refused") {
  const auto grace = GENERATE(0, 30);
  TestServer s([grace](server::Config& c) { c.keys.sealing_grace_days = grace; });
  Member aus(s, "AUS-ABF");
  const auto old_keys = aus.keys;
  const auto sealed_to_old = seal(batch("AUS-ABF", records("AUS", 2)), *aus.who.signing, old_keys);
  std::string change;
  change_keys(s, [&](db::Database& d) {
    auto rotated = server::store::rotate_server_key(d, server::store::KeyKind::Sealing);
    REQUIRE(rotated);
    change = *rotated;
  });
  CHECK(change.rfind(old_keys.sealing_id + " -> ", 0) == 0);
  const auto fresh = fetch_keys(s, aus.who);
  CHECK(fresh.sealing_id != old_keys.sealing_id);
  CHECK(audit_count(s, "server_keys.rotate") == 1);

  auto r = aus.post(sealed_to_old);
  INFO(r.body);
  if (grace == 30) {
    CHECK(r.status == 201);
    // Closing it ends the grace period at once.
    change_keys(s, [&](db::Database& d) { REQUIRE(server::store::close_sealing_key(d, old_keys.sealing_id)); });
    CHECK(audit_count(s, "server_keys.retire") == 1);
    r = aus.post(seal(batch("AUS-ABF", records("AUS", 2, 8)), *aus.who.signing, old_keys));
  }
  CHECK(r.status == 400);
  CHECK(json_string(r.body, "code") == "envelope_key_retired");
  aus.keys = fresh;
  CHECK(aus.submit(batch("AUS-ABF", records("AUS", 2, 9))).status == 201);
}

TEST_CASE("a rotated receipt key is published retired, with its successor's signature, and closing it is refused") {
  TestServer s;
  Member aus(s, "AUS-ABF");
  REQUIRE(aus.submit(batch("AUS-ABF", records("AUS", 2))).status == 201);
  change_keys(s, [](db::Database& d) { REQUIRE(server::store::rotate_server_key(d, server::store::KeyKind::Receipt)); });
  auto doc = json::parse(aus.get("/v1/keys").body).as_object();
  const auto& receipts = doc.at("receipt").as_array();
  REQUIRE(receipts.size() == 2);
  const auto& old = receipts[0].as_object();
  const auto& next = receipts[1].as_object();
  CHECK_FALSE(old.at("current").as_bool());
  CHECK(next.at("current").as_bool());
  REQUIRE(old.at("successor").as_string() == next.at("key_id").as_string());
  schema::KeyRetirement statement{std::string(old.at("key_id").as_string()), key_from<32>(old.at("public_key")),
                                  std::string(old.at("retired_at").as_string()), std::string(next.at("key_id").as_string())};
  const auto signature = key_from<64>(old.at("retirement_signature"));
  CHECK(schema::verify_key_retirement(statement, key_from<32>(next.at("public_key")), signature));
  statement.retired_at = "2099-01-01T00:00:00.000Z";
  CHECK_FALSE(schema::verify_key_retirement(statement, key_from<32>(next.at("public_key")), signature));

  // New receipts are signed by the new key; the log restarts on heads of both.
  auto r = aus.submit(batch("AUS-ABF", records("AUS", 2, 8)));
  REQUIRE(r.status == 201);
  CHECK(r.body.find(std::string(next.at("key_id").as_string())) != std::string::npos);
  s.stop();
  REQUIRE(s.start());

  change_keys(s, [&](db::Database& d) {
    auto refused = server::store::close_sealing_key(d, std::string(old.at("key_id").as_string()));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message().find("receipt key") != std::string::npos);
    CHECK_FALSE(server::store::close_sealing_key(d, "x25519-0000000000000000"));
  });
}
