// End-to-end: `vrs-server rekey` as an operator runs it: the old key opens nothing afterwards,
// the records stay, the audit log says so; refused while the server runs; and a rekey killed
// (SIGKILL) after each of its steps leaves a database the old or the new key opens, which the
// next `run` finishes or undoes.
#include <signal.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <thread>

#include "server_dir.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/db_key.hpp"
#include "vrs/test/background_process.hpp"
#include "vrs/test/tls_client.hpp"

using namespace e2e;

namespace {

// A server directory with one administrator enrolled (so there is a record to keep), its
// certificate and key ready for requests.
struct Enrolled : Setup {
  ClientOptions admin;
  Enrolled() {
    const fs::path key = request("AUS-ADMIN", tmp / "req.json");
    auto boot = server({"admin", "bootstrap", "--config", config.string(), "--request", (tmp / "req.json").string(),
                        "--out", (tmp / "bundle.json").string()});
    INFO(boot.err);
    REQUIRE(boot.exit_code == 0);
    write_file(tmp / "admin.crt", field(read_text_file(tmp / "bundle.json"), "certificate"), 0644);
    admin.ca = dir / "ca-chain.pem";
    admin.certificate = tmp / "admin.crt";
    admin.private_key = key;
    write_file(tmp / "old.key", read_text_file(dir / "vrs.db.key"), 0600);
  }
  ProcessResult check_with(const fs::path& key_file) {
    return server({"db", "check", "--db", (dir / "vrs.db").string(), "--key-file", key_file.string()});
  }
  // Starts the server, asks whoami as the admin, stops it; the status of that request.
  int serve_whoami() {
    std::error_code ec;
    fs::remove(tmp / "port", ec);
    BackgroundProcess proc({binary_path("vrs-server"), "run", "--config", config.string(), "--port-file",
                            (tmp / "port").string()},
                           tmp / "out.txt", tmp / "err.txt");
    const std::string port_text = wait_for_file(tmp / "port", std::chrono::seconds(20));
    INFO(read_text_file(tmp / "err.txt"));
    REQUIRE_FALSE(port_text.empty());
    auto r = one_request(static_cast<std::uint16_t>(std::stoi(port_text)), admin, "GET", "/v1/whoami");
    proc.signal(SIGTERM);
    CHECK(proc.wait(std::chrono::seconds(20)) == 0);
    return r ? r->status : 0;
  }
  std::int64_t audit_count(const std::string& action) {
    auto key = vrs::db::read_key_file(dir / "vrs.db.key");
    REQUIRE(key);
    auto database = vrs::db::Database::open(dir / "vrs.db", *key, vrs::db::OpenOptions{.migrate = false});
    REQUIRE(database);
    auto stmt = database->prepare("SELECT count(*) FROM audit_log WHERE action = ?1");
    REQUIRE(stmt);
    REQUIRE(stmt->bind_text(1, action));
    auto row = stmt->step();
    REQUIRE(row);
    REQUIRE(*row);
    return stmt->column_int64(0);
  }
};

}  // namespace

