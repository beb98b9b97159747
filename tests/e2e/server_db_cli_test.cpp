// End-to-end: `vrs-server db init` and `vrs-server db check` run as an operator would. Every
// failure is one line on stderr starting with "vrs-server: ", a non-zero exit, and the
// database file byte-identical (no -wal/-shm left behind).
#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>

#include "vrs/db/migrations.hpp"
#include <filesystem>
#include <set>
#include <string>

#include "vrs/crypto/init.hpp"
#include "vrs/db/audit_log.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/db_key.hpp"
#include "vrs/test/process.hpp"
#include "vrs/test/temp_dir.hpp"

using vrs::test::ProcessResult;
using vrs::test::run_process;
namespace fs = std::filesystem;

namespace {

// The schema version a new store has: the number of migrations this build embeds.
std::string latest() { return std::to_string(vrs::db::server_schema().latest_version()); }

const std::string kMinimalKdf = "--insecure-minimal-kdf-for-tests";

ProcessResult server(const std::vector<std::string>& args, const std::string& stdin_data = {},
                     const std::vector<std::pair<std::string, std::string>>& env = {}) {
  std::vector<std::string> argv{vrs::test::binary_path("vrs-server")};
  argv.insert(argv.end(), args.begin(), args.end());
  auto result = run_process(argv, stdin_data, env);
  REQUIRE_FALSE(result.timed_out);
  return result;
}

std::set<std::string> dir_entries(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename().string());
  return names;
}

unsigned file_mode(const fs::path& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

// A database made with `db init` and its key file.
struct Store {
  vrs::test::TempDir dir;
  fs::path db = dir / "vrs.db";
  fs::path key = dir / "vrs.key";
  Store() {
    auto r = server({"db", "init", "--db", db.string(), "--key-file", key.string()});
    REQUIRE(r.exit_code == 0);
  }
};

// Asserts a failed command: exit 1, exactly `line` on stderr, the database unchanged and no
// new files beside it.
void expect_failure(const ProcessResult& r, const std::string& line) {
  CHECK(r.exit_code == 1);
  CHECK(r.err == "vrs-server: " + line + "\n");
}

void expect_check_fails_unchanged(const Store& s, const std::vector<std::string>& args, const std::string& line) {
  const auto before = vrs::test::read_file_bytes(s.db);
  const auto entries = dir_entries(s.dir.path());
  auto r = server(args);
  expect_failure(r, line);
  CHECK(r.out.empty());
  CHECK(vrs::test::read_file_bytes(s.db) == before);
  CHECK(dir_entries(s.dir.path()) == entries);
}

}  // namespace

TEST_CASE("vrs-server db init: creates the database and a new 0600 key file", "[e2e][server][db]") {
  vrs::test::TempDir dir;
  const auto db = dir / "vrs.db";
  const auto key = dir / "vrs.key";
  auto r = server({"db", "init", "--db", db.string(), "--key-file", key.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find("created database " + db.string() + " (schema version " + latest() + ")") != std::string::npos);
  CHECK(r.out.find("created new key file " + key.string() + " (mode 0600)") != std::string::npos);
  CHECK(r.out.find("audit: entry 1 db.init") != std::string::npos);
  CHECK(file_mode(key) == 0600);
  CHECK(file_mode(db) == 0600);
  CHECK(fs::file_size(key) == 65);
  CHECK(dir_entries(dir.path()) == std::set<std::string>{"vrs.db", "vrs.key"});
}

TEST_CASE("vrs-server db init: uses an existing key file", "[e2e][server][db]") {
  vrs::test::TempDir dir;
  const auto key = dir / "vrs.key";
  REQUIRE(vrs::crypto::init());
  REQUIRE(vrs::db::create_key_file(key));
  const auto key_bytes = vrs::test::read_file_bytes(key);
  auto r = server({"db", "init", "--db", (dir / "vrs.db").string(), "--key-file", key.string()});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("key: existing key file " + key.string()) != std::string::npos);
  CHECK(r.out.find("created new key file") == std::string::npos);
  CHECK(vrs::test::read_file_bytes(key) == key_bytes);
  auto check = server({"db", "check", "--db", (dir / "vrs.db").string(), "--key-file", key.string()});
  CHECK(check.exit_code == 0);
}

