// vrs::db::AuditLog: append-only hash chain, triggers, and verify() naming the first broken
// entry for each kind of tampering.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <string>

#include "vrs/crypto/encoding.hpp"
#include "vrs/db/audit_log.hpp"
#include "vrs/db/clock.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/transaction.hpp"
#include "vrs/test/temp_dir.hpp"

using vrs::ErrorCode;
using vrs::crypto::SecureBuffer;
using vrs::db::AuditEntry;
using vrs::db::AuditLog;
using vrs::db::Database;
using vrs::db::OpenOptions;
namespace fs = std::filesystem;

namespace {

SecureBuffer test_key() {
  auto key = SecureBuffer::allocate(32);
  REQUIRE(key);
  std::fill(key->data(), key->data() + key->size(), std::uint8_t{0xa5});
  return std::move(*key);
}

Database new_db(const fs::path& path) {
  auto db = Database::open(path, test_key(), OpenOptions{.create = true});
  REQUIRE(db);
  return std::move(*db);
}

// A log with entries 1..n.
void fill(AuditLog& log, int n) {
  for (int i = 1; i <= n; ++i) {
    auto seq = log.append({"AUS-ABF", "submission.accept", "submission-" + std::to_string(i), "ok"});
    REQUIRE(seq);
    REQUIRE(*seq == i);
  }
}

// What someone holding the key (but not the chain) would do: drop the triggers and edit.
void tamper(Database& db, const std::string& sql) {
  REQUIRE(db.exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; "
                  "DROP TRIGGER audit_log_next_seq;"));
  REQUIRE(db.exec(sql));
}

}  // namespace

TEST_CASE("audit: an empty log has the genesis head and verifies", "[db][audit]") {
  vrs::test::TempDir dir;
  auto db = new_db(dir / "store.db");
  AuditLog log(db);
  auto head = log.head();
  REQUIRE(head);
  CHECK(head->seq == 0);
  CHECK(head->hash == vrs::crypto::Digest32{});
  auto report = log.verify();
  REQUIRE(report);
  CHECK(report->ok());
  CHECK(report->entries == 0);
}

TEST_CASE("audit: appended entries chain and verify", "[db][audit]") {
  vrs::test::TempDir dir;
  auto db = new_db(dir / "store.db");
  AuditLog log(db);
  fill(log, 5);
  auto report = log.verify();
  REQUIRE(report);
  CHECK(report->ok());
  CHECK(report->entries == 5);
  CHECK(report->head_seq == 5);
  auto head = log.head();
  REQUIRE(head);
  CHECK(head->seq == 5);
  CHECK(head->hash == report->head_hash);
}

TEST_CASE("audit: the stored hash is the documented BLAKE2b chain", "[db][audit]") {
  vrs::test::TempDir dir;
  auto db = new_db(dir / "store.db");
  const auto fixed = std::chrono::system_clock::time_point(std::chrono::milliseconds(1714557600123));
  AuditLog log(db, [fixed] { return fixed; });
  fill(log, 2);
  auto rows = log.list(0, 10);
  REQUIRE(rows);
  REQUIRE(rows->size() == 2);
  const auto& e1 = (*rows)[0];
  const auto& e2 = (*rows)[1];
  CHECK(e1.time == "2024-05-01T10:00:00.123Z");
  const vrs::crypto::Digest32 zero{};
  CHECK(e1.prev_hash == vrs::crypto::Bytes(zero.begin(), zero.end()));
  const auto h1 = vrs::db::compute_audit_hash(1, e1.time, e1.actor, e1.action, e1.object, e1.outcome, zero);
  CHECK(e1.hash == vrs::crypto::Bytes(h1.begin(), h1.end()));
  CHECK(e2.prev_hash == e1.hash);
  const auto h2 = vrs::db::compute_audit_hash(2, e2.time, e2.actor, e2.action, e2.object, e2.outcome, h1);
  CHECK(e2.hash == vrs::crypto::Bytes(h2.begin(), h2.end()));
}