TEST_CASE("rekey: the old key opens nothing, the records stay, the audit log says so") {
  Enrolled s;
  auto r = server({"rekey", "--config", s.config.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("rekeyed " + (s.dir / "vrs.db").string()) != std::string::npos);
  CHECK(r.err.find("copying") != std::string::npos);  // progress on stderr
  CHECK(read_text_file(s.dir / "vrs.db.key") != read_text_file(s.tmp / "old.key"));
  CHECK(mode_of(s.dir / "vrs.db.key") == 0600);
  for (const char* left : {"vrs.db.key.next", "vrs.db.rekey", "vrs.db-wal"}) {
    INFO(left);
    CHECK_FALSE(fs::exists(s.dir / left));
  }
  auto old = s.check_with(s.tmp / "old.key");
  CHECK(old.exit_code == 1);
  CHECK(old.err.find("wrong key") != std::string::npos);
  auto now = s.check_with(s.dir / "vrs.db.key");
  INFO(now.err);
  CHECK(now.exit_code == 0);
  CHECK(s.audit_count("db.rekey") == 1);
  CHECK(s.serve_whoami() == 200);
}

TEST_CASE("rekey refuses while the server runs, and options that do not fit, changing nothing") {
  Enrolled s;
  const std::string before = read_text_file(s.dir / "vrs.db.key");
  {
    BackgroundProcess proc({binary_path("vrs-server"), "run", "--config", s.config.string(), "--port-file",
                            (s.tmp / "port").string()},
                           s.tmp / "out.txt", s.tmp / "err.txt");
    REQUIRE_FALSE(wait_for_file(s.tmp / "port", std::chrono::seconds(20)).empty());
    auto busy = server({"rekey", "--config", s.config.string()});
    CHECK(busy.exit_code == 1);
    CHECK(busy.err.find("is in use") != std::string::npos);
    // A second server on the same store is refused the same way.
    auto second = server({"run", "--config", s.config.string()});
    CHECK(second.exit_code == 1);
    CHECK(second.err.find("is in use") != std::string::npos);
    proc.signal(SIGTERM);
    CHECK(proc.wait(std::chrono::seconds(20)) == 0);
  }
  auto wrong = server({"rekey", "--config", s.config.string(), "--new-passphrase-env", "X"});
  CHECK(wrong.exit_code == 1);
  CHECK(wrong.err.find("paths.db_key_file") != std::string::npos);
  CHECK(server({"rekey"}).exit_code == 2);  // --config is required
  CHECK(server({"rekey", "--config", (s.tmp / "none.toml").string()}).exit_code == 1);
  CHECK(read_text_file(s.dir / "vrs.db.key") == before);
  CHECK(s.audit_count("db.rekey") == 0);
}

TEST_CASE("a rekey killed after any step leaves a database one of the two keys opens, and run finishes it") {
  struct Step {
    const char* name;
    bool new_key_wins;
  };
  for (const Step step : {Step{"next-written", false}, Step{"copy-written", false}, Step{"store-replaced", true},
                          Step{"key-replaced", true}}) {
    DYNAMIC_SECTION("killed after " << step.name) {
      Enrolled s;
      auto killed = server({"rekey", "--config", s.config.string(), "--crash-after-for-tests", step.name});
      INFO(killed.err);
      REQUIRE(killed.exit_code == 128 + SIGKILL);
      // One of the two keys opens the database as the crash left it.
      const fs::path next = s.dir / "vrs.db.key.next";
      const bool old_opens = s.check_with(s.tmp / "old.key").exit_code == 0;
      const bool next_opens = fs::exists(next) && s.check_with(next).exit_code == 0;
      const bool current_opens = s.check_with(s.dir / "vrs.db.key").exit_code == 0;
      CHECK((old_opens || next_opens || current_opens));
      CHECK(old_opens == !step.new_key_wins);

      // The next start finishes (or undoes) it, and serves the same records.
      CHECK(s.serve_whoami() == 200);
      CHECK_FALSE(fs::exists(next));
      CHECK_FALSE(fs::exists(s.dir / "vrs.db.rekey"));
      CHECK(s.check_with(s.dir / "vrs.db.key").exit_code == 0);
      CHECK((read_text_file(s.dir / "vrs.db.key") == read_text_file(s.tmp / "old.key")) == !step.new_key_wins);
      if (step.new_key_wins) CHECK(s.check_with(s.tmp / "old.key").exit_code == 1);
      const std::string log = read_text_file(s.tmp / "err.txt");
      if (std::string(step.name) != "key-replaced") {
        CHECK(log.find(step.new_key_wins ? "interrupted rekey was finished" : "interrupted rekey was undone") !=
              std::string::npos);
      }
      // A rekey after the repair works as ever.
      auto again = server({"rekey", "--config", s.config.string()});
      INFO(again.err);
      CHECK(again.exit_code == 0);
      CHECK(s.serve_whoami() == 200);
    }
  }
}

TEST_CASE("rekey of a passphrase-keyed database takes a new passphrase, never the same source twice") {
  Setup s;
  const std::vector<std::pair<std::string, std::string>> old_pp{{"VRS_PP", "correct horse battery staple"}};
  auto init = run_process({binary_path("vrs-server"), "db", "init", "--db", (s.tmp / "pp.db").string(),
                           "--passphrase-env", "VRS_PP", "--insecure-minimal-kdf-for-tests"},
                          {}, old_pp);
  INFO(init.err);
  REQUIRE(init.exit_code == 0);
  std::string toml = read_text_file(s.config);
  const auto at = toml.find("db_key_file = ");
  REQUIRE(at != std::string::npos);
  toml.replace(at, toml.find('\n', at) - at + 1, "db_passphrase_env = \"VRS_PP\"\n");
  toml.replace(toml.find("db = "), toml.find('\n', toml.find("db = ")) - toml.find("db = "),
               "db = \"" + (s.tmp / "pp.db").string() + "\"");
  write_file(s.tmp / "pp.toml", toml, 0600);
  const std::string rekey_bin = binary_path("vrs-server");

  auto none = run_process({rekey_bin, "rekey", "--config", (s.tmp / "pp.toml").string()}, {}, old_pp);
  CHECK(none.exit_code == 1);
  CHECK(none.err.find("--new-passphrase") != std::string::npos);

  auto r = run_process({rekey_bin, "rekey", "--config", (s.tmp / "pp.toml").string(), "--new-passphrase-env",
                        "VRS_NEW", "--insecure-minimal-kdf-for-tests"},
                       {}, {{"VRS_PP", "correct horse battery staple"}, {"VRS_NEW", "a new and longer passphrase"}});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_FALSE(fs::exists(s.tmp / "pp.db.next.kdf"));
  auto check = [&](const std::string& passphrase) {
    return run_process({rekey_bin, "db", "check", "--db", (s.tmp / "pp.db").string(), "--passphrase-env", "VRS_PP"},
                       {}, {{"VRS_PP", passphrase}})
        .exit_code;
  };
  CHECK(check("correct horse battery staple") == 1);
  CHECK(check("a new and longer passphrase") == 0);
}
