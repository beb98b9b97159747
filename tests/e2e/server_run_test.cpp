// End-to-end: `vrs-server init`, `admin bootstrap` and `run` as an operator runs them: a
// server directory from a CA directory, the first admin enrolled offline, the server started
// with a port file, a request with the admin's certificate, SIGHUP, SIGTERM -> exit 0.
#include <signal.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
#include <string>
#include <thread>

#include "vrs/certs/authority.hpp"
#include "vrs/certs/crl.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/init.hpp"
#include "vrs/crypto/sign.hpp"
#include "vrs/test/background_process.hpp"
#include "vrs/test/process.hpp"
#include "vrs/test/temp_dir.hpp"
#include "vrs/test/test_pki.hpp"
#include "vrs/test/tls_client.hpp"
#include "server_dir.hpp"

using namespace vrs::test;
using namespace e2e;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

TEST_CASE("init creates a private server directory from a CA directory") {
  Setup s;
  CHECK(mode_of(s.dir) == 0700);
  for (const char* secret : {"issuing.key", "server.key", "vrs.db.key", "vrs-server.toml"}) {
    INFO(secret);
    CHECK(mode_of(s.dir / secret) == 0600);
  }
  for (const char* pub : {"root.crt", "issuing.crt", "ca-chain.pem", "server-chain.pem", "crl.pem", "vrs.db"}) {
    INFO(pub);
    CHECK(fs::exists(s.dir / pub));
  }
  auto chain = vrs::certs::Certificate::load_bundle(read_text_file(s.dir / "server-chain.pem"));
  REQUIRE(chain);
  REQUIRE(chain->size() == 2);
  CHECK((*chain)[0].alt_names() == std::vector<std::string>{"127.0.0.1", "localhost"});
  auto crl = vrs::certs::Crl::from_pem(read_text_file(s.dir / "crl.pem"));
  REQUIRE(crl);
  CHECK(crl->size() == 0);
  CHECK(crl->verify(s.pki.issuing));
}

TEST_CASE("init refuses a non-empty directory and a missing CA directory") {
  Setup s;
  auto again = server({"init", "--dir", s.dir.string(), "--ca-dir", (s.tmp / "ca").string(), "--name", "x"});
  CHECK(again.exit_code == 1);
  CHECK(again.err.find("it exists and is not an empty directory") != std::string::npos);
  auto no_ca = server({"init", "--dir", (s.tmp / "other").string(), "--ca-dir", (s.tmp / "nope").string(), "--name", "x"});
  CHECK(no_ca.exit_code == 1);
  CHECK(no_ca.err.rfind("vrs-server: cannot initialise", 0) == 0);
  CHECK_FALSE(fs::exists(s.tmp / "other"));
}

TEST_CASE("run serves with a port file, SIGHUP picks up a bootstrap, SIGTERM exits 0") {
  Setup s;
  BackgroundProcess proc({binary_path("vrs-server"), "run", "--config", s.config.string(), "--port-file",
                          (s.tmp / "port").string()},
                         s.tmp / "out.txt", s.tmp / "err.txt");
  const std::string port_text = wait_for_file(s.tmp / "port", 20s);
  INFO(read_text_file(s.tmp / "err.txt"));
  REQUIRE_FALSE(port_text.empty());
  const auto port = static_cast<std::uint16_t>(std::stoi(port_text));
  const std::string out = wait_for_file(s.tmp / "out.txt", 5s);
  CHECK(out.find("listening on 127.0.0.1:" + std::to_string(port) + "\n") != std::string::npos);
  CHECK(std::regex_search(out, std::regex("metrics on 127\\.0\\.0\\.1:[1-9][0-9]*\n")));

  // Enrol the first admin offline while the server runs; it is unknown until SIGHUP.
  const fs::path key = s.request("AUS-ADMIN", s.tmp / "req.json");
  auto boot = server({"admin", "bootstrap", "--config", s.config.string(), "--request", (s.tmp / "req.json").string(),
                      "--out", (s.tmp / "bundle.json").string()});
  INFO(boot.err);
  REQUIRE(boot.exit_code == 0);
  const std::string bundle = read_text_file(s.tmp / "bundle.json");
  write_file(s.tmp / "admin.crt", field(bundle, "certificate"), 0644);
  ClientOptions o;
  o.ca = s.dir / "ca-chain.pem";
  o.certificate = s.tmp / "admin.crt";
  o.private_key = key;
  auto before = one_request(port, o, "GET", "/v1/whoami");
  REQUIRE(before);
  CHECK(before->status == 401);

  proc.signal(SIGHUP);
  bool served = false;
  for (int i = 0; i < 100 && !served; ++i) {
    auto r = one_request(port, o, "GET", "/v1/whoami");
    served = r && r->status == 200 && r->body.find("\"role\":\"admin\"") != std::string::npos;
    if (!served) std::this_thread::sleep_for(50ms);
  }
  CHECK(served);

  proc.signal(SIGTERM);
  const int status = proc.wait(20s);
  INFO("server stderr: " << read_text_file(s.tmp / "err.txt"));
  CHECK(status == 0);
}

