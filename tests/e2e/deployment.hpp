#pragma once
// A deployment for the e2e tests of vrs-client with the real binaries: a CA (vrs-ca), a
// running server on 127.0.0.1 (vrs-server init + run, port pinned so it can restart), the
// first administrator (offline bootstrap) and a reporter NZL-INZ enrolled through the API.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/json.hpp>

#include "vrs/test/process.hpp"
#include "vrs/test/server_process.hpp"
#include "vrs/test/temp_dir.hpp"
#include "vrs/test/tls_client.hpp"

namespace vrs::e2e {

namespace fs = std::filesystem;
using vrs::test::describe;
using vrs::test::ProcessResult;
using vrs::test::run_process;
using vrs::test::ServerProcess;

inline std::string bin(const std::string& name) { return vrs::test::binary_path(name); }

// The root CA fingerprint `vrs-ca init` prints, which the administrator reads out to members.
inline std::string root_fingerprint_in(const std::string& init_output) {
  const std::string label = "root CA SHA-256 fingerprint ";
  const auto at = init_output.find(label);
  if (at == std::string::npos) return {};
  return init_output.substr(at + label.size(), 64);
}

// A CA, a running server on 127.0.0.1 (its port pinned so it can be restarted), the first
// administrator (offline bootstrap) and a reporter NZL-INZ enrolled through the API, as in
// client_admin_test.cpp.
struct Deployment {
  vrs::test::TempDir dir;
  fs::path ca = dir / "ca";
  fs::path srv = dir / "srv";
  fs::path admin = dir / "admin";
  fs::path member = dir / "member";
  fs::path config = srv / "vrs-server.toml";
  std::string root;  ///< the root CA's fingerprint, as `vrs-ca init` printed it
  std::unique_ptr<ServerProcess> server;
  int port = 0;

  ProcessResult run(const std::vector<std::string>& argv, int expected) {
    auto r = run_process(argv, {}, {{"VRS_HOME", ""}}, std::chrono::seconds(120));
    if (r.exit_code != expected) {
      FAIL_CHECK("expected exit " << expected << "\n" << describe(argv, r) << "\nserver log:\n" << (server ? server->log() : ""));
    }
    return r;
  }
  ProcessResult client(std::vector<std::string> args, int expected) {
    args.insert(args.begin(), bin("vrs-client"));
    return run(args, expected);
  }
  ProcessResult as_member(std::vector<std::string> args, int expected) {
    args.push_back("--home");
    args.push_back(member.string());
    return client(std::move(args), expected);
  }
  void start_server(const std::string& log) {
    fs::remove(dir / "port");
    server = std::make_unique<ServerProcess>(config, dir / "port", dir / log);
    const int listening = server->wait_for_port(dir / "port", std::chrono::seconds(30));
    INFO("restarted server log:\n" << server->log());
    REQUIRE(listening == port);
  }

  Deployment() {
    const auto ca_made = run({bin("vrs-ca"), "init", "--dir", ca.string()}, 0);
    REQUIRE(ca_made.exit_code == 0);
    root = root_fingerprint_in(ca_made.out);
    REQUIRE(root.size() == 64);
    REQUIRE(run({bin("vrs-server"), "init", "--dir", srv.string(), "--ca-dir", ca.string(), "--name", "127.0.0.1", "--port",
                 "0", "--metrics-port", "0"},
                0)
                .exit_code == 0);
    server = std::make_unique<ServerProcess>(config, dir / "port", dir / "server.log");
    port = server->wait_for_port(dir / "port", std::chrono::seconds(30));
    INFO("server log:\n" << server->log());
    REQUIRE(port > 0);
    std::string url = "https://127.0.0.1:";
    url += std::to_string(port);
    REQUIRE(client({"enroll", "--home", admin.string(), "--member", "AUS-ADM", "--server", url}, 0).exit_code == 0);
    REQUIRE(run({bin("vrs-server"), "admin", "bootstrap", "--config", config.string(), "--request",
                 (admin / "enrol-request.json").string(), "--out", (dir / "admin-bundle.json").string()},
                0)
                .exit_code == 0);
    REQUIRE(client({"install", "--home", admin.string(), "--ca-fingerprint", root, (dir / "admin-bundle.json").string()}, 0)
                .exit_code == 0);
    // The running server learns the bootstrapped certificate on a restart (same port).
    REQUIRE(server->stop() == 0);
    REQUIRE(vrs::test::pin_listen_port(config, port));
    start_server("server-2.log");
    ProcessResult who;
    for (int i = 0; i < 50; ++i) {
      who = run_process({bin("vrs-client"), "whoami", "--home", admin.string(), "--timeout", "5"});
      if (who.exit_code == 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    REQUIRE(who.exit_code == 0);
    // A reporter enrols through the API.
    REQUIRE(client({"enroll", "--home", member.string(), "--member", "NZL-INZ", "--server", url}, 0).exit_code == 0);
    REQUIRE(client({"admin", "enrol", "--home", admin.string(), "--request", (member / "enrol-request.json").string(),
                    "--role", "reporter", "--out", (dir / "bundle.json").string()},
                   0)
                .exit_code == 0);
    REQUIRE(client({"install", "--home", member.string(), "--ca-fingerprint", root, (dir / "bundle.json").string()}, 0)
                .exit_code == 0);
  }

  /// TLS options of the reporter's certificate, for requests made without vrs-client.
  [[nodiscard]] vrs::test::ClientOptions member_tls() const {
    vrs::test::ClientOptions tls;
    tls.ca = member / "ca-chain.pem";
    tls.certificate = member / "member.crt";
    tls.private_key = member / "tls.key";
    return tls;
  }

  /// The server's own count of this member's submissions (GET /v1/submissions).
  std::size_t server_submissions() {
    auto response = vrs::test::one_request(static_cast<std::uint16_t>(port), member_tls(), "GET", "/v1/submissions?limit=1000");
    REQUIRE(response);
    INFO(response->body);
    REQUIRE(response->status == 200);
    return boost::json::parse(response->body).as_object().at("submissions").as_array().size();
  }
};

}  // namespace vrs::e2e
