#include "vrs/server/transport/session.hpp"

#include <algorithm>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <spdlog/spdlog.h>

#include "vrs/certs/certificate.hpp"
#include "vrs/server/api/problem.hpp"
#include "vrs/server/server_state.hpp"

namespace vrs::server::transport {
namespace {

constexpr std::size_t kIdleReadChunk = 4096;
// How long a TLS shutdown waits for the peer's close_notify (a courtesy, not a need).
constexpr std::chrono::milliseconds kMaxShutdownWait{1000};
constexpr std::chrono::milliseconds kDrainShutdownWait{200};
// A connection that will be refused (certificate not accepted, server or member at its limit)
// is answered at its first request, which must come this soon; then it closes. It holds its
// slots for no longer than that.
constexpr std::chrono::milliseconds kRefusedWait{2000};

// Fingerprint of the peer certificate of a TLS connection ("" if none).
std::string peer_fingerprint(SSL* ssl) {
  X509* cert = SSL_get1_peer_certificate(ssl);
  if (cert == nullptr) return {};
  return certs::Certificate::adopt(cert).fingerprint_sha256();  // adopt takes the reference
}

// A stable metrics/audit reason for a failed handshake.
std::string_view handshake_failure_reason(const beast::error_code& ec, SSL* ssl, bool& certificate_problem) {
  certificate_problem = false;
  if (ec == beast::error::timeout) return "timeout";
  if (ec == net::error::eof || ec == net::error::connection_reset || ec == net::ssl::error::stream_truncated) {
    return "connection_closed";
  }
  const long verify = SSL_get_verify_result(ssl);
  if (verify != X509_V_OK) {
    certificate_problem = true;
    switch (verify) {
      case X509_V_ERR_CERT_HAS_EXPIRED: return "expired";
      case X509_V_ERR_CERT_NOT_YET_VALID: return "not_yet_valid";
      case X509_V_ERR_CERT_REVOKED: return "revoked";
      case X509_V_ERR_INVALID_PURPOSE: return "wrong_purpose";
      case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
      case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
      case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
      case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
      case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
      case X509_V_ERR_CERT_SIGNATURE_FAILURE: return "unknown_ca";
      case X509_V_ERR_UNABLE_TO_GET_CRL:
      case X509_V_ERR_CRL_HAS_EXPIRED:
      case X509_V_ERR_CRL_NOT_YET_VALID: return "crl_unavailable";
      default: return "certificate_invalid";
    }
  }
  if (ec.category() == net::error::get_ssl_category()) {
    switch (ERR_GET_REASON(static_cast<unsigned long>(ec.value()))) {
      case SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE: certificate_problem = true; return "no_certificate";
      case SSL_R_UNSUPPORTED_PROTOCOL:
      case SSL_R_WRONG_VERSION_NUMBER:
      case SSL_R_VERSION_TOO_LOW: return "protocol_version";
      case SSL_R_NO_SHARED_CIPHER: return "no_shared_cipher";
      case SSL_R_HTTP_REQUEST: return "not_tls";
      default: break;
    }
  }
  return "handshake_error";
}

}  // namespace

Session::Session(tcp::socket&& socket, std::shared_ptr<ssl::context> context, ServerState& state, bool over_capacity,
                 std::string source)
    : context_(std::move(context)),
      stream_(std::move(socket), *context_),
      state_(state),
      limits_(state.limits()),
      read_timer_(stream_.get_executor()),
      source_(std::move(source)),
      over_capacity_(over_capacity) {
  state_.metrics.connection_opened();
}

Session::~Session() {
  if (!member_slot_.empty()) state_.release_member_slot(member_slot_);
  if (handshaking_) state_.end_source_handshake(source_);
  state_.release_source(source_);
  state_.remove_session(this);
  state_.metrics.connection_closed();
}

void Session::run() {
  state_.add_session(this, weak_from_this());
  net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::on_run, shared_from_this()));
}

void Session::drain() { net::post(stream_.get_executor(), beast::bind_front_handler(&Session::on_drain, shared_from_this())); }

void Session::on_drain() {
  draining_ = true;
  // Waiting for the next request: nothing in flight, close now.
  if (idle_wait_) beast::get_lowest_layer(stream_).cancel();
}

void Session::on_run() {
  beast::get_lowest_layer(stream_).expires_after(limits_->handshake_timeout);
  stream_.async_handshake(ssl::stream_base::server,
                          beast::bind_front_handler(&Session::on_handshake, shared_from_this()));
}

