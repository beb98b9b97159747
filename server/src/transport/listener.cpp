#include "vrs/server/transport/listener.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "vrs/server/server_state.hpp"
#include "vrs/server/transport/session.hpp"

namespace vrs::server::transport {

Listener::Listener(net::io_context& ioc, ServerState& state)
    : ioc_(ioc), acceptor_(net::make_strand(ioc)), retry_timer_(acceptor_.get_executor()), state_(state) {}

Result<std::shared_ptr<Listener>> Listener::open(net::io_context& ioc, const tcp::endpoint& endpoint,
                                                 ServerState& state) {
  auto listener = std::make_shared<Listener>(ioc, state);
  beast::error_code ec;
  auto failed = [&](const char* what) {
    return fail(ErrorCode::Unavailable, std::string("cannot ") + what + " " + endpoint.address().to_string() + ":" +
                                            std::to_string(endpoint.port()) + ": " + ec.message());
  };
  listener->acceptor_.open(endpoint.protocol(), ec);
  if (ec) return failed("open");
  listener->acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) return failed("set options on");
  listener->acceptor_.bind(endpoint, ec);
  if (ec) return failed("bind");
  listener->acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return failed("listen on");
  listener->endpoint_ = listener->acceptor_.local_endpoint(ec);
  if (ec) return failed("read the address of");
  return listener;
}

void Listener::run() {
  net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] { self->do_accept(); });
}

void Listener::stop() {
  net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] {
    self->stopped_ = true;
    beast::error_code ignored;
    self->acceptor_.close(ignored);
    self->retry_timer_.cancel();
  });
}

void Listener::do_accept() {
  if (stopped_) return;
  acceptor_.async_accept(net::make_strand(ioc_), beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(beast::error_code ec, tcp::socket socket) {
  if (stopped_ || ec == net::error::operation_aborted) return;
  if (ec) {
    // EMFILE and friends: log, keep accepting (the loop must never die on a bad accept).
    spdlog::warn("accept failed error=\"{}\"", ec.message());
    state_.metrics.rejection("accept_error");
    retry_timer_.expires_after(std::chrono::milliseconds(50));
    retry_timer_.async_wait([self = shared_from_this()](beast::error_code) { self->do_accept(); });
    return;
  } else if (state_.draining.load()) {
    beast::error_code ignored;
    socket.close(ignored);
  } else {
    const auto limits = state_.limits();
    const auto open = static_cast<std::size_t>(std::max<std::int64_t>(state_.metrics.open_connections(), 0));
    beast::error_code address_ec;
    const auto peer = socket.remote_endpoint(address_ec);
    std::string source = address_ec ? std::string() : peer.address().to_string();
    const auto refuse = [&](std::string_view reason) {
      state_.metrics.rejection(reason);
      beast::error_code ignored;
      socket.close(ignored);
    };
    if (address_ec) {
      refuse("accept_error");  // gone before it could be looked at
    } else if (open >= 2 * limits->max_connections) {
      refuse("too_many_connections");
    } else if (!state_.acquire_source(source, limits->max_connections_per_source, limits->max_handshakes_per_source)) {
      // Closed before any TLS work: one address cannot hold the slots every other one needs.
      refuse("too_many_connections_source");
    } else if (auto context = state_.tls_context()) {
      std::make_shared<Session>(std::move(socket), std::move(context), state_, open >= limits->max_connections,
                                std::move(source))
          ->run();
    } else {
      state_.end_source_handshake(source);
      state_.release_source(source);
    }
  }
  do_accept();
}

}  // namespace vrs::server::transport
