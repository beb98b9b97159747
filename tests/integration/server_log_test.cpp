// Integration: the transparency log (docs/transparency.md) against a real server. Receipts carry
// a signed tree head and the proof of their own entry; consistency proofs link every head to the
// current one; a log that was cut, reordered or rewritten is refused at start, and a rewrite the
// server cannot see (its checkpoints rewritten too) is caught by a member holding an older head.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "submission_helpers.hpp"
#include "test_server.hpp"
#include "vrs/client/net/log_check.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/db/audit_log.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/db_key.hpp"

using namespace vrs::test;
namespace json = boost::json;
namespace net = vrs::client::net;

namespace {

net::ServerKeys server_keys(TestServer& s, const Identity& who) {
  auto r = one_request(s.port(), s.options(&who), "GET", "/v1/keys");
  REQUIRE(r);
  return net::parse_server_keys(r->body).value();
}

vrs::schema::SignedTreeHead current_head(TestServer& s, const Identity& who) {
  auto r = one_request(s.port(), s.options(&who), "GET", "/v1/log/head");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  return vrs::schema::parse_tree_head(r->body).value();
}

// What `vrs-client log verify` does, over the test client.
net::LogCheck verify(TestServer& s, const Identity& who, const std::vector<std::string>& receipts,
                     const std::optional<vrs::schema::SignedTreeHead>& kept) {
  const auto keys = server_keys(s, who);
  auto check = net::check_receipts(receipts, kept, keys);
  const auto current = current_head(s, who);
  const auto sizes = net::check_current(check, current, keys);
  if (!sizes.empty()) {
    std::string target = "/v1/log/consistency?to=" + std::to_string(current.head.tree_size) + "&from=";
    for (std::size_t i = 0; i < sizes.size(); ++i) target += (i ? "," : "") + std::to_string(sizes[i]);
    auto r = one_request(s.port(), s.options(&who), "GET", target);
    REQUIRE(r);
    REQUIRE(r->status == 200);
    net::check_consistency(check, current, vrs::schema::parse_consistency(r->body, current.head.tree_size).value(), sizes);
  }
  return check;
}

std::string problems(const net::LogCheck& c) {
  std::string out;
  for (const auto& p : c.problems) out += p + "\n";
  return out;
}

// The database with the append-only triggers dropped, as an attacker with the key has it.
vrs::db::Database open_for_tampering(TestServer& s) {
  auto key = vrs::db::read_key_file(s.config().paths.db_key_file).value();
  auto db = vrs::db::Database::open(s.config().paths.db, key).value();
  REQUIRE(db.exec("PRAGMA foreign_keys = OFF"));
  for (const char* t : {"audit_log_no_update", "audit_log_no_delete", "audit_log_next_seq", "audit_checkpoints_no_delete"}) {
    REQUIRE(db.exec(std::string("DROP TRIGGER ") + t));
  }
  return db;
}

// Rewrites the object of entry `seq` and recomputes the whole chain, so the chain alone verifies.
void rewrite_and_rechain(vrs::db::Database& db, std::int64_t seq) {
  auto change = db.prepare("UPDATE audit_log SET object = object || ' (edited)' WHERE seq = ?1").value();
  REQUIRE(change.bind_int64(1, seq));
  REQUIRE(change.run());
  auto rows = db.prepare("SELECT seq, time, actor, action, object, outcome FROM audit_log ORDER BY seq").value();
  vrs::crypto::Digest32 prev{};
  std::vector<std::pair<std::int64_t, std::pair<vrs::crypto::Digest32, vrs::crypto::Digest32>>> fixed;
  while (rows.step().value()) {
    const auto hash = vrs::db::compute_audit_hash(rows.column_int64(0), rows.column_text(1), rows.column_text(2),
                                                  rows.column_text(3), rows.column_text(4), rows.column_text(5),
                                                  vrs::crypto::ByteView(prev.data(), prev.size()));
    fixed.push_back({rows.column_int64(0), {prev, hash}});
    prev = hash;
  }
  for (const auto& [s, hashes] : fixed) {
    auto update = db.prepare("UPDATE audit_log SET prev_hash = ?2, hash = ?3 WHERE seq = ?1").value();
    REQUIRE(update.bind_int64(1, s));
    REQUIRE(update.bind_blob(2, vrs::crypto::ByteView(hashes.first.data(), 32)));
    REQUIRE(update.bind_blob(3, vrs::crypto::ByteView(hashes.second.data(), 32)));
    REQUIRE(update.run());
  }
}

// Three receipted submissions and a stored head: the state every tamper test starts from.
struct Logged {
  TestServer s;
  Member m{s, "AUS-ABF"};
  std::vector<std::string> receipts;
  vrs::schema::SignedTreeHead kept;
  Logged() {
    for (std::uint64_t i = 0; i < 3; ++i) {
      auto r = m.submit(batch("AUS-ABF", records("AUS", 2, 10 + i)));
      REQUIRE(r.status == 201);
      receipts.push_back(r.body);
    }
    kept = current_head(s, m.who);  // signed and stored as a checkpoint
    REQUIRE(verify(s, m.who, receipts, kept).ok());
  }
};

}  // namespace