void Session::on_handshake(beast::error_code ec) {
  handshaking_ = false;
  state_.end_source_handshake(source_);
  SSL* ssl = stream_.native_handle();
  if (ec) {
    bool certificate_problem = false;
    const auto reason = handshake_failure_reason(ec, ssl, certificate_problem);
    state_.metrics.handshake("failure", reason);
    if (certificate_problem) {
      state_.reject_authentication("", peer_fingerprint(ssl), reason);
    } else {
      state_.metrics.rejection(std::string("tls_") + std::string(reason));
    }
    return;  // the socket closes with the session
  }
  fingerprint_ = peer_fingerprint(ssl);
  auto peer = state_.registry.authenticate(fingerprint_, std::chrono::system_clock::now());
  if (!peer) {
    // Chain and CRL are fine but the registry refuses (unknown, suspended, revoked since the
    // context was built): answer the first request with 401 and close.
    state_.metrics.handshake("success", "refused_by_registry");
    state_.reject_authentication("", fingerprint_, to_string(peer.error()));
  } else {
    state_.metrics.handshake("success", "ok");
    if (state_.acquire_member_slot(peer->member_id, limits_->max_connections_per_member)) {
      member_slot_ = peer->member_id;
    } else {
      over_member_limit_ = true;
    }
    peer_ = std::move(*peer);
  }
  do_read();
}

void Session::do_read() {
  if (draining_ || state_.draining.load()) {
    do_shutdown();
    return;
  }
  limits_ = state_.limits();  // SIGHUP may have changed them
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(limits_->max_header_bytes));
  // The larger limit while the headers arrive (Beast checks Content-Length against it at the
  // end of the headers); on_header() narrows it to the route's limit.
  body_limit_ = std::max<std::uint64_t>(limits_->max_body_bytes, limits_->max_submission_bytes);
  parser_->body_limit(body_limit_);
  if (buffer_.size() > 0) {
    start_read();
    return;
  }
  // Wait for the first byte of the next request under the idle timeout; the request itself
  // then has read_timeout to arrive completely (slow-loris bound).
  idle_wait_ = true;
  const bool refused = !peer_ || over_capacity_ || over_member_limit_;
  beast::get_lowest_layer(stream_).expires_after(refused ? std::min<std::chrono::milliseconds>(kRefusedWait, limits_->idle_timeout)
                                                         : limits_->idle_timeout);
  stream_.async_read_some(buffer_.prepare(kIdleReadChunk),
                          beast::bind_front_handler(&Session::on_idle_read, shared_from_this()));
}

void Session::on_idle_read(beast::error_code ec, std::size_t bytes) {
  idle_wait_ = false;
  if (ec) {
    if (ec == beast::error::timeout) state_.metrics.rejection("idle_timeout");
    // Closed, idle too long or drained: no request is pending, so nothing to answer.
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().close(ignored);
    return;
  }
  buffer_.commit(bytes);
  start_read();
}

void Session::start_read() {
  // Backstop: the stream itself gives up (closing the socket) well after the request deadline.
  beast::get_lowest_layer(stream_).expires_after(2 * limits_->read_timeout + std::chrono::seconds(1));
  read_timed_out_ = false;
  reading_ = true;
  const std::uint64_t generation = ++read_generation_;
  read_timer_.expires_after(limits_->read_timeout);
  read_timer_.async_wait([self = shared_from_this(), generation](beast::error_code ec) {
    // Cancelled, or fired after this read already completed: nothing to do.
    if (ec || !self->reading_ || generation != self->read_generation_) return;
    self->read_timed_out_ = true;
    beast::get_lowest_layer(self->stream_).cancel();
  });
  // Headers first: the body limit depends on the route (submissions may be larger).
  http::async_read_header(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&Session::on_header, shared_from_this()));
}

