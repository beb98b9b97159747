// vrs::db::Database, Statement, Transaction: opening rules (key first, nothing written before
// it is verified), SQLCipher encryption at rest, statements, the cache and transactions.
#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "vrs/crypto/random.hpp"
#include "vrs/crypto/secure_buffer.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/transaction.hpp"
#include "vrs/test/db_fixture.hpp"
#include "vrs/test/temp_dir.hpp"

using vrs::ErrorCode;
using vrs::crypto::SecureBuffer;
using vrs::db::Database;
using vrs::db::OpenOptions;
using vrs::db::Transaction;
using vrs::test::create_db;
using vrs::test::filled_key;
namespace fs = std::filesystem;

namespace {

std::set<std::string> dir_entries(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename().string());
  return names;
}

void truncate_to(const fs::path& path, std::uintmax_t size) { fs::resize_file(path, size); }

}  // namespace

TEST_CASE("database: create then reopen with the same key", "[db][database]") {
  vrs::test::TempDir dir;
  const auto path = dir / "store.db";
  const auto key = filled_key(0x11);
  {
    auto db = create_db(path, key);
    CHECK(db.schema_version().value() == vrs::db::server_schema().latest_version());
    CHECK(db.application_id().value() == vrs::db::kServerApplicationId);
  }
  auto db = Database::open(path, key);
  REQUIRE(db);
  CHECK(db->journal_mode().value() == "wal");
  CHECK(db->pending_migrations().value() == 0);
  CHECK_FALSE(db->read_only());
  CHECK(db->path() == path);
}

