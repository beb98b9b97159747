// The enrolment flow of docs/api.md with the real binaries: vrs-ca and vrs-server set up a CA
// and a server on 127.0.0.1 (ephemeral port); vrs-client enrols an administrator (offline
// bootstrap) and a member (through the API), then whoami, admin members/member-add/audit,
// revocation, and the refusal of the revoked certificate.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <boost/json.hpp>

#include "vrs/test/file_checks.hpp"
#include "vrs/test/process.hpp"
#include "vrs/test/server_process.hpp"
#include "vrs/test/temp_dir.hpp"

using vrs::test::describe;
using vrs::test::run_process;
using vrs::test::ProcessResult;
using vrs::test::ServerProcess;
namespace fs = std::filesystem;

namespace {

std::string bin(const std::string& name) { return vrs::test::binary_path(name); }

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

using vrs::test::mode_of;

}  // namespace

namespace {

// The root CA fingerprint `vrs-ca init` prints, which the administrator reads out to members.
std::string root_fingerprint_in(const std::string& init_output) {
  const std::string label = "root CA SHA-256 fingerprint ";
  const auto at = init_output.find(label);
  if (at == std::string::npos) return {};
  return init_output.substr(at + label.size(), 64);
}

}  // namespace

TEST_CASE("enrolment, whoami, admin commands and revocation against the real server", "[e2e]") {
  vrs::test::TempDir dir;
  const auto ca = dir / "ca";
  const auto srv = dir / "srv";
  const auto admin = dir / "admin";
  const auto member = dir / "member";
  std::unique_ptr<ServerProcess> server;

  const auto run = [&](const std::vector<std::string>& argv, int expected) {
    auto r = run_process(argv, {}, {{"VRS_HOME", ""}}, std::chrono::seconds(60));
    if (r.exit_code != expected) {
      FAIL_CHECK("expected exit " << expected << "\n" << describe(argv, r) << "\nserver log:\n" << (server ? server->log() : ""));
    }
    return r;
  };
  const auto client = [&](std::vector<std::string> args, int expected) {
    args.insert(args.begin(), bin("vrs-client"));
    return run(args, expected);
  };

  // CA and server (ephemeral ports).
  const auto ca_made = run({bin("vrs-ca"), "init", "--dir", ca.string()}, 0);
  REQUIRE(ca_made.exit_code == 0);
  const std::string root = root_fingerprint_in(ca_made.out);
  REQUIRE(root.size() == 64);
  REQUIRE(run({bin("vrs-server"), "init", "--dir", srv.string(), "--ca-dir", ca.string(), "--name", "127.0.0.1", "--port", "0",
               "--metrics-port", "0"},
              0)
              .exit_code == 0);
  const auto config = srv / "vrs-server.toml";
  server = std::make_unique<ServerProcess>(config, dir / "port", dir / "server.log");
  const int port = server->wait_for_port(dir / "port", std::chrono::seconds(30));
  INFO("server log:\n" << server->log());
  REQUIRE(port > 0);
  const std::string url = "https://127.0.0.1:" + std::to_string(port);

  // 1. The first administrator: enrol, bootstrap offline on the server machine, install.
  auto enrolled = client({"enroll", "--home", admin.string(), "--member", "AUS-ADM", "--server", url}, 0);
  CHECK(enrolled.out.find("enrol-request.json") != std::string::npos);
  CHECK(mode_of(admin / "tls.key") == 0600);
  CHECK(mode_of(admin / "signing.key") == 0600);
  REQUIRE(run({bin("vrs-server"), "admin", "bootstrap", "--config", config.string(), "--request",
               (admin / "enrol-request.json").string(), "--out", (dir / "admin-bundle.json").string()},
              0)
              .exit_code == 0);
  REQUIRE(client({"install", "--home", admin.string(), "--ca-fingerprint", root, (dir / "admin-bundle.json").string()}, 0)
              .exit_code == 0);
  // The running server learns the bootstrapped certificate on SIGHUP or a restart. Restart it on
  // the same port (the one in the profiles' client.toml).
  REQUIRE(server->stop() == 0);
  REQUIRE(vrs::test::pin_listen_port(config, port));
  fs::remove(dir / "port");
  server = std::make_unique<ServerProcess>(config, dir / "port", dir / "server-restarted.log");
  REQUIRE(server->wait_for_port(dir / "port", std::chrono::seconds(30)) == port);
  ProcessResult who_admin;
  for (int i = 0; i < 50; ++i) {
    who_admin = run_process({bin("vrs-client"), "whoami", "--home", admin.string(), "--timeout", "5"});
    if (who_admin.exit_code == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  INFO(describe({"whoami (admin)"}, who_admin));
  REQUIRE(who_admin.exit_code == 0);
  CHECK(who_admin.out.find("member:      AUS-ADM (state AUS)\n") != std::string::npos);
  CHECK(who_admin.out.find("role:        admin\n") != std::string::npos);

  // 2. A member enrols; the administrator signs through the API; the member installs.
  client({"enroll", "--home", member.string(), "--member", "NZL-INZ", "--server", url}, 0);
  const auto bundle_path = dir / "bundle.json";
  auto enrol = client({"admin", "enrol", "--home", admin.string(), "--request", (member / "enrol-request.json").string(), "--role",
                       "reporter", "--reason", "e2e enrolment", "--out", bundle_path.string()},
                      0);
  CHECK(enrol.out.find("Registered member NZL-INZ (role reporter)") != std::string::npos);
  CHECK(enrol.out.find("Issued certificate ") != std::string::npos);
  REQUIRE(fs::exists(bundle_path));
  CHECK(mode_of(bundle_path) == 0644);
  const auto bundle = boost::json::parse(slurp(bundle_path)).as_object();
  const std::string serial(bundle.at("serial").as_string().c_str());
  CHECK(bundle.at("member_id").as_string() == "NZL-INZ");
  CHECK(bundle.at("role").as_string() == "reporter");
  // The bundle is never overwritten.
  auto again = client({"admin", "enrol", "--home", admin.string(), "--request", (member / "enrol-request.json").string(), "--role",
                       "reporter", "--out", bundle_path.string()},
                      1);
  CHECK(again.err.find("already exists") != std::string::npos);

  // Without the fingerprint read out by the administrator, nothing is pinned; the refusal
  // names the fingerprint to check.
  auto unconfirmed = client({"install", "--home", member.string(), bundle_path.string()}, 1);
  CHECK(unconfirmed.err.find("--ca-fingerprint " + root) != std::string::npos);
  CHECK_FALSE(fs::exists(member / "ca-chain.pem"));
  client({"install", "--home", member.string(), "--ca-fingerprint", root, bundle_path.string()}, 0);
  CHECK(mode_of(member / "member.crt") == 0644);
  CHECK(mode_of(member / "ca-chain.pem") == 0644);
  auto who = client({"whoami", "--home", member.string()}, 0);
  CHECK(who.out.find("member:      NZL-INZ (state NZL)\n") != std::string::npos);
  CHECK(who.out.find("role:        reporter\n") != std::string::npos);
  CHECK(who.out.find("certificate: " + serial + "\n") != std::string::npos);
  CHECK(who.out.find(" days left)") != std::string::npos);

  // 3. Admin commands: a reporter is refused with the server's problem; the admin sees the inventory.
  auto refused = client({"admin", "members", "--home", member.string()}, 1);
  CHECK(refused.err.rfind("vrs-client: admin members: GET /v1/admin/members: HTTP 403 permission_denied", 0) == 0);
  CHECK(std::count(refused.err.begin(), refused.err.end(), '\n') == 1);
  auto members = client({"admin", "members", "--home", admin.string()}, 0);
  CHECK(members.out.find("NZL-INZ") != std::string::npos);
  CHECK(members.out.find(serial) != std::string::npos);
  CHECK(members.out.find("[e2e enrolment]") != std::string::npos);
  auto members_json = client({"admin", "members", "--home", admin.string(), "--json"}, 0);
  CHECK(boost::json::parse(members_json.out).as_object().at("members").as_array().size() == 2);
  auto duplicate = client({"admin", "member-add", "--home", admin.string(), "--member", "NZL-INZ", "--role", "reporter"}, 1);
  CHECK(duplicate.err.find("HTTP 409 already_exists") != std::string::npos);
  client({"admin", "member-add", "--home", admin.string(), "--member", "IDN-POLRI", "--role", "analyst"}, 0);

  auto audit = client({"admin", "audit", "--home", admin.string(), "--limit", "1000"}, 0);
  CHECK_FALSE(audit.out.empty());
  auto verified = client({"admin", "audit", "--verify", "--home", admin.string()}, 0);
  CHECK(verified.out.rfind("audit chain ok: ", 0) == 0);

  // 4. The server is verified by name: the same profile aimed at "localhost" (not in the
  //    server certificate, which names 127.0.0.1) is refused by the client.
  const auto wrong_name = dir / "wrong-name";
  fs::create_directory(wrong_name);
  fs::permissions(wrong_name, fs::perms::owner_all, fs::perm_options::replace);
  for (const char* f : {"tls.key", "signing.key", "member.crt", "ca-chain.pem"}) fs::copy_file(member / f, wrong_name / f);
  vrs::test::write_file(wrong_name / "client.toml",
                        "server = \"https://localhost:" + std::to_string(port) + "\"\nmember = \"NZL-INZ\"\n", 0600);
  auto mismatch = client({"whoami", "--home", wrong_name.string()}, 1);
  CHECK(mismatch.err.find("server certificate not accepted") != std::string::npos);

  // 5. Revocation: at once, for new connections; a second revocation is a conflict.
  auto revoked = client({"admin", "revoke", "--home", admin.string(), "--serial", serial, "--reason", "key_compromise"}, 0);
  CHECK(revoked.out.find("Revoked certificate " + serial) != std::string::npos);
  auto twice = client({"admin", "revoke", "--home", admin.string(), "--serial", serial, "--reason", "key_compromise"}, 1);
  CHECK(twice.err.find("HTTP 409") != std::string::npos);
  auto after = client({"whoami", "--home", member.string()}, 1);
  CHECK(after.err.rfind("vrs-client: whoami: ", 0) == 0);
  // Refused in the TLS layer (an alert after the TLS 1.3 handshake) or with a 401 problem.
  CHECK((after.err.find("refused this client certificate") != std::string::npos ||
         after.err.find("HTTP 401 unauthenticated") != std::string::npos));
  CHECK(std::count(after.err.begin(), after.err.end(), '\n') == 1);
  auto inventory = client({"admin", "members", "--home", admin.string()}, 0);
  CHECK(inventory.out.find("revoked") != std::string::npos);
  CHECK(inventory.out.find("(key_compromise)") != std::string::npos);

  CHECK(server->stop() == 0);
}

TEST_CASE("networked commands without a profile or with bad arguments", "[e2e]") {
  vrs::test::TempDir dir;
  auto none = run_process({bin("vrs-client"), "whoami", "--home", (dir / "none").string()});
  CHECK(none.exit_code == 1);
  CHECK(none.err == "vrs-client: whoami: no profile in " + (dir / "none").string() + "; run `vrs-client enroll` first\n");
  auto usage = run_process({bin("vrs-client"), "admin", "revoke", "--serial", "01"});
  CHECK(usage.exit_code == 2);
  auto bad_reason = run_process({bin("vrs-client"), "admin", "revoke", "--serial", "01", "--reason", "because"});
  CHECK(bad_reason.exit_code == 2);
  auto http = run_process({bin("vrs-client"), "enroll", "--home", (dir / "p").string(), "--member", "AUS-ABF", "--server",
                           "http://127.0.0.1:8443"});
  CHECK(http.exit_code == 1);
  CHECK(http.err == "vrs-client: enroll: server URL \"http://127.0.0.1:8443\": only https is allowed\n");
  CHECK_FALSE(fs::exists(dir / "p"));
  auto help = run_process({bin("vrs-client"), "admin", "audit", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--verify") != std::string::npos);
}
