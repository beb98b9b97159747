#pragma once
/// The plain-HTTP monitoring listener (docs/architecture.md "Transport"), 127.0.0.1 by default:
/// GET /healthz -> 200 "ok", GET /metrics -> Prometheus text. One request per connection, small
/// limits (1 KiB headers, no body, 5 s), so it cannot be used to exhaust the server.
///
/// Thread-safety: run()/stop() may be called from any thread.

#include <memory>

#include "vrs/common/error.hpp"
#include "vrs/server/transport/net.hpp"

namespace vrs::server {
class Metrics;
}  // namespace vrs::server

namespace vrs::server::transport {

class MetricsListener : public std::enable_shared_from_this<MetricsListener> {
 public:
  static Result<std::shared_ptr<MetricsListener>> open(net::io_context& ioc, const tcp::endpoint& endpoint,
                                                       const Metrics& metrics);
  void run();
  void stop();
  [[nodiscard]] tcp::endpoint local_endpoint() const { return endpoint_; }

  MetricsListener(net::io_context& ioc, const Metrics& metrics);

 private:
  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  const Metrics& metrics_;
  tcp::endpoint endpoint_;
  bool stopped_ = false;
};

}  // namespace vrs::server::transport