TEST_CASE("database: a new file is created with mode 0600", "[db][database]") {
  vrs::test::TempDir dir;
  const auto path = dir / "store.db";
  { auto db = create_db(path, filled_key(1)); }
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("database: create refuses an existing file and leaves it alone", "[db][database]") {
  vrs::test::TempDir dir;
  const auto path = dir / "store.db";
  vrs::test::write_file(path, "precious");
  auto db = Database::open(path, filled_key(1), OpenOptions{.create = true});
  REQUIRE_FALSE(db);
  CHECK(db.error().code() == ErrorCode::AlreadyExists);
  CHECK(db.error().message() == "cannot create " + path.string() + ": file already exists");
  auto bytes = vrs::test::read_file_bytes(path);
  CHECK(std::string(bytes.begin(), bytes.end()) == "precious");
}

TEST_CASE("database: opening a missing file is refused and creates nothing", "[db][database]") {
  vrs::test::TempDir dir;
  const auto path = dir / "missing.db";
  auto db = Database::open(path, filled_key(1));
  REQUIRE_FALSE(db);
  CHECK(db.error().code() == ErrorCode::NotFound);
  CHECK(db.error().message() == "cannot open " + path.string() + ": no such database file");
  CHECK(dir_entries(dir.path()).empty());
}

TEST_CASE("database: wrong key is a clear error and the file stays byte-identical", "[db][database]") {
  vrs::test::TempDir dir;
  const auto path = dir / "store.db";
  { auto db = create_db(path, filled_key(0x22)); }
  const auto before = vrs::test::read_file_bytes(path);
  const auto entries_before = dir_entries(dir.path());

  auto db = Database::open(path, filled_key(0x23));
  REQUIRE_FALSE(db);
  CHECK(db.error().code() == ErrorCode::Unauthenticated);
  CHECK(db.error().message() == "cannot open " + path.string() + ": wrong key or not a VRS database");
  CHECK(vrs::test::read_file_bytes(path) == before);
  CHECK(dir_entries(dir.path()) == entries_before);  // no -wal/-shm left behind
}

TEST_CASE("database: wrong key with migrate=false is refused the same way", "[db][database]") {
  vrs::test::TempDir dir;
  const auto path = dir / "store.db";
  { auto db = create_db(path, filled_key(0x22)); }
  const auto before = vrs::test::read_file_bytes(path);
  auto db = Database::open(path, filled_key(0x99), OpenOptions{.migrate = false});
  REQUIRE_FALSE(db);
  CHECK(db.error().message() == "cannot open " + path.string() + ": wrong key or not a VRS database");
  CHECK(vrs::test::read_file_bytes(path) == before);
}

TEST_CASE("database: the file holds no plaintext", "[db][database]") {
  vrs::test::TempDir dir;
  const auto path = dir / "store.db";
  const std::string marker = "PLAINTEXT-MARKER-7f3a9c-smuggling-route";
  {
    auto db = create_db(path, filled_key(0x33));
    auto stmt = db.prepare("INSERT INTO meta (key, value) VALUES ('marker', ?1)");
    REQUIRE(stmt);
    REQUIRE(stmt->bind_text(1, marker));
    REQUIRE(stmt->run());
  }
  const auto bytes = vrs::test::read_file_bytes(path);
  const std::string raw(bytes.begin(), bytes.end());
  CHECK(raw.find(marker) == std::string::npos);
  CHECK(raw.find("SQLite format 3") == std::string::npos);   // not even the header is plain
  CHECK(raw.find("CREATE TABLE") == std::string::npos);      // nor the schema
  CHECK_FALSE(fs::exists(path.string() + "-wal"));            // checkpointed and removed on close
  // And the marker really is in there, under the key.
  auto db = Database::open(path, filled_key(0x33));
  REQUIRE(db);
  auto stmt = db->prepare("SELECT value FROM meta WHERE key = 'marker'");
  REQUIRE(stmt);
  REQUIRE(stmt->step().value());
  CHECK(stmt->column_text(0) == marker);
}

TEST_CASE("database: an empty file is not a VRS database and stays empty", "[db][database]") {
  vrs::test::TempDir dir;
  const auto path = dir / "empty.db";
  vrs::test::write_file(path, "");
  auto db = Database::open(path, filled_key(1));
  REQUIRE_FALSE(db);
  CHECK(db.error().code() == ErrorCode::DataLoss);
  CHECK(db.error().message() == "cannot open " + path.string() + ": file is empty, not a VRS database");
  CHECK(fs::file_size(path) == 0);
  CHECK(dir_entries(dir.path()) == std::set<std::string>{"empty.db"});
}

TEST_CASE("database: a non-database file is refused unchanged", "[db][database]") {
  vrs::test::TempDir dir;
  const auto path = dir / "notes.txt";
  SECTION("text of odd size") {
    vrs::test::write_file(path, "this is not a database\n");
    auto db = Database::open(path, filled_key(1));
    REQUIRE_FALSE(db);
    CHECK(db.error().code() == ErrorCode::DataLoss);
    CHECK(db.error().message() == "cannot open " + path.string() +
                                      ": truncated or not a VRS database (23 bytes is not a whole number of "
                                      "4096-byte pages)");
  }
  SECTION("random bytes of a whole number of pages") {
    const auto noise = vrs::crypto::random_vector(8192);
    vrs::test::write_file(path, std::string(noise.begin(), noise.end()));
    auto db = Database::open(path, filled_key(1));
    REQUIRE_FALSE(db);
    CHECK(db.error().message() == "cannot open " + path.string() + ": wrong key or not a VRS database");
  }
  const auto before = vrs::test::read_file_bytes(path);
  CHECK_FALSE(Database::open(path, filled_key(1)));
  CHECK(vrs::test::read_file_bytes(path) == before);
  CHECK(dir_entries(dir.path()) == std::set<std::string>{"notes.txt"});
}

TEST_CASE("database: a truncated database is refused unchanged", "[db][database]") {
  vrs::test::TempDir dir;
  const auto path = dir / "store.db";
  const auto key = filled_key(0x44);
  { auto db = create_db(path, key); }
  SECTION("cut inside a page") {
    truncate_to(path, fs::file_size(path) / 2 + 100);
    const auto size = fs::file_size(path);
    const auto before = vrs::test::read_file_bytes(path);
    auto db = Database::open(path, key);
    REQUIRE_FALSE(db);
    CHECK(db.error().code() == ErrorCode::DataLoss);
    CHECK(db.error().message() == "cannot open " + path.string() + ": truncated or not a VRS database (" +
                                      std::to_string(size) + " bytes is not a whole number of 4096-byte pages)");
    CHECK(vrs::test::read_file_bytes(path) == before);
  }
  SECTION("cut at a page boundary") {
    truncate_to(path, 2 * vrs::db::kPageSize);
    const auto before = vrs::test::read_file_bytes(path);
    auto db = Database::open(path, key);
    REQUIRE_FALSE(db);
    CHECK(db.error().code() == ErrorCode::DataLoss);
    CHECK(db.error().message() ==
          "cannot open " + path.string() + ": database is corrupted or truncated (database disk image is malformed)");
    CHECK(vrs::test::read_file_bytes(path) == before);
  }
  CHECK(dir_entries(dir.path()) == std::set<std::string>{"store.db"});
}

TEST_CASE("database: a flipped byte inside a page is detected", "[db][database]") {
  vrs::test::TempDir dir;
  const auto path = dir / "store.db";
  const auto key = filled_key(0x45);
  { auto db = create_db(path, key); }
  auto bytes = vrs::test::read_file_bytes(path);
  const std::size_t offset = bytes.size() - vrs::db::kPageSize + 100;  // inside the last page
  bytes[offset] ^= 0x01;
  vrs::test::write_file(path, std::string(bytes.begin(), bytes.end()));
  auto db = Database::open(path, key, OpenOptions{.migrate = false});
  bool detected = !db;
  if (db) {
    auto check = db->integrity_check();
    detected = !check || *check != std::vector<std::string>{"ok"};
  }
  CHECK(detected);
}

TEST_CASE("database: another SQLCipher database under the same key is refused", "[db][database]") {
  vrs::test::TempDir dir;
  const auto path = dir / "other.db";
  const auto key = filled_key(0x55);
  static constexpr vrs::db::Migration kOther[] = {{1, "0001_other", "CREATE TABLE t (x INTEGER);"}};
  const vrs::db::SchemaDefinition other{"other store", 0x4f544852, kOther};
  { REQUIRE(Database::open(path, key, OpenOptions{.create = true, .schema = &other})); }
  const auto before = vrs::test::read_file_bytes(path);
  auto db = Database::open(path, key);
  REQUIRE_FALSE(db);
  CHECK(db.error().code() == ErrorCode::FailedPrecondition);
  CHECK(db.error().message() == "cannot open " + path.string() +
                                    ": not a VRS server store (application_id 0x4f544852, expected 0x56525353)");
  CHECK(vrs::test::read_file_bytes(path) == before);
}

TEST_CASE("database: the key must be 32 bytes", "[db][database]") {
  vrs::test::TempDir dir;
  auto short_key = SecureBuffer::allocate(16);
  REQUIRE(short_key);
  auto db = Database::open(dir / "x.db", *short_key, OpenOptions{.create = true});
  REQUIRE_FALSE(db);
  CHECK(db.error().code() == ErrorCode::InvalidArgument);
  CHECK_FALSE(fs::exists(dir / "x.db"));
}

TEST_CASE("database: connection pragmas are set", "[db][database]") {
  vrs::test::TempDir dir;
  auto db = create_db(dir / "store.db", filled_key(2));
  CHECK(db.query_int64("PRAGMA foreign_keys").value() == 1);
  CHECK(db.query_int64("PRAGMA secure_delete").value() == 1);
  CHECK(db.query_int64("PRAGMA synchronous").value() == 2);  // FULL
  CHECK(db.query_int64("PRAGMA temp_store").value() == 2);   // MEMORY
  CHECK(db.query_int64("PRAGMA query_only").value() == 0);
}

TEST_CASE("database: foreign keys are enforced", "[db][database]") {
  vrs::test::TempDir dir;
  auto db = create_db(dir / "store.db", filled_key(3));
  auto r = db.exec(
      "INSERT INTO member_keys (member_id, public_key, created_at) "
      "VALUES ('NOPE-X', zeroblob(32), '2024-01-01T00:00:00.000Z')");
  REQUIRE_FALSE(r);
  CHECK(r.error().code() == ErrorCode::Conflict);
  CHECK(r.error().message().find("FOREIGN KEY constraint failed") != std::string::npos);
}

TEST_CASE("database: integrity and foreign key checks of a sound database", "[db][database]") {
  vrs::test::TempDir dir;
  auto db = create_db(dir / "store.db", filled_key(4));
  CHECK(db.integrity_check().value() == std::vector<std::string>{"ok"});
  CHECK(db.foreign_key_check().value().empty());
}

TEST_CASE("statement: bind and read back every type", "[db][statement]") {
  vrs::test::TempDir dir;
  auto db = create_db(dir / "store.db", filled_key(5));
  REQUIRE(db.exec("CREATE TABLE t (i INTEGER, d REAL, s TEXT, b BLOB, n TEXT, e BLOB)"));
  {
    auto ins = db.prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    REQUIRE(ins);
    REQUIRE(ins->bind_int64(1, -9007199254740993LL));
    REQUIRE(ins->bind_double(2, 2.5));
    REQUIRE(ins->bind_text(3, std::string_view("h\0llo", 5)));
    const vrs::crypto::Bytes blob = {0, 1, 2, 255};
    REQUIRE(ins->bind_blob(4, blob));
    REQUIRE(ins->bind_null(5));
    REQUIRE(ins->bind_blob(6, vrs::crypto::ByteView()));
    REQUIRE(ins->run());
  }
  CHECK(db.changes() == 1);
  CHECK(db.last_insert_rowid() == 1);
  auto sel = db.prepare("SELECT i, d, s, b, n, e FROM t");
  REQUIRE(sel);
  REQUIRE(sel->step().value());
  CHECK(sel->column_count() == 6);
  CHECK(sel->column_type(0) == vrs::db::ColumnType::Integer);
  CHECK(sel->column_int64(0) == -9007199254740993LL);
  CHECK(sel->column_type(1) == vrs::db::ColumnType::Float);
  CHECK(sel->column_double(1) == 2.5);
  CHECK(sel->column_text(2) == std::string("h\0llo", 5));
  CHECK(sel->column_blob(3) == vrs::crypto::Bytes{0, 1, 2, 255});
  CHECK(sel->column_is_null(4));
  CHECK(sel->column_type(5) == vrs::db::ColumnType::Blob);  // empty blob is not NULL
  CHECK(sel->column_blob(5).empty());
  CHECK(sel->column_name(2) == "s");
  CHECK_FALSE(sel->step().value());
}

TEST_CASE("statement: bindings are copied", "[db][statement]") {
  vrs::test::TempDir dir;
  auto db = create_db(dir / "store.db", filled_key(6));
  REQUIRE(db.exec("CREATE TABLE t (s TEXT)"));
  auto ins = db.prepare("INSERT INTO t VALUES (?1)");
  REQUIRE(ins);
  {
    std::string temporary(100, 'x');
    REQUIRE(ins->bind_text(1, temporary));
    std::fill(temporary.begin(), temporary.end(), 'y');  // the binding must not see this
  }
  REQUIRE(ins->run());
  auto sel = db.prepare("SELECT s FROM t");
  REQUIRE(sel);
  REQUIRE(sel->step().value());
  CHECK(sel->column_text(0) == std::string(100, 'x'));
}

TEST_CASE("statement: reset and rebind reuses a statement", "[db][statement]") {
  vrs::test::TempDir dir;
  auto db = create_db(dir / "store.db", filled_key(7));
  REQUIRE(db.exec("CREATE TABLE t (i INTEGER)"));
  auto ins = db.prepare("INSERT INTO t VALUES (?1)");
  REQUIRE(ins);
  for (std::int64_t i = 1; i <= 5; ++i) {
    REQUIRE(ins->bind_int64(1, i));
    REQUIRE(ins->run());  // run() resets
  }
  CHECK(db.query_int64("SELECT sum(i) FROM t").value() == 15);
}

TEST_CASE("statement: preparing bad or multiple statements fails clearly", "[db][statement]") {
  vrs::test::TempDir dir;
  const auto path = dir / "store.db";
  auto db = create_db(path, filled_key(8));
  SECTION("syntax error names the database and the statement") {
    auto s = db.prepare("SELEC nothing");
    REQUIRE_FALSE(s);
    CHECK(s.error().code() == ErrorCode::Internal);
    CHECK(s.error().message().find(path.string()) == 0);
    CHECK(s.error().message().find("SELEC nothing") != std::string::npos);
  }
  SECTION("two statements") {
    auto s = db.prepare("SELECT 1; SELECT 2");
    REQUIRE_FALSE(s);
    CHECK(s.error().code() == ErrorCode::InvalidArgument);
  }
  SECTION("empty") {
    auto s = db.prepare("   ");
    REQUIRE_FALSE(s);
    CHECK(s.error().code() == ErrorCode::InvalidArgument);
  }
  SECTION("a trailing semicolon is fine") { CHECK(db.prepare("SELECT 1;")); }
  SECTION("binding out of range") {
    auto s = db.prepare("SELECT ?1");
    REQUIRE(s);
    auto r = s->bind_int64(2, 1);
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == ErrorCode::InvalidArgument);
  }
}

