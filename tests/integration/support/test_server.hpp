#pragma once
/// An in-process vrs-server for integration tests: a PKI made at test time, a server directory
/// made with init_server(), the first admin enrolled with bootstrap_admin(), and the Server
/// running on 127.0.0.1 with ephemeral ports. Members are enrolled through the admin API.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "vrs/crypto/sign.hpp"
#include "vrs/server/config.hpp"
#include "vrs/server/server.hpp"
#include "vrs/test/temp_dir.hpp"
#include "vrs/test/test_pki.hpp"
#include "vrs/test/tls_client.hpp"

namespace vrs::test {

struct Identity {
  std::string member_id;
  std::filesystem::path certificate;
  std::filesystem::path key;
  std::string serial;
  std::string fingerprint;
  std::shared_ptr<const crypto::SigningKey> signing;  ///< the member's Ed25519 signing key
};

class TestServer {
 public:
  /// `tweak` may change the configuration (limits) before the server starts.
  explicit TestServer(const std::function<void(server::Config&)>& tweak = {});
  ~TestServer();

  [[nodiscard]] std::uint16_t port() const { return server_->port(); }
  [[nodiscard]] std::uint16_t metrics_port() const { return server_->metrics_port(); }
  [[nodiscard]] server::Server& server() { return *server_; }
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_.path(); }
  [[nodiscard]] std::filesystem::path server_dir() const { return dir_ / "srv"; }
  [[nodiscard]] const server::Config& config() const { return config_; }

  /// Client options: the server CA, and the identity's certificate when given.
  [[nodiscard]] ClientOptions options(const Identity* who = nullptr) const;
  [[nodiscard]] ClientOptions options(const CertFiles& files) const;

  /// Registers `member_id` with `role` and issues its certificate through the admin API.
  Identity enrol(const std::string& member_id, const std::string& role, bool name_opt_in = false);

  /// Stops the server (its files stay) and starts it again on the same directory: the error
  /// of Server::create if it refuses to start (then port() must not be used).
  void stop();
  Result<void> start();

  const Identity& admin() const { return admin_; }
  /// A second administrator (offline, like the first), for approvals.
  const Identity& second_admin() const { return second_admin_; }
  TestPki pki;

 private:
  TempDir dir_;
  server::Config config_;
  std::unique_ptr<server::Server> server_;
  Identity bootstrap(const std::string& member_id);
  Identity admin_;
  Identity second_admin_;
};

/// A CSR (PEM) + key file for `member_id`, and a base64 Ed25519 signing key.
struct EnrolRequest {
  std::string csr_pem;
  std::string signing_key_b64;
  std::filesystem::path key;
  std::shared_ptr<const crypto::SigningKey> signing;
};
EnrolRequest make_enrol_request(const std::filesystem::path& dir, const std::string& stem, const std::string& member_id);

/// Polls `condition` every 10 ms until true or `timeout` (server-side counters are updated
/// asynchronously, after the client already saw the outcome).
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout = std::chrono::milliseconds(3000));

/// The TLS layer refused: the handshake or the first request failed without an HTTP response.
bool tls_refused(std::uint16_t port, const ClientOptions& options);

/// Checks that `who` still gets 200 and its own member id from /v1/whoami.
void still_serves(TestServer& s, const Identity& who);

/// Parses a JSON body's top-level string member ("" if absent).
std::string json_string(const std::string& body, const std::string& key);

}  // namespace vrs::test
