#include "vrs/server/transport/metrics_listener.hpp"

#include <spdlog/spdlog.h>

#include "vrs/server/metrics.hpp"

namespace vrs::server::transport {
namespace {

constexpr std::chrono::seconds kTimeout{5};

// One monitoring request per connection (a detail of the listener; not a public type).
class MetricsSession : public std::enable_shared_from_this<MetricsSession> {
 public:
  MetricsSession(tcp::socket&& socket, const Metrics& metrics) : stream_(std::move(socket)), metrics_(metrics) {}

  void run() {
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&MetricsSession::do_read, shared_from_this()));
  }

 private:
  void do_read() {
    parser_.emplace();
    parser_->header_limit(1024);
    parser_->body_limit(0);
    stream_.expires_after(kTimeout);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&MetricsSession::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t /*bytes*/) {
    if (ec) {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
      return;
    }
    const auto& req = parser_->get();
    response_.version(11);
    response_.keep_alive(false);
    response_.set(http::field::cache_control, "no-store");
    response_.set(http::field::content_type, "text/plain; charset=utf-8");
    if (req.method() != http::verb::get) {
      response_.result(http::status::method_not_allowed);
      response_.set(http::field::allow, "GET");
      response_.body() = "method not allowed\n";
    } else if (req.target() == "/healthz") {
      response_.result(http::status::ok);
      response_.body() = "ok";
    } else if (req.target() == "/readyz") {
      // Alive is not ready: while the server drains it must get no new work.
      const bool ready = metrics_.ready();
      response_.result(ready ? http::status::ok : http::status::service_unavailable);
      response_.body() = ready ? "ready" : "not ready: draining";
    } else if (req.target() == "/metrics") {
      response_.result(http::status::ok);
      response_.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
      response_.body() = metrics_.render();
    } else {
      response_.result(http::status::not_found);
      response_.body() = "not found\n";
    }
    response_.prepare_payload();
    stream_.expires_after(kTimeout);
    http::async_write(stream_, response_, beast::bind_front_handler(&MetricsSession::on_write, shared_from_this()));
  }

  void on_write(beast::error_code /*ec*/, std::size_t /*bytes*/) {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  const Metrics& metrics_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::empty_body>> parser_;
  http::response<http::string_body> response_;
};

}  // namespace

MetricsListener::MetricsListener(net::io_context& ioc, const Metrics& metrics)
    : ioc_(ioc), acceptor_(net::make_strand(ioc)), metrics_(metrics) {}

Result<std::shared_ptr<MetricsListener>> MetricsListener::open(net::io_context& ioc, const tcp::endpoint& endpoint,
                                                               const Metrics& metrics) {
  auto listener = std::make_shared<MetricsListener>(ioc, metrics);
  beast::error_code ec;
  listener->acceptor_.open(endpoint.protocol(), ec);
  if (!ec) listener->acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) listener->acceptor_.bind(endpoint, ec);
  if (!ec) listener->acceptor_.listen(64, ec);
  if (!ec) listener->endpoint_ = listener->acceptor_.local_endpoint(ec);
  if (ec) {
    return fail(ErrorCode::Unavailable, "cannot listen for metrics on " + endpoint.address().to_string() + ":" +
                                            std::to_string(endpoint.port()) + ": " + ec.message());
  }
  return listener;
}

void MetricsListener::run() {
  net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] { self->do_accept(); });
}

void MetricsListener::stop() {
  net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] {
    self->stopped_ = true;
    beast::error_code ignored;
    self->acceptor_.close(ignored);
  });
}

void MetricsListener::do_accept() {
  if (stopped_) return;
  acceptor_.async_accept(net::make_strand(ioc_),
                         beast::bind_front_handler(&MetricsListener::on_accept, shared_from_this()));
}

void MetricsListener::on_accept(beast::error_code ec, tcp::socket socket) {
  if (stopped_ || ec == net::error::operation_aborted) return;
  if (!ec) {
    std::make_shared<MetricsSession>(std::move(socket), metrics_)->run();
  } else {
    spdlog::warn("metrics accept failed error=\"{}\"", ec.message());
  }
  do_accept();
}

}  // namespace vrs::server::transport