TEST_CASE("statement: run() refuses a statement that returns rows", "[db][statement]") {
  vrs::test::TempDir dir;
  auto db = create_db(dir / "store.db", filled_key(9));
  auto s = db.prepare("SELECT 1");
  REQUIRE(s);
  auto r = s->run();
  REQUIRE_FALSE(r);
  CHECK(r.error().code() == ErrorCode::Internal);
}

TEST_CASE("statement: a constraint failure is an error and the statement stays usable", "[db][statement]") {
  vrs::test::TempDir dir;
  auto db = create_db(dir / "store.db", filled_key(10));
  REQUIRE(db.exec("CREATE TABLE t (i INTEGER PRIMARY KEY)"));
  auto ins = db.prepare("INSERT INTO t VALUES (?1)");
  REQUIRE(ins);
  REQUIRE(ins->bind_int64(1, 1));
  REQUIRE(ins->run());
  auto dup = ins->run();
  REQUIRE_FALSE(dup);
  CHECK(dup.error().code() == ErrorCode::Conflict);
  REQUIRE(ins->bind_int64(1, 2));
  CHECK(ins->run());
  CHECK(db.query_int64("SELECT count(*) FROM t").value() == 2);
}

TEST_CASE("statement cache: reuses one prepared statement, nested use gets its own", "[db][statement]") {
  vrs::test::TempDir dir;
  auto db = create_db(dir / "store.db", filled_key(11));
  const std::string_view sql = "SELECT ?1 + 1";
  vrs::db::Statement* first = nullptr;
  {
    auto a = db.cached(sql);
    REQUIRE(a);
    first = &**a;
    REQUIRE((*a)->bind_int64(1, 41));
    REQUIRE((*a)->step().value());
    CHECK((*a)->column_int64(0) == 42);
    auto nested = db.cached(sql);  // `a` is still borrowed
    REQUIRE(nested);
    CHECK(&**nested != first);
    REQUIRE((*nested)->bind_int64(1, 1));
    REQUIRE((*nested)->step().value());
    CHECK((*nested)->column_int64(0) == 2);
  }
  auto again = db.cached(sql);
  REQUIRE(again);
  CHECK(&**again == first);
  // Returned clean: bindings cleared (NULL + 1 is NULL).
  REQUIRE((*again)->step().value());
  CHECK((*again)->column_is_null(0));
}