TEST_CASE("audit: fields are framed, so moving bytes between fields changes the hash", "[db][audit]") {
  const vrs::crypto::Digest32 zero{};
  const auto a = vrs::db::compute_audit_hash(1, "t", "ab", "c", "o", "ok", zero);
  const auto b = vrs::db::compute_audit_hash(1, "t", "a", "bc", "o", "ok", zero);
  const auto c = vrs::db::compute_audit_hash(2, "t", "ab", "c", "o", "ok", zero);
  CHECK(a != b);
  CHECK(a != c);
  CHECK(a == vrs::db::compute_audit_hash(1, "t", "ab", "c", "o", "ok", zero));
}

TEST_CASE("audit: invalid entries are refused and nothing is written", "[db][audit]") {
  vrs::test::TempDir dir;
  auto db = new_db(dir / "store.db");
  AuditLog log(db);
  const AuditEntry bad = GENERATE(AuditEntry{"", "a", "o", "ok"}, AuditEntry{"x", "", "o", "ok"},
                                  AuditEntry{"x", "a", "o", ""},
                                  AuditEntry{std::string(vrs::db::kMaxAuditActor + 1, 'x'), "a", "o", "ok"},
                                  AuditEntry{"x", "a", std::string(vrs::db::kMaxAuditObject + 1, 'o'), "ok"});
  auto seq = log.append(bad);
  REQUIRE_FALSE(seq);
  CHECK(seq.error().code() == ErrorCode::InvalidArgument);
  CHECK(db.query_int64("SELECT count(*) FROM audit_log").value() == 0);
  CHECK(log.append({"x", "a", "", "ok"}).value() == 1);  // an empty object is fine
}

TEST_CASE("audit: an entry in a rolled-back transaction disappears with the action", "[db][audit]") {
  vrs::test::TempDir dir;
  auto db = new_db(dir / "store.db");
  AuditLog log(db);
  fill(log, 1);
  {
    auto tx = vrs::db::Transaction::begin(db);
    REQUIRE(tx);
    REQUIRE(db.exec("INSERT INTO meta (key, value) VALUES ('action', 'done')"));
    CHECK(log.append({"operator", "meta.set", "action", "ok"}).value() == 2);
  }  // rolled back
  CHECK(db.query_int64("SELECT count(*) FROM meta WHERE key = 'action'").value() == 0);
  CHECK(log.head()->seq == 1);
  CHECK(log.append({"operator", "meta.set", "action", "ok"}).value() == 2);
  CHECK(log.verify()->ok());
}

TEST_CASE("audit: an entry in a committed transaction commits with the action", "[db][audit]") {
  vrs::test::TempDir dir;
  auto db = new_db(dir / "store.db");
  AuditLog log(db);
  auto tx = vrs::db::Transaction::begin(db);
  REQUIRE(tx);
  REQUIRE(db.exec("INSERT INTO meta (key, value) VALUES ('action', 'done')"));
  REQUIRE(log.append({"operator", "meta.set", "action", "ok"}));
  REQUIRE(log.append({"operator", "meta.set", "action2", "ok"}));
  REQUIRE(tx->commit());
  CHECK(log.head()->seq == 2);
  CHECK(db.query_int64("SELECT count(*) FROM meta WHERE key = 'action'").value() == 1);
}

TEST_CASE("audit: appending to a read-only database fails, so the action is refused", "[db][audit]") {
  vrs::test::TempDir dir;
  const auto path = dir / "store.db";
  { auto db = new_db(path); }
  auto db = Database::open(path, test_key(), OpenOptions{.migrate = false});
  REQUIRE(db);
  AuditLog log(*db);
  auto seq = log.append({"operator", "x", "y", "ok"});
  REQUIRE_FALSE(seq);
  CHECK(seq.error().message().find("cannot write audit entry") == 0);
}

TEST_CASE("audit: UPDATE and DELETE are blocked by triggers", "[db][audit]") {
  vrs::test::TempDir dir;
  auto db = new_db(dir / "store.db");
  AuditLog log(db);
  fill(log, 3);
  const std::string sql = GENERATE(std::string("UPDATE audit_log SET actor = 'someone else' WHERE seq = 2"),
                                   std::string("UPDATE audit_log SET hash = zeroblob(32)"),
                                   std::string("DELETE FROM audit_log WHERE seq = 3"),
                                   std::string("DELETE FROM audit_log"));
  INFO(sql);
  auto r = db.exec(sql);
  REQUIRE_FALSE(r);
  CHECK(r.error().code() == ErrorCode::Conflict);
  CHECK(r.error().message().find("audit_log is append-only") != std::string::npos);
  CHECK(log.verify()->ok());
  CHECK(log.verify()->entries == 3);
}

