#pragma once
/// One client connection (Beast server-flex style): TLS handshake with a deadline, then the
/// peer certificate -> fingerprint -> registry; then HTTP/1.1 requests, each read with a fresh
/// parser and explicit limits, re-authenticated against the registry (revocation takes effect
/// on the next request), rate-limited per member, routed with role checks, and answered with
/// one write in flight. Errors are problem+json (problem.hpp).
///
/// Lifetime: owned by the shared_ptrs bound into its pending operations; every operation runs
/// on the connection's strand. Thread-safety: run() and drain() may be called from any thread
/// (they post to the strand).

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/steady_timer.hpp>

#include "vrs/server/authenticated_peer.hpp"
#include "vrs/server/config.hpp"
#include "vrs/server/transport/net.hpp"
#include "vrs/server/transport/reply.hpp"
#include "vrs/server/transport/router.hpp"

namespace vrs::server {
struct ServerState;
}  // namespace vrs::server

namespace vrs::server::transport {

class Session : public std::enable_shared_from_this<Session> {
 public:
  /// `over_capacity`: the server is at max_connections; the session answers its first request
  /// with 503 too_many_connections and closes.
  /// `source`: the peer's address, whose connection and handshake slots (ServerState::
  /// acquire_source) the session now holds and gives back.
  Session(tcp::socket&& socket, std::shared_ptr<ssl::context> context, ServerState& state, bool over_capacity,
          std::string source);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void run();
  /// Graceful stop: an idle connection closes now, a busy one after its current response.
  void drain();

 private:
  void on_run();
  void on_handshake(beast::error_code ec);
  void do_read();
  void on_idle_read(beast::error_code ec, std::size_t bytes);
  void start_read();
  void on_header(beast::error_code ec, std::size_t bytes);
  void on_read(beast::error_code ec, std::size_t bytes);
  /// The request's read is over (the deadline stops).
  void end_read();
  /// The refusal of the request whose headers are in (peer, role, limits, route), counted in
  /// the metrics, or nullopt to read its body and handle it.
  std::optional<Reply> judge();
  void handle_request();
  void send(Reply reply);
  void on_write(bool close, beast::error_code ec, std::size_t bytes);
  void do_shutdown();
  void on_shutdown(beast::error_code ec);
  void on_drain();
  void reject(Reply reply, std::string_view metric_reason);

  std::shared_ptr<ssl::context> context_;  // kept alive for the stream's SSL object
  beast::ssl_stream<beast::tcp_stream> stream_;
  ServerState& state_;
  std::shared_ptr<const Limits> limits_;
  std::uint64_t body_limit_ = 0;  ///< of the request being read (route-dependent)
  beast::flat_buffer buffer_;
  // The request deadline: when it fires the read is cancelled (not the socket closed, as a
  // tcp_stream expiry would do) so that 408 can still be sent.
  net::steady_timer read_timer_;
  bool read_timed_out_ = false;
  bool reading_ = false;              // a request read is pending (guards a late timer)
  std::uint64_t read_generation_ = 0;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<Router::Match> match_;  ///< the route of the request being read
  http::response<http::string_body> response_;
  std::optional<AuthenticatedPeer> peer_;
  std::string fingerprint_;
  std::string member_slot_;        // member id holding a per-member connection slot
  std::string source_;             // peer address holding a per-source connection slot
  bool handshaking_ = true;        // and its handshake slot, until the handshake ends
  bool over_capacity_ = false;
  bool over_member_limit_ = false;
  bool idle_wait_ = false;
  bool draining_ = false;
  bool writing_ = false;
  bool request_keep_alive_ = false;
  std::chrono::steady_clock::time_point started_{};
  std::string route_label_;
};

}  // namespace vrs::server::transport