TEST_CASE("database: query_int64 with no row is NotFound", "[db][database]") {
  vrs::test::TempDir dir;
  auto db = create_db(dir / "store.db", filled_key(12));
  auto r = db.query_int64("SELECT 1 WHERE 0");
  REQUIRE_FALSE(r);
  CHECK(r.error().code() == ErrorCode::NotFound);
}

TEST_CASE("transaction: commit makes changes durable", "[db][transaction]") {
  vrs::test::TempDir dir;
  const auto path = dir / "store.db";
  const auto key = filled_key(13);
  {
    auto db = create_db(path, key);
    REQUIRE(db.exec("CREATE TABLE t (i INTEGER)"));
    auto tx = Transaction::begin(db);
    REQUIRE(tx);
    CHECK(db.in_transaction());
    REQUIRE(db.exec("INSERT INTO t VALUES (1)"));
    REQUIRE(tx->commit());
    CHECK_FALSE(tx->active());
    CHECK_FALSE(db.in_transaction());
  }
  auto db = Database::open(path, key);
  REQUIRE(db);
  CHECK(db->query_int64("SELECT count(*) FROM t").value() == 1);
}

TEST_CASE("transaction: destructor rolls back uncommitted work", "[db][transaction]") {
  vrs::test::TempDir dir;
  auto db = create_db(dir / "store.db", filled_key(14));
  REQUIRE(db.exec("CREATE TABLE t (i INTEGER)"));
  {
    auto tx = Transaction::begin(db);
    REQUIRE(tx);
    REQUIRE(db.exec("INSERT INTO t VALUES (1)"));
    CHECK(db.query_int64("SELECT count(*) FROM t").value() == 1);
  }
  CHECK_FALSE(db.in_transaction());
  CHECK(db.query_int64("SELECT count(*) FROM t").value() == 0);
}