TEST_CASE("run refuses a bad configuration with one line") {
  Setup s;
  write_file(s.tmp / "bad.toml", "[limits]\nmax_body_bytes = 1\n");
  auto r = server({"run", "--config", (s.tmp / "bad.toml").string()});
  CHECK(r.exit_code == 1);
  CHECK(r.err == "vrs-server: " + (s.tmp / "bad.toml").string() +
                     ": limits.max_body_bytes: 1 is not in [1024, 67108864]\n");
}

TEST_CASE("admin bootstrap refuses a missing request and an existing output") {
  Setup s;
  auto missing = server({"admin", "bootstrap", "--config", s.config.string(), "--request", (s.tmp / "none.json").string(),
                         "--out", (s.tmp / "b.json").string()});
  CHECK(missing.exit_code == 1);
  CHECK(missing.err == "vrs-server: " + (s.tmp / "none.json").string() + " does not exist\n");
  write_file(s.tmp / "b.json", "x");
  s.request("AUS-ADMIN", s.tmp / "req.json");
  auto exists = server({"admin", "bootstrap", "--config", s.config.string(), "--request", (s.tmp / "req.json").string(),
                        "--out", (s.tmp / "b.json").string()});
  CHECK(exists.exit_code == 1);
  CHECK(exists.err.find("already exists") != std::string::npos);
}

TEST_CASE("config check, backup and restore as an operator runs them, and refuse bad use") {
  Setup s;
  auto valid = server({"config", "check", "--config", s.config.string()});
  INFO(valid.err);
  CHECK(valid.exit_code == 0);
  CHECK(valid.out.find("valid") != std::string::npos);
  write_file(s.tmp / "bad.toml", "[limits]\nmax_connections = 0\n");
  auto bad = server({"config", "check", "--config", (s.tmp / "bad.toml").string()});
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("limits.max_connections: 0 is not in") != std::string::npos);
  auto missing = server({"config", "check", "--config", (s.tmp / "none.toml").string()});
  CHECK(missing.exit_code == 1);

  const auto file = s.tmp / "srv.backup";
  auto made = server({"backup", "--config", s.config.string(), "--out", file.string()});
  INFO(made.err);
  REQUIRE(made.exit_code == 0);
  CHECK(made.err.find("MB/s") != std::string::npos);  // progress on stderr
  CHECK(mode_of(file) == 0600);
  auto twice = server({"backup", "--config", s.config.string(), "--out", file.string()});
  CHECK(twice.exit_code == 1);
  CHECK(twice.err.find("already exists") != std::string::npos);
  CHECK(server({"backup", "--config", s.config.string()}).exit_code == 2);  // --out is required

  const auto restored = s.tmp / "restored";
  auto r = server({"restore", "--from", file.string(), "--dir", restored.string(), "--key-file",
                   (s.dir / "vrs.db.key").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(mode_of(restored / "vrs.db.key") == 0600);
  CHECK(mode_of(restored / "server.key") == 0600);
  CHECK(server({"config", "check", "--config", (restored / "vrs-server.toml").string()}).exit_code == 0);
  // The restored configuration names its files relative to itself: the directory may move.
  CHECK(read_text_file(restored / "vrs-server.toml").find("db = \"vrs.db\"") != std::string::npos);
  fs::rename(restored, s.tmp / "moved");
  CHECK(server({"config", "check", "--config", (s.tmp / "moved" / "vrs-server.toml").string()}).exit_code == 0);
  fs::rename(s.tmp / "moved", restored);
  CHECK(server({"db", "check", "--db", (restored / "vrs.db").string(), "--key-file", (restored / "vrs.db.key").string()})
            .exit_code == 0);
  auto over = server({"restore", "--from", file.string(), "--dir", restored.string(), "--key-file",
                      (s.dir / "vrs.db.key").string()});
  CHECK(over.exit_code == 1);
  CHECK(over.err.find("never overwrites") != std::string::npos);
}