TEST_CASE("vrs-server db init: refuses an existing database and creates no key", "[e2e][server][db]") {
  Store s;
  const auto before = vrs::test::read_file_bytes(s.db);
  const auto new_key = s.dir / "other.key";
  auto r = server({"db", "init", "--db", s.db.string(), "--key-file", new_key.string()});
  expect_failure(r, "cannot create " + s.db.string() + ": file already exists");
  CHECK(vrs::test::read_file_bytes(s.db) == before);
  CHECK_FALSE(fs::exists(new_key));
}

TEST_CASE("vrs-server db init: refuses a loose key file and creates no database", "[e2e][server][db]") {
  vrs::test::TempDir dir;
  const auto key = dir / "vrs.key";
  vrs::test::write_file(key, std::string(64, 'a') + "\n", 0644);
  auto r = server({"db", "init", "--db", (dir / "vrs.db").string(), "--key-file", key.string()});
  expect_failure(r, "key file " + key.string() + " has mode 0644 (readable by group or others); run: chmod 600 " +
                        key.string());
  CHECK_FALSE(fs::exists(dir / "vrs.db"));
}

TEST_CASE("vrs-server db check: a sound database passes and is not changed", "[e2e][server][db]") {
  Store s;
  const auto before = vrs::test::read_file_bytes(s.db);
  auto r = server({"db", "check", "--db", s.db.string(), "--key-file", s.key.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find("database: " + s.db.string() + " (" + std::to_string(before.size()) + " bytes, journal wal, "
                   "application_id 0x56525353)") != std::string::npos);
  CHECK(r.out.find("schema: version " + latest() + " of " + latest() + " (up to date)") != std::string::npos);
  CHECK(r.out.find("integrity: ok") != std::string::npos);
  CHECK(r.out.find("audit_log=1") != std::string::npos);
  CHECK(r.out.find("members=0") != std::string::npos);
  CHECK(r.out.find("audit: 1 entries, chain ok, head ") != std::string::npos);
  CHECK(r.out.substr(r.out.size() - 3) == "ok\n");
  CHECK(vrs::test::read_file_bytes(s.db) == before);
  CHECK(dir_entries(s.dir.path()) == std::set<std::string>{"vrs.db", "vrs.key"});
}

TEST_CASE("vrs-server db check: wrong key", "[e2e][server][db]") {
  Store s;
  const auto other = s.dir / "other.key";
  vrs::test::write_file(other, std::string(64, '7') + "\n", 0600);
  expect_check_fails_unchanged(s, {"db", "check", "--db", s.db.string(), "--key-file", other.string()},
                               "cannot open " + s.db.string() + ": wrong key or not a VRS database");
}

TEST_CASE("vrs-server db check: key file readable by others", "[e2e][server][db]") {
  Store s;
  REQUIRE(::chmod(s.key.c_str(), 0644) == 0);
  expect_check_fails_unchanged(s, {"db", "check", "--db", s.db.string(), "--key-file", s.key.string()},
                               "key file " + s.key.string() +
                                   " has mode 0644 (readable by group or others); run: chmod 600 " + s.key.string());
}

TEST_CASE("vrs-server db check: missing key file", "[e2e][server][db]") {
  Store s;
  const auto missing = s.dir / "missing.key";
  expect_check_fails_unchanged(s, {"db", "check", "--db", s.db.string(), "--key-file", missing.string()},
                               "key file " + missing.string() + " does not exist");
}

TEST_CASE("vrs-server db check: malformed key file", "[e2e][server][db]") {
  Store s;
  const auto bad = s.dir / "bad.key";
  vrs::test::write_file(bad, "not a key\n", 0600);
  expect_check_fails_unchanged(s, {"db", "check", "--db", s.db.string(), "--key-file", bad.string()},
                               "key file " + bad.string() +
                                   ": expected 64 lower-case hex characters (a 32-byte key) and an optional newline");
}

TEST_CASE("vrs-server db check: truncated database", "[e2e][server][db]") {
  Store s;
  SECTION("inside a page") {
    fs::resize_file(s.db, 10000);
    expect_check_fails_unchanged(s, {"db", "check", "--db", s.db.string(), "--key-file", s.key.string()},
                                 "cannot open " + s.db.string() +
                                     ": truncated or not a VRS database (10000 bytes is not a whole number of "
                                     "4096-byte pages)");
  }
  SECTION("at a page boundary") {
    fs::resize_file(s.db, 3 * 4096);
    expect_check_fails_unchanged(s, {"db", "check", "--db", s.db.string(), "--key-file", s.key.string()},
                                 "cannot open " + s.db.string() +
                                     ": database is corrupted or truncated (database disk image is malformed)");
  }
}

TEST_CASE("vrs-server db check: a file that is not a database", "[e2e][server][db]") {
  Store s;
  SECTION("text") {
    vrs::test::write_file(s.db, "incident notes, not a database\n");
    expect_check_fails_unchanged(s, {"db", "check", "--db", s.db.string(), "--key-file", s.key.string()},
                                 "cannot open " + s.db.string() +
                                     ": truncated or not a VRS database (31 bytes is not a whole number of 4096-byte "
                                     "pages)");
  }
  SECTION("page-sized garbage") {
    vrs::test::write_file(s.db, std::string(8192, 'z'));
    expect_check_fails_unchanged(s, {"db", "check", "--db", s.db.string(), "--key-file", s.key.string()},
                                 "cannot open " + s.db.string() + ": wrong key or not a VRS database");
  }
  SECTION("empty") {
    vrs::test::write_file(s.db, "");
    expect_check_fails_unchanged(s, {"db", "check", "--db", s.db.string(), "--key-file", s.key.string()},
                                 "cannot open " + s.db.string() + ": file is empty, not a VRS database");
  }
}

TEST_CASE("vrs-server db check: missing database", "[e2e][server][db]") {
  Store s;
  const auto missing = s.dir / "missing.db";
  auto r = server({"db", "check", "--db", missing.string(), "--key-file", s.key.string()});
  expect_failure(r, "cannot open " + missing.string() + ": no such database file");
  CHECK_FALSE(fs::exists(missing));
  CHECK(dir_entries(s.dir.path()) == std::set<std::string>{"vrs.db", "vrs.key"});
}

TEST_CASE("vrs-server db check: a corrupted audit chain names the first broken entry", "[e2e][server][db]") {
  Store s;
  {
    REQUIRE(vrs::crypto::init());
    auto key = vrs::db::read_key_file(s.key);
    REQUIRE(key);
    auto db = vrs::db::Database::open(s.db, *key);
    REQUIRE(db);
    vrs::db::AuditLog log(*db);
    for (int i = 0; i < 4; ++i) REQUIRE(log.append({"operator", "test.entry", "n" + std::to_string(i), "ok"}));
    REQUIRE(db->exec("DROP TRIGGER audit_log_no_update"));
    REQUIRE(db->exec("UPDATE audit_log SET outcome = 'denied' WHERE seq = 3"));
    // Put the trigger back, as a careful intruder would.
    REQUIRE(db->exec("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                     "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"));
  }
  expect_check_fails_unchanged(s, {"db", "check", "--db", s.db.string(), "--key-file", s.key.string()},
                               "audit log of " + s.db.string() +
                                   " is broken at entry 3: hash of entry 3 does not match its contents");
}

TEST_CASE("vrs-server db check: missing append-only triggers are reported", "[e2e][server][db]") {
  Store s;
  {
    REQUIRE(vrs::crypto::init());
    auto key = vrs::db::read_key_file(s.key);
    REQUIRE(key);
    auto db = vrs::db::Database::open(s.db, *key);
    REQUIRE(db);
    REQUIRE(db->exec("DROP TRIGGER audit_log_no_delete"));
  }
  expect_check_fails_unchanged(s, {"db", "check", "--db", s.db.string(), "--key-file", s.key.string()},
                               "audit log of " + s.db.string() +
                                   ": the append-only triggers are missing (someone with the key changed the schema)");
}

TEST_CASE("vrs-server db: passphrase on stdin", "[e2e][server][db]") {
  vrs::test::TempDir dir;
  const auto db = dir / "vrs.db";
  auto init = server({"db", "init", "--db", db.string(), "--passphrase-stdin", kMinimalKdf}, "open sesame\n");
  INFO(init.err);
  REQUIRE(init.exit_code == 0);
  CHECK(dir_entries(dir.path()) == std::set<std::string>{"vrs.db", "vrs.db.kdf"});
  CHECK(file_mode(dir / "vrs.db.kdf") == 0600);
  auto check = server({"db", "check", "--db", db.string(), "--passphrase-stdin"}, "open sesame\n");
  INFO(check.err);
  CHECK(check.exit_code == 0);

  const auto before = vrs::test::read_file_bytes(db);
  auto wrong = server({"db", "check", "--db", db.string(), "--passphrase-stdin"}, "open says me\n");
  expect_failure(wrong, "cannot open " + db.string() + ": wrong key or not a VRS database");
  CHECK(vrs::test::read_file_bytes(db) == before);

  auto empty = server({"db", "check", "--db", db.string(), "--passphrase-stdin"}, "");
  expect_failure(empty, "passphrase from stdin is empty");
}

TEST_CASE("vrs-server db: passphrase from an environment variable", "[e2e][server][db]") {
  vrs::test::TempDir dir;
  const auto db = dir / "vrs.db";
  auto init = server({"db", "init", "--db", db.string(), "--passphrase-env", "VRS_TEST_PASS", kMinimalKdf}, {},
                     {{"VRS_TEST_PASS", "from the environment"}});
  INFO(init.err);
  REQUIRE(init.exit_code == 0);
  auto check = server({"db", "check", "--db", db.string(), "--passphrase-env", "VRS_TEST_PASS"}, {},
                      {{"VRS_TEST_PASS", "from the environment"}});
  CHECK(check.exit_code == 0);
  auto unset = server({"db", "check", "--db", db.string(), "--passphrase-env", "VRS_NOT_SET_ANYWHERE"});
  expect_failure(unset, "environment variable VRS_NOT_SET_ANYWHERE is not set");
}

TEST_CASE("vrs-server db check: passphrase database without its .kdf file", "[e2e][server][db]") {
  vrs::test::TempDir dir;
  const auto db = dir / "vrs.db";
  REQUIRE(server({"db", "init", "--db", db.string(), "--passphrase-stdin", kMinimalKdf}, "pw").exit_code == 0);
  fs::remove(dir / "vrs.db.kdf");
  auto r = server({"db", "check", "--db", db.string(), "--passphrase-stdin"}, "pw");
  expect_failure(r, "KDF parameter file " + (dir / "vrs.db.kdf").string() +
                        " does not exist (was the database created with a passphrase?)");
}

TEST_CASE("vrs-server db: key options are exclusive and one is required", "[e2e][server][db]") {
  vrs::test::TempDir dir;
  const auto db = (dir / "vrs.db").string();
  auto both = server({"db", "init", "--db", db, "--key-file", (dir / "k").string(), "--passphrase-stdin"}, "pw");
  CHECK(both.exit_code == 2);
  CHECK(both.err.rfind("vrs-server: ", 0) == 0);
  CHECK(std::count(both.err.begin(), both.err.end(), '\n') == 1);
  auto none = server({"db", "init", "--db", db});
  CHECK(none.exit_code == 1);
  CHECK(none.err == "vrs-server: give exactly one of --key-file PATH, --passphrase-stdin or --passphrase-env NAME\n");
  auto no_db = server({"db", "check", "--key-file", (dir / "k").string()});
  CHECK(no_db.exit_code == 2);
  CHECK(no_db.err.rfind("vrs-server: ", 0) == 0);
  CHECK(dir_entries(dir.path()).empty());
}

TEST_CASE("vrs-server db --help explains the commands, the key file and passphrases", "[e2e][server][db]") {
  const std::string command = GENERATE(std::string("init"), std::string("check"));
  auto r = server({"db", command, "--help"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("--key-file PATH") != std::string::npos);
  CHECK(r.out.find("64 lower-case hex characters") != std::string::npos);
  CHECK(r.out.find("mode 0600") != std::string::npos);
  CHECK(r.out.find("--passphrase-stdin") != std::string::npos);
  CHECK(r.out.find("--passphrase-env NAME") != std::string::npos);
  CHECK(r.out.find("Argon2id") != std::string::npos);
  CHECK(r.out.find("insecure") == std::string::npos);  // the test-only flag stays hidden
  if (command == "init") CHECK(r.out.find("Create a new encrypted database") != std::string::npos);
  if (command == "check") CHECK(r.out.find("without changing it") != std::string::npos);
}