TEST_CASE("every receipt proves its own entry in a signed tree head, and every head is a prefix of the current log") {
  TestServer s;
  Member a(s, "AUS-ABF");
  Member b(s, "NZL-INZ");
  std::vector<std::string> receipts;
  for (std::uint64_t i = 0; i < 4; ++i) {
    auto& who = i % 2 == 0 ? a : b;
    auto r = who.submit(batch(who.who.member_id, records(who.who.member_id.substr(0, 3), 2, 20 + i)));
    REQUIRE(r.status == 201);
    auto log = vrs::schema::receipt_log_of(r.body).value();
    REQUIRE(log);
    auto receipt = vrs::schema::parse_receipt(r.body).value();
    CHECK(log->entry.seq == static_cast<std::int64_t>(receipt.audit_seq));
    CHECK(log->head.head.tree_size >= receipt.audit_seq);
    CHECK(net::check_receipt_log(receipt, *log, server_keys(s, who.who)));
    // The receipt's signature is unchanged by the log part.
    CHECK(vrs::schema::verify_receipt(r.body, who.keys.receipt));
    if (&who == &a) receipts.push_back(r.body);
  }
  // A replay answers the stored receipt with a fresh proof.
  auto again = a.get("/v1/submissions/" + vrs::schema::parse_receipt(receipts[0]).value().submission_id);
  REQUIRE(again.status == 200);
  REQUIRE(vrs::schema::receipt_log_of(again.body).value());

  auto check = verify(s, a.who, receipts, std::nullopt);
  INFO(problems(check));
  CHECK(check.ok());
  CHECK(check.receipts_proved == 2);

  // A proof bent to another entry, or a head with a changed root, does not verify.
  auto receipt = vrs::schema::parse_receipt(receipts[0]).value();
  auto log = *vrs::schema::receipt_log_of(receipts[0]).value();
  auto moved = log;
  moved.entry.object += "x";
  CHECK_FALSE(net::check_receipt_log(receipt, moved, server_keys(s, a.who)));
  auto forged = log;
  forged.head.head.root[0] ^= 1;
  CHECK_FALSE(net::check_receipt_log(receipt, forged, server_keys(s, a.who)));
  // A head of the same size with another root is a fork.
  auto fork = net::check_receipts({receipts[0]}, forged.head, server_keys(s, a.who));
  CHECK_FALSE(fork.ok());
}

TEST_CASE("log requests are checked") {
  TestServer s;
  Member m(s, "AUS-ABF");
  const auto size = current_head(s, m.who).head.tree_size;
  for (const std::string bad : {"", "?to=3", "?from=1", "?to=2&from=3", "?to=x&from=1", "?to=3&from=1&to=4", "?to=3&from=1,,2",
                                "?to=3&from=0", "?to=3&from=1&x=1"}) {
    INFO(bad);
    auto r = m.get("/v1/log/consistency" + bad);
    CHECK(r.status == 400);
  }
  std::string many = "/v1/log/consistency?to=" + std::to_string(size) + "&from=";
  for (int i = 0; i < 65; ++i) many += (i ? ",1" : "1");
  CHECK(m.get(many).status == 400);
  CHECK(m.get("/v1/log/consistency?to=" + std::to_string(size + 100) + "&from=1").status == 404);
  CHECK(m.get("/v1/log/head?x=1").status == 400);
  auto ok = m.get("/v1/log/consistency?to=" + std::to_string(size) + "&from=1," + std::to_string(size));
  CHECK(ok.status == 200);
}

TEST_CASE("a log cut after a signed head is refused at start") {
  Logged l;
  l.s.stop();
  {
    auto db = open_for_tampering(l.s);
    REQUIRE(db.exec("DELETE FROM audit_log WHERE seq > (SELECT max(seq) - 2 FROM audit_log)"));
  }
  auto started = l.s.start();
  REQUIRE_FALSE(started);
  CHECK(started.error().message().find("it was cut") != std::string::npos);
}

TEST_CASE("a log with two entries swapped is refused at start") {
  Logged l;
  l.s.stop();
  {
    auto db = open_for_tampering(l.s);
    REQUIRE(db.exec("UPDATE audit_log SET seq = 1000000 WHERE seq = 3"));
    REQUIRE(db.exec("UPDATE audit_log SET seq = 3 WHERE seq = 4"));
    REQUIRE(db.exec("UPDATE audit_log SET seq = 4 WHERE seq = 1000000"));
  }
  auto started = l.s.start();
  REQUIRE_FALSE(started);
  CHECK(started.error().message().find("audit entry 3") != std::string::npos);
}

TEST_CASE("a log rewritten with a recomputed chain is refused at start: its signed heads no longer match") {
  Logged l;
  l.s.stop();
  {
    auto db = open_for_tampering(l.s);
    rewrite_and_rechain(db, 5);
  }
  auto started = l.s.start();
  REQUIRE_FALSE(started);
  CHECK(started.error().message().find("were changed, reordered or replaced") != std::string::npos);
}

TEST_CASE("a rewrite that also removes the server's own heads is caught by a member holding an older head") {
  Logged l;
  l.s.stop();
  {
    auto db = open_for_tampering(l.s);
    rewrite_and_rechain(db, 5);
    REQUIRE(db.exec("DELETE FROM audit_checkpoints"));
  }
  std::filesystem::remove(l.s.config().paths.db.parent_path() / "log-head.json");
  REQUIRE(l.s.start());  // nothing left on the server to compare with
  auto check = verify(l.s, l.m.who, l.receipts, l.kept);
  INFO(problems(check));
  REQUIRE_FALSE(check.ok());
  CHECK(problems(check).find("REWRITTEN") != std::string::npos);
}
