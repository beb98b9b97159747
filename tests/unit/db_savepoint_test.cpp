// vrs::db::Savepoint and vrs::db::ReadSnapshot: savepoints undo their own work inside a
// transaction (in the destructor unless released); a read snapshot keeps one consistent view
// of the database on a read connection while a writer commits.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

#include "vrs/crypto/secure_buffer.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/read_snapshot.hpp"
#include "vrs/db/savepoint.hpp"
#include "vrs/db/transaction.hpp"
#include "vrs/test/db_fixture.hpp"
#include "vrs/test/temp_dir.hpp"

using vrs::ErrorCode;
using vrs::crypto::SecureBuffer;
using vrs::db::Database;
using vrs::db::OpenOptions;
using vrs::db::ReadSnapshot;
using vrs::db::Savepoint;
using vrs::db::Transaction;
using vrs::test::filled_key;
namespace fs = std::filesystem;

namespace {

Database create_with_table(const fs::path& path, const SecureBuffer& key) {
  Database db = vrs::test::create_db(path, key);
  REQUIRE(db.exec("CREATE TABLE t (i INTEGER PRIMARY KEY)"));
  return db;
}

std::int64_t rows(Database& db) { return db.query_int64("SELECT count(*) FROM t").value(); }

}  // namespace

TEST_CASE("savepoint: release keeps the work, rollback undoes only its own", "[db][savepoint]") {
  vrs::test::TempDir dir;
  auto db = create_with_table(dir / "store.db", filled_key(21));
  auto tx = Transaction::begin(db);
  REQUIRE(tx);
  REQUIRE(db.exec("INSERT INTO t VALUES (1)"));
  {
    auto kept = Savepoint::begin(db, "kept");
    REQUIRE(kept);
    REQUIRE(db.exec("INSERT INTO t VALUES (2)"));
    REQUIRE(kept->release());
    CHECK_FALSE(kept->active());
  }
  {
    auto undone = Savepoint::begin(db, "undone");
    REQUIRE(undone);
    REQUIRE(db.exec("INSERT INTO t VALUES (3)"));
    REQUIRE(undone->rollback());
    CHECK(undone->rollback());  // idempotent
  }
  CHECK(db.in_transaction());  // the enclosing transaction goes on
  CHECK(rows(db) == 2);
  REQUIRE(tx->commit());
  CHECK(rows(db) == 2);
}

TEST_CASE("savepoint: the destructor rolls back unless released", "[db][savepoint]") {
  vrs::test::TempDir dir;
  auto db = create_with_table(dir / "store.db", filled_key(22));
  auto tx = Transaction::begin(db);
  REQUIRE(tx);
  {
    auto sp = Savepoint::begin(db, "grouped_job");
    REQUIRE(sp);
    REQUIRE(db.exec("INSERT INTO t VALUES (1)"));
    CHECK(rows(db) == 1);
  }
  CHECK(db.in_transaction());
  CHECK(rows(db) == 0);
  {
    // The same name again: the first one was released by its destructor.
    auto sp = Savepoint::begin(db, "grouped_job");
    REQUIRE(sp);
    REQUIRE(db.exec("INSERT INTO t VALUES (2)"));
    auto moved = std::move(*sp);
    CHECK_FALSE(sp->active());
    REQUIRE(moved.release());
  }
  REQUIRE(tx->commit());
  CHECK(rows(db) == 1);
}

TEST_CASE("savepoint: needs an open transaction and an identifier", "[db][savepoint]") {
  vrs::test::TempDir dir;
  auto db = create_with_table(dir / "store.db", filled_key(23));
  auto outside = Savepoint::begin(db, "s");
  REQUIRE_FALSE(outside);
  CHECK(outside.error().code() == ErrorCode::FailedPrecondition);
  CHECK_FALSE(db.in_transaction());

  auto tx = Transaction::begin(db);
  REQUIRE(tx);
  for (const char* bad : {"", "1abc", "a b", "a;DROP TABLE t", "x-y"}) {
    auto sp = Savepoint::begin(db, bad);
    REQUIRE_FALSE(sp);
    CHECK(sp.error().code() == ErrorCode::InvalidArgument);
  }
  CHECK(Savepoint::begin(db, "_ok_1"));
}

TEST_CASE("savepoint: ending after the transaction rolled back is harmless", "[db][savepoint]") {
  vrs::test::TempDir dir;
  auto db = create_with_table(dir / "store.db", filled_key(24));
  auto tx = Transaction::begin(db);
  REQUIRE(tx);
  auto sp = Savepoint::begin(db, "s");
  REQUIRE(sp);
  REQUIRE(db.exec("INSERT INTO t VALUES (1)"));
  REQUIRE(tx->rollback());
  auto released = sp->release();
  REQUIRE_FALSE(released);
  CHECK(released.error().code() == ErrorCode::FailedPrecondition);
  CHECK(sp->rollback());
  CHECK(rows(db) == 0);
}

TEST_CASE("read snapshot: reads see one state while a writer commits", "[db][read_snapshot]") {
  vrs::test::TempDir dir;
  const auto path = dir / "store.db";
  const auto key = filled_key(25);
  auto writer = create_with_table(path, key);
  REQUIRE(writer.exec("INSERT INTO t VALUES (1)"));
  auto reader = Database::open(path, key, OpenOptions{.migrate = false});
  REQUIRE(reader);
  REQUIRE(reader->read_only());
  {
    auto snapshot = ReadSnapshot::begin(*reader);
    REQUIRE(snapshot);
    CHECK(reader->in_transaction());
    CHECK(rows(*reader) == 1);
    REQUIRE(writer.exec("INSERT INTO t VALUES (2)"));
    CHECK(rows(*reader) == 1);  // still the snapshot of the first read
    auto nested = ReadSnapshot::begin(*reader);
    REQUIRE_FALSE(nested);
    CHECK(nested.error().code() == ErrorCode::FailedPrecondition);
  }
  CHECK_FALSE(reader->in_transaction());
  CHECK(rows(*reader) == 2);

  auto snapshot = ReadSnapshot::begin(*reader);
  REQUIRE(snapshot);
  CHECK(rows(*reader) == 2);
  REQUIRE(snapshot->end());
  CHECK(snapshot->end());  // idempotent
  CHECK_FALSE(reader->in_transaction());
}