TEST_CASE("audit: inserts must take the next seq (no gaps, no replacing)", "[db][audit]") {
  vrs::test::TempDir dir;
  auto db = new_db(dir / "store.db");
  AuditLog log(db);
  fill(log, 3);
  const std::string sql = GENERATE(
      std::string("INSERT INTO audit_log VALUES (5, 't', 'a', 'b', 'o', 'ok', zeroblob(32), zeroblob(32))"),
      std::string("INSERT OR REPLACE INTO audit_log VALUES (2, 't', 'a', 'b', 'o', 'ok', zeroblob(32), zeroblob(32))"),
      std::string("REPLACE INTO audit_log VALUES (3, 't', 'a', 'b', 'o', 'ok', zeroblob(32), zeroblob(32))"));
  INFO(sql);
  CHECK_FALSE(db.exec(sql));
  CHECK(log.verify()->ok());
  CHECK(log.verify()->entries == 3);
}

TEST_CASE("audit: triggers_present notices a dropped trigger", "[db][audit]") {
  vrs::test::TempDir dir;
  auto db = new_db(dir / "store.db");
  AuditLog log(db);
  CHECK(log.triggers_present().value());
  REQUIRE(db.exec("DROP TRIGGER audit_log_no_delete"));
  CHECK_FALSE(log.triggers_present().value());
}

TEST_CASE("audit tamper: a changed actor is found at its seq", "[db][audit]") {
  vrs::test::TempDir dir;
  auto db = new_db(dir / "store.db");
  AuditLog log(db);
  fill(log, 5);
  tamper(db, "UPDATE audit_log SET actor = 'NZL-INZ' WHERE seq = 3");
  auto report = log.verify();
  REQUIRE(report);
  REQUIRE_FALSE(report->ok());
  CHECK(*report->first_broken_seq == 3);
  CHECK(report->reason == "hash of entry 3 does not match its contents");
  CHECK(report->entries == 5);
}

TEST_CASE("audit tamper: each changed field is detected", "[db][audit]") {
  const std::string column = GENERATE(std::string("time"), std::string("action"), std::string("object"),
                                      std::string("outcome"));
  vrs::test::TempDir dir;
  auto db = new_db(dir / "store.db");
  AuditLog log(db);
  fill(log, 4);
  tamper(db, "UPDATE audit_log SET " + column + " = " + column + " || 'x' WHERE seq = 2");
  auto report = log.verify();
  REQUIRE(report);
  REQUIRE(report->first_broken_seq);
  CHECK(*report->first_broken_seq == 2);
}

TEST_CASE("audit tamper: a deleted middle entry is a gap named by its seq", "[db][audit]") {
  vrs::test::TempDir dir;
  auto db = new_db(dir / "store.db");
  AuditLog log(db);
  fill(log, 5);
  tamper(db, "DELETE FROM audit_log WHERE seq = 3");
  auto report = log.verify();
  REQUIRE(report);
  REQUIRE(report->first_broken_seq);
  CHECK(*report->first_broken_seq == 3);
  CHECK(report->reason == "entry 3 is missing (the log jumps from 2 to 4)");
  CHECK(report->entries == 4);
}

TEST_CASE("audit tamper: a deleted first entry is found", "[db][audit]") {
  vrs::test::TempDir dir;
  auto db = new_db(dir / "store.db");
  AuditLog log(db);
  fill(log, 3);
  tamper(db, "DELETE FROM audit_log WHERE seq = 1");
  auto report = log.verify();
  REQUIRE(report);
  CHECK(report->first_broken_seq == std::optional<std::int64_t>(1));
}

TEST_CASE("audit tamper: a changed hash is found", "[db][audit]") {
  vrs::test::TempDir dir;
  auto db = new_db(dir / "store.db");
  AuditLog log(db);
  fill(log, 5);
  tamper(db, "UPDATE audit_log SET hash = randomblob(32) WHERE seq = 4");
  auto report = log.verify();
  REQUIRE(report);
  REQUIRE(report->first_broken_seq);
  CHECK(*report->first_broken_seq == 4);
}