TEST_CASE("transaction: a failed statement does not commit the earlier ones after rollback", "[db][transaction]") {
  vrs::test::TempDir dir;
  auto db = create_db(dir / "store.db", filled_key(15));
  REQUIRE(db.exec("CREATE TABLE t (i INTEGER PRIMARY KEY)"));
  {
    auto tx = Transaction::begin(db);
    REQUIRE(tx);
    REQUIRE(db.exec("INSERT INTO t VALUES (1)"));
    auto dup = db.exec("INSERT INTO t VALUES (1)");
    REQUIRE_FALSE(dup);
    CHECK(db.in_transaction());  // a constraint failure aborts the statement, not the transaction
    REQUIRE(tx->rollback());
    CHECK(tx->rollback());  // idempotent
  }
  CHECK(db.query_int64("SELECT count(*) FROM t").value() == 0);
}

TEST_CASE("transaction: transactions do not nest", "[db][transaction]") {
  vrs::test::TempDir dir;
  auto db = create_db(dir / "store.db", filled_key(16));
  auto outer = Transaction::begin(db);
  REQUIRE(outer);
  auto inner = Transaction::begin(db);
  REQUIRE_FALSE(inner);
  CHECK(inner.error().code() == ErrorCode::FailedPrecondition);
  CHECK(outer->commit());
  auto commit_again = outer->commit();
  CHECK_FALSE(commit_again);
}

