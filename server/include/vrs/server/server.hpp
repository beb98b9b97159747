#pragma once
/// The running server: one io_context with `listen.threads` I/O threads, the TLS listener,
/// the metrics listener, the DB worker, the registry cache and the issuing CA.
///
/// Life cycle: create() (opens the database, loads CA material, builds the TLS context, fills
/// the registry, binds both listeners; nothing is served yet) -> start() (threads) -> stop()
/// (stop accepting, let in-flight requests finish within drain_timeout, close, join; safe to
/// call more than once and from any thread but an I/O thread). The destructor stops.
///
/// Thread-safety: start/stop/reload/ports may be called from any non-I/O thread.

#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "vrs/common/error.hpp"
#include "vrs/crypto/secure_buffer.hpp"
#include "vrs/server/config.hpp"

namespace vrs::server::transport {
class Listener;
class MetricsListener;
}  // namespace vrs::server::transport

namespace vrs::server {

struct ServerState;

class Server {
 public:
  /// `db_key`: the 32-byte database key (see key_source.hpp); wiped once the DB is open.
  static Result<std::unique_ptr<Server>> create(Config config, crypto::SecureBuffer db_key);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void start();
  /// Graceful stop (SIGTERM). Returns when every thread has ended.
  void stop();
  /// SIGHUP: re-reads the CRL file, rebuilds the TLS context (certificate chain and key files
  /// too: new connections get a renewed certificate, open ones keep theirs), reloads the
  /// registry cache and the server keys from the database, and applies `limits` (from the re-read config) when given. Blocks until the
  /// DB worker has done it.
  Result<void> reload(const Limits* limits = nullptr);

  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  [[nodiscard]] std::uint16_t metrics_port() const noexcept { return metrics_port_; }
  [[nodiscard]] const std::string& address() const noexcept;
  [[nodiscard]] const std::string& metrics_address() const noexcept;
  /// Shared state (tests read metrics through it).
  [[nodiscard]] ServerState& state() noexcept { return *state_; }

 private:
  struct Io;
  Server() = default;
  std::unique_ptr<ServerState> state_;  // declared first: outlives the io_context and sessions
  std::unique_ptr<Io> io_;
  std::shared_ptr<transport::Listener> listener_;
  std::shared_ptr<transport::MetricsListener> metrics_listener_;
  std::vector<std::thread> threads_;
  std::uint16_t port_ = 0;
  std::uint16_t metrics_port_ = 0;
  bool started_ = false;
  bool stopped_ = false;
};

}  // namespace vrs::server