void Session::on_header(beast::error_code ec, std::size_t bytes) {
  if (ec) {
    on_read(ec, bytes);
    return;
  }
  // The peer, its role, its limits and the route are decided on the headers alone: a refused
  // request is answered now, and its body is never read (nor buffered).
  const auto& req = parser_->get();
  const auto target = req.target();
  match_ = state_.router.match(req.method(), std::string_view(target.data(), target.size()));
  if (auto refusal = judge()) {
    end_read();
    request_keep_alive_ = req.keep_alive();
    if (!parser_->is_done()) refusal->close = true;  // the unread body must not pass for a request
    send(std::move(*refusal));
    return;
  }
  if (parser_->is_done()) {
    on_read(ec, bytes);
    return;
  }
  body_limit_ = match_->route->large_body ? limits_->max_submission_bytes : limits_->max_body_bytes;
  parser_->body_limit(body_limit_);  // applies to chunked bodies; a declared length is checked here
  if (const auto length = parser_->content_length(); length && *length > body_limit_) {
    on_read(http::error::body_limit, bytes);
    return;
  }
  http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
}

void Session::end_read() {
  started_ = std::chrono::steady_clock::now();
  reading_ = false;
  read_timer_.cancel();
}

std::optional<Reply> Session::judge() {
  const auto refuse = [&](Reply reply, std::string_view reason, bool close) {
    state_.metrics.rejection(reason);
    reply.close = close;
    return std::optional<Reply>(std::move(reply));
  };
  route_label_ = "-";
  const auto& req = parser_->get();
  if (req.version() != 11) {
    return refuse(api::problem(api::problem_code::kBadRequest, "HTTP/1.1 is required"), "malformed_http", true);
  }
  if (over_capacity_) {
    return refuse(api::problem(api::problem_code::kTooManyConnections, "the server has too many open connections"),
                  "too_many_connections", true);
  }
  if (!peer_) {
    return refuse(api::problem(api::wire_code(ErrorCode::Unauthenticated), "client certificate not accepted"),
                  "unauthenticated", true);
  }
  // Re-check on every request: a revocation or suspension applies to open connections too.
  auto current = state_.registry.authenticate(fingerprint_, std::chrono::system_clock::now());
  if (!current) {
    state_.reject_authentication(peer_->member_id, fingerprint_, to_string(current.error()));
    peer_.reset();
    return refuse(api::problem(api::wire_code(ErrorCode::Unauthenticated), "client certificate not accepted"),
                  "unauthenticated", true);
  }
  peer_ = std::move(*current);
  if (over_member_limit_) {
    return refuse(api::problem(api::problem_code::kTooManyConnections, "too many open connections for this member"),
                  "too_many_connections_member", true);
  }
  if (auto decision = state_.rate_limiter.acquire(peer_->member_id); !decision.allowed) {
    Reply r = api::problem(api::problem_code::kRateLimited, "too many requests; retry later");
    r.headers.emplace_back("Retry-After", std::to_string(decision.retry_after.count()));
    return refuse(std::move(r), "rate_limited", false);
  }
  if (match_->outcome == Router::Outcome::NotFound) {
    return refuse(api::problem(api::problem_code::kNotFound, "no such resource"), "not_found", false);
  }
  if (match_->outcome == Router::Outcome::MethodNotAllowed) {
    Reply r = api::problem(api::problem_code::kMethodNotAllowed, "method not allowed for this resource");
    r.headers.emplace_back("Allow", match_->allow);
    return refuse(std::move(r), "method_not_allowed", false);
  }
  const Route& route = *match_->route;
  route_label_ = route.pattern;
  if (!Router::allowed(route.access, peer_->role)) {
    const bool admin = peer_->role == certs::Role::Admin;
    return refuse(api::problem(api::wire_code(ErrorCode::PermissionDenied),
                               route.access == Access::Admin ? "admin role required"
                               : admin                       ? "administrators see no incident data"
                                                             : "reporter role required"),
                  "permission_denied", false);
  }
  return std::nullopt;
}

void Session::reject(Reply reply, std::string_view metric_reason) {
  state_.metrics.rejection(metric_reason);
  reply.close = true;
  send(std::move(reply));
}