TEST_CASE("transaction: a second writer waits, then gets Unavailable", "[db][transaction]") {
  vrs::test::TempDir dir;
  const auto path = dir / "store.db";
  const auto key = filled_key(17);
  auto writer = create_db(path, key);
  auto other = Database::open(path, key, OpenOptions{.busy_timeout = std::chrono::milliseconds(50)});
  REQUIRE(other);
  auto tx = Transaction::begin(writer);
  REQUIRE(tx);
  auto blocked = Transaction::begin(*other);
  REQUIRE_FALSE(blocked);
  CHECK(blocked.error().code() == ErrorCode::Unavailable);
  // Readers are not blocked in WAL mode.
  CHECK(other->query_int64("SELECT count(*) FROM audit_log").value() == 0);
}

TEST_CASE("database: migrate=false opens read-only and writes nothing", "[db][database]") {
  vrs::test::TempDir dir;
  const auto path = dir / "store.db";
  const auto key = filled_key(18);
  { auto db = create_db(path, key); }
  const auto before = vrs::test::read_file_bytes(path);
  {
    auto db = Database::open(path, key, OpenOptions{.migrate = false});
    REQUIRE(db);
    CHECK(db->read_only());
    CHECK(db->query_int64("PRAGMA query_only").value() == 1);
    auto write = db->exec("INSERT INTO meta (key, value) VALUES ('a', 'b')");
    REQUIRE_FALSE(write);
    auto tx = Transaction::begin(*db);
    REQUIRE_FALSE(tx);
    CHECK(tx.error().code() == ErrorCode::FailedPrecondition);
    CHECK(db->integrity_check().value() == std::vector<std::string>{"ok"});
  }
  CHECK(vrs::test::read_file_bytes(path) == before);
  CHECK(dir_entries(dir.path()) == std::set<std::string>{"store.db"});
}

TEST_CASE("database: a moved Database keeps its connection", "[db][database]") {
  vrs::test::TempDir dir;
  auto db = create_db(dir / "store.db", filled_key(19));
  REQUIRE(db.exec("CREATE TABLE t (i INTEGER)"));
  Database moved = std::move(db);
  CHECK(moved.exec("INSERT INTO t VALUES (7)"));
  CHECK(moved.query_int64("SELECT i FROM t").value() == 7);
}

TEST_CASE("database: check_database_file mirrors open's pre-checks", "[db][database]") {
  vrs::test::TempDir dir;
  CHECK(vrs::db::check_database_file(dir / "nope.db").error().code() == ErrorCode::NotFound);
  CHECK(vrs::db::check_database_file(dir.path()).error().code() == ErrorCode::InvalidArgument);
  vrs::test::write_file(dir / "odd", "abc");
  CHECK(vrs::db::check_database_file(dir / "odd").error().code() == ErrorCode::DataLoss);
  { auto db = create_db(dir / "ok.db", filled_key(20)); }
  CHECK(vrs::db::check_database_file(dir / "ok.db"));
}