TEST_CASE("audit tamper: a changed prev_hash is found", "[db][audit]") {
  vrs::test::TempDir dir;
  auto db = new_db(dir / "store.db");
  AuditLog log(db);
  fill(log, 5);
  tamper(db, "UPDATE audit_log SET prev_hash = zeroblob(32) WHERE seq = 2");
  auto report = log.verify();
  REQUIRE(report);
  REQUIRE(report->first_broken_seq);
  CHECK(*report->first_broken_seq == 2);
  CHECK(report->reason == "prev_hash of entry 2 is not the hash of entry 1");
}

TEST_CASE("audit tamper: reordered entries are found at the first moved one", "[db][audit]") {
  vrs::test::TempDir dir;
  auto db = new_db(dir / "store.db");
  AuditLog log(db);
  fill(log, 5);
  tamper(db,
         "UPDATE audit_log SET seq = 1000 WHERE seq = 2;"
         "UPDATE audit_log SET seq = 2 WHERE seq = 3;"
         "UPDATE audit_log SET seq = 3 WHERE seq = 1000;");
  auto report = log.verify();
  REQUIRE(report);
  REQUIRE(report->first_broken_seq);
  CHECK(*report->first_broken_seq == 2);
}

TEST_CASE("audit tamper: a rewritten entry with a recomputed hash breaks the next link", "[db][audit]") {
  vrs::test::TempDir dir;
  auto db = new_db(dir / "store.db");
  AuditLog log(db);
  fill(log, 4);
  auto rows = log.list(1, 1);
  REQUIRE(rows);
  REQUIRE(rows->size() == 1);
  const auto& e = rows->front();  // entry 2
  const auto forged = vrs::db::compute_audit_hash(e.seq, e.time, "NZL-INZ", e.action, e.object, e.outcome, e.prev_hash);
  tamper(db, "UPDATE audit_log SET actor = 'NZL-INZ', hash = x'" + vrs::crypto::to_hex(forged) + "' WHERE seq = 2");
  auto report = log.verify();
  REQUIRE(report);
  REQUIRE(report->first_broken_seq);
  CHECK(*report->first_broken_seq == 3);
  CHECK(report->reason == "prev_hash of entry 3 is not the hash of entry 2");
}

TEST_CASE("audit: list pages through the log in seq order", "[db][audit]") {
  vrs::test::TempDir dir;
  auto db = new_db(dir / "store.db");
  AuditLog log(db);
  fill(log, 7);
  std::vector<std::int64_t> seen;
  std::int64_t after = 0;
  for (;;) {
    auto page = log.list(after, 3);
    REQUIRE(page);
    if (page->empty()) break;
    CHECK(page->size() <= 3);
    for (const auto& r : *page) seen.push_back(r.seq);
    after = page->back().seq;
  }
  CHECK(seen == std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7});
  CHECK(log.list(0, 0)->empty());
  auto tail = log.list(6, 100);
  REQUIRE(tail);
  REQUIRE(tail->size() == 1);
  CHECK(tail->front().object == "submission-7");
}

TEST_CASE("audit: verify works on a read-only open and survives reopening", "[db][audit]") {
  vrs::test::TempDir dir;
  const auto path = dir / "store.db";
  vrs::crypto::Digest32 head{};
  {
    auto db = new_db(path);
    AuditLog log(db);
    fill(log, 3);
    head = log.head()->hash;
  }
  auto db = Database::open(path, test_key(), OpenOptions{.migrate = false});
  REQUIRE(db);
  AuditLog log(*db);
  auto report = log.verify();
  REQUIRE(report);
  CHECK(report->ok());
  CHECK(report->head_hash == head);
}

TEST_CASE("clock: UTC ISO-8601 with milliseconds", "[db][audit]") {
  using std::chrono::milliseconds;
  using std::chrono::system_clock;
  CHECK(vrs::db::format_utc(system_clock::time_point(milliseconds(0))) == "1970-01-01T00:00:00.000Z");
  CHECK(vrs::db::format_utc(system_clock::time_point(milliseconds(951782400999))) == "2000-02-29T00:00:00.999Z");
  CHECK(vrs::db::format_utc(system_clock::time_point(milliseconds(-1))) == "1969-12-31T23:59:59.999Z");
  const std::string now = vrs::db::utc_now();
  CHECK(now.size() == 24);
  CHECK(now.back() == 'Z');
}