void Session::on_read(beast::error_code ec, std::size_t /*bytes*/) {
  request_keep_alive_ = false;
  end_read();
  if (read_timed_out_ || ec == beast::error::timeout) {
    route_label_ = "-";
    reject(api::problem(api::problem_code::kRequestTimeout, "the request did not arrive in time"), "request_timeout");
    return;
  }
  if (ec == http::error::end_of_stream || ec == net::ssl::error::stream_truncated || ec == net::error::eof) {
    do_shutdown();
    return;
  }
  if (ec) route_label_ = "-";
  if (ec == http::error::header_limit) {
    reject(api::problem(api::problem_code::kHeadersTooLarge, "request headers are larger than " + std::to_string(limits_->max_header_bytes) + " bytes"),
           "headers_too_large");
    return;
  }
  if (ec == http::error::body_limit || ec == http::error::buffer_overflow) {
    reject(api::problem(api::problem_code::kPayloadTooLarge, "request body is larger than " + std::to_string(body_limit_) + " bytes"),
           "payload_too_large");
    return;
  }
  if (ec && ec.category() == http::make_error_code(http::error::bad_method).category()) {
    reject(api::problem(api::problem_code::kBadRequest, "malformed HTTP request"), "malformed_http");
    return;
  }
  if (ec) {
    // Transport failure (reset, TLS alert): nobody to answer.
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().close(ignored);
    return;
  }
  handle_request();
}

void Session::handle_request() {
  // judge() accepted the headers; the body is in.
  auto& req = parser_->get();
  request_keep_alive_ = req.keep_alive();
  const Route& route = *match_->route;
  route_label_ = route.pattern;
  auto self = shared_from_this();
  auto answered = std::make_shared<std::atomic<bool>>(false);
  Respond respond = [self, answered](Reply reply) {
    if (answered->exchange(true)) return;
    net::post(self->stream_.get_executor(),
              [self, reply = std::move(reply)]() mutable { self->send(std::move(reply)); });
  };
  RequestContext context{*peer_, std::move(match_->params), std::move(match_->query), std::move(req.body()), state_};
  try {
    route.handler(context, respond);
  } catch (const std::exception& e) {
    spdlog::error("handler failed route={} error=\"{}\"", route.pattern, e.what());
    respond(api::problem(api::wire_code(ErrorCode::Internal), "internal error"));
  }
}

void Session::send(Reply reply) {
  if (writing_) return;  // one write in flight; a second reply for one request is a bug upstream
  writing_ = true;
  const bool close = reply.close || !request_keep_alive_ || draining_ || state_.draining.load();
  response_ = {};
  response_.version(11);
  response_.result(reply.status);
  response_.set(http::field::content_type, reply.content_type);
  response_.set(http::field::cache_control, "no-store");
  response_.set(http::field::pragma, "no-cache");
  response_.set("X-Content-Type-Options", "nosniff");
  response_.set("X-Frame-Options", "DENY");
  response_.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  response_.set(http::field::strict_transport_security, "max-age=31536000");
  response_.set("Referrer-Policy", "no-referrer");
  for (auto& [name, value] : reply.headers) response_.set(name, value);
  if (peer_) {
    // Tell the member at every connection, until it looked (vrs-client certificates).
    if (const auto notices = state_.registry.unseen_notices(peer_->fingerprint); notices > 0) {
      response_.set("VRS-Notice", std::to_string(notices) +
                                      " certificate(s) issued in your name without your proof; run vrs-client certificates");
    }
  }
  response_.body() = std::move(reply.body);
  response_.keep_alive(!close);
  response_.prepare_payload();
  state_.metrics.request(route_label_, reply.status, std::chrono::steady_clock::now() - started_);
  if (reply.status >= 400 && reply.status != 404) {
    spdlog::info("request refused route={} status={} code={} member={}", route_label_, reply.status,
                 reply.code.empty() ? std::string("-") : reply.code, peer_ ? peer_->member_id : std::string("-"));
  }
  beast::get_lowest_layer(stream_).expires_after(limits_->read_timeout);
  http::async_write(stream_, response_, beast::bind_front_handler(&Session::on_write, shared_from_this(), close));
}

void Session::on_write(bool close, beast::error_code ec, std::size_t /*bytes*/) {
  writing_ = false;
  if (ec) {
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().close(ignored);
    return;
  }
  if (close) {
    do_shutdown();
    return;
  }
  do_read();
}

void Session::do_shutdown() {
  const bool draining = draining_ || state_.draining.load();
  beast::get_lowest_layer(stream_).expires_after(
      std::min<std::chrono::milliseconds>(limits_->handshake_timeout, draining ? kDrainShutdownWait : kMaxShutdownWait));
  stream_.async_shutdown(beast::bind_front_handler(&Session::on_shutdown, shared_from_this()));
}

void Session::on_shutdown(beast::error_code /*ec*/) {
  // stream_truncated / timeouts here are the peer's business: the connection is done.
  beast::error_code ignored;
  beast::get_lowest_layer(stream_).socket().close(ignored);
}

}  // namespace vrs::server::transport
