#pragma once
/// Accepts TLS client connections and starts a Session for each, on its own strand. The accept
/// loop never blocks on a connection (the handshake runs in the session under its deadline),
/// so idle or slow clients cannot stop others from being served. Past max_connections, new
/// sessions answer 503 too_many_connections; past twice that, new sockets are closed at once.
///
/// Thread-safety: run()/stop() may be called from any thread (they post to the acceptor's
/// strand).

#include <memory>

#include <boost/asio/steady_timer.hpp>

#include "vrs/common/error.hpp"
#include "vrs/server/transport/net.hpp"

namespace vrs::server {
struct ServerState;
}  // namespace vrs::server

namespace vrs::server::transport {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  /// Opens, binds and listens (SO_REUSEADDR). Unavailable naming the address on failure.
  static Result<std::shared_ptr<Listener>> open(net::io_context& ioc, const tcp::endpoint& endpoint,
                                                ServerState& state);

  void run();
  void stop();
  [[nodiscard]] tcp::endpoint local_endpoint() const { return endpoint_; }

  Listener(net::io_context& ioc, ServerState& state);

 private:
  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_timer_;  // pause after a failed accept (EMFILE) instead of spinning
  ServerState& state_;
  tcp::endpoint endpoint_;
  bool stopped_ = false;
};

}  // namespace vrs::server::transport
