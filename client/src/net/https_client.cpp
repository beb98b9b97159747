#include "vrs/client/net/https_client.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <array>
#include <charconv>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/parse.hpp>

#include "vrs/schema/api/json_reader.hpp"
#include "vrs/schema/terminal_text.hpp"
#include "vrs/tls/context.hpp"

namespace vrs::client::net {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

// ---------------------------------------------------------------------------------------------
// URLs

Result<ServerUrl> parse_server_url(std::string_view text) {
  const std::string quoted = "server URL \"" + std::string(text) + "\"";
  auto parsed = boost::urls::parse_uri(boost::urls::string_view(text.data(), text.size()));
  if (!parsed) return fail(ErrorCode::InvalidArgument, quoted + " is not a valid URL (expected https://HOST:PORT)");
  const boost::urls::url_view& url = *parsed;
  if (url.scheme_id() != boost::urls::scheme::https) {
    return fail(ErrorCode::InvalidArgument, quoted + ": only https is allowed");
  }
  if (!url.has_authority() || url.host_type() == boost::urls::host_type::none || url.encoded_host().empty()) {
    return fail(ErrorCode::InvalidArgument, quoted + " has no host");
  }
  if (url.host_type() == boost::urls::host_type::ipvfuture) {
    return fail(ErrorCode::InvalidArgument, quoted + ": unsupported host form");
  }
  if (url.has_userinfo()) return fail(ErrorCode::InvalidArgument, quoted + ": user info is not allowed");
  if (url.has_query() || url.has_fragment()) {
    return fail(ErrorCode::InvalidArgument, quoted + ": a query or fragment is not allowed");
  }
  if (!url.encoded_path().empty() && url.encoded_path().front() != '/') {
    return fail(ErrorCode::InvalidArgument, quoted + " is not a valid URL (expected https://HOST:PORT)");
  }
  if (!url.encoded_path().empty() && url.encoded_path() != "/") {
    return fail(ErrorCode::InvalidArgument, quoted + ": a path is not allowed (the API lives at /v1)");
  }
  ServerUrl out;
  out.host = url.host_address();
  // Host names are case-insensitive; certificate checks compare in lower case anyway.
  for (auto& c : out.host) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (out.host.find_first_of(std::string_view("\0/\\ %", 5)) != std::string::npos) {
    return fail(ErrorCode::InvalidArgument, quoted + ": invalid host");
  }
  if (url.has_port()) {
    const auto port = url.port();
    unsigned value = 0;
    const auto* begin = port.data();
    const auto* end = port.data() + port.size();
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (port.empty() || ec != std::errc() || ptr != end || value == 0 || value > 65535) {
      return fail(ErrorCode::InvalidArgument, quoted + ": port must be 1..65535");
    }
    out.port = static_cast<std::uint16_t>(value);
  }
  return out;
}

std::string to_string(const ServerUrl& url) {
  const bool ipv6 = url.host.find(':') != std::string::npos;
  return (ipv6 ? "[" + url.host + "]" : url.host) + ":" + std::to_string(url.port);
}

// ---------------------------------------------------------------------------------------------
// Problems

std::optional<ErrorCode> error_code_from_problem_code(std::string_view code) {
  static constexpr std::array kAll = {
      ErrorCode::InvalidArgument,   ErrorCode::Unauthenticated,    ErrorCode::PermissionDenied, ErrorCode::NotFound,
      ErrorCode::AlreadyExists,     ErrorCode::Conflict,           ErrorCode::ResourceExhausted, ErrorCode::FailedPrecondition,
      ErrorCode::Unavailable,       ErrorCode::DeadlineExceeded,   ErrorCode::DataLoss,          ErrorCode::Internal};
  for (const auto c : kAll) {
    if (vrs::to_string(c) == code) return c;
  }
  // Transport-level codes of docs/api.md.
  if (code == "payload_too_large" || code == "headers_too_large" || code == "rate_limited") return ErrorCode::ResourceExhausted;
  if (code == "request_timeout") return ErrorCode::DeadlineExceeded;
  if (code == "too_many_connections") return ErrorCode::Unavailable;
  if (code == "method_not_allowed") return ErrorCode::InvalidArgument;
  return std::nullopt;
}

ErrorCode error_code_from_status(int status) {
  switch (status) {
    case 400: return ErrorCode::InvalidArgument;
    case 401: return ErrorCode::Unauthenticated;
    case 403: return ErrorCode::PermissionDenied;
    case 404: return ErrorCode::NotFound;
    case 408: return ErrorCode::DeadlineExceeded;
    case 409: return ErrorCode::Conflict;
    case 412: return ErrorCode::FailedPrecondition;
    case 413:
    case 429:
    case 431: return ErrorCode::ResourceExhausted;
    case 503: return ErrorCode::Unavailable;
    case 504: return ErrorCode::DeadlineExceeded;
    default: break;
  }
  if (status >= 400 && status < 500) return ErrorCode::InvalidArgument;
  return ErrorCode::Internal;
}

std::string printable(std::string_view text, std::size_t max) {
  // A line break or tab in a server's detail reads as a space (the message stays one line);
  // every other unsafe byte and the cut are schema::terminal_safe's.
  std::string spaced(text);
  for (auto& c : spaced) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = ' ';
  }
  return schema::terminal_safe(spaced, max);
}

Error error_from_problem(int status, std::string_view body) {
  std::string message = "HTTP " + std::to_string(status);
  ErrorCode code = error_code_from_status(status);
  if (body.size() <= 64 * 1024) {
    if (auto object = schema::api::parse_object(body, "problem")) {
      const schema::api::Reader reader(*object, "problem");
      if (auto name = reader.optional_string("code"); name && *name) {
        if (auto mapped = error_code_from_problem_code(**name)) code = *mapped;
        message += " " + printable(**name, 64);
      }
      auto detail = reader.optional_string("detail");
      auto title = reader.optional_string("title");
      if (detail && *detail && !(*detail)->empty()) {
        message += ": " + printable(**detail);
      } else if (title && *title && !(*title)->empty()) {
        message += ": " + printable(**title);
      }
    }
  }
  return {code, std::move(message)};
}

// ---------------------------------------------------------------------------------------------
// The client

struct HttpsClient::Impl {
  ServerUrl url;
  HttpsOptions options;
  bool notice_told = false;
  std::shared_ptr<ssl::context> context;
  asio::io_context ioc{1};
  std::optional<ssl::stream<beast::tcp_stream>> stream;
  beast::flat_buffer buffer;
  unsigned requests_on_connection = 0;

  [[nodiscard]] std::string where() const { return to_string(url); }
  [[nodiscard]] std::string timeout_text() const {
    return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(options.timeout).count()) + " s";
  }

  // Runs the io_context until the operation just started completes. The tcp_stream's expiry
  // bounds connect/handshake/read/write; the outer bound also covers name resolution.
  void run_until(const bool& done, tcp::resolver* resolver = nullptr) {
    ioc.restart();
    ioc.run_for(options.timeout + std::chrono::seconds(1));
    if (!done) {
      if (resolver != nullptr) resolver->cancel();
      if (stream) beast::get_lowest_layer(*stream).close();
      ioc.restart();
      ioc.run();
    }
  }

  Error network_error(const std::string& step, const error_code& ec) {
    if (ec == beast::error::timeout || ec == asio::error::timed_out || ec == asio::error::operation_aborted) {
      return {ErrorCode::DeadlineExceeded, step + " " + where() + " timed out after " + timeout_text()};
    }
    if (ec == http::error::body_limit) {
      return {ErrorCode::ResourceExhausted,
              "response from " + where() + " is larger than the limit of " + std::to_string(options.body_limit) + " bytes"};
    }
    if (ec == http::error::header_limit) return {ErrorCode::ResourceExhausted, "response headers from " + where() + " too large"};
    std::string reason = ec.message();
    if (ec.category() == asio::error::get_ssl_category() && stream) {
      const long verify = SSL_get_verify_result(stream->native_handle());
      if (verify != X509_V_OK) {
        reason = std::string("server certificate not accepted: ") + X509_verify_cert_error_string(verify);
      }
    }
    return {ErrorCode::Unavailable, step + " " + where() + " failed: " + reason};
  }

  void drop_connection() {
    if (!stream) return;
    error_code ignored;
    beast::get_lowest_layer(*stream).socket().close(ignored);
    stream.reset();
    buffer.clear();
    requests_on_connection = 0;
  }

  void shutdown() {
    if (!stream) return;
    // close_notify with a short deadline; a peer that does not answer is not our problem.
    beast::get_lowest_layer(*stream).expires_after(std::min<std::chrono::milliseconds>(options.timeout, std::chrono::seconds(2)));
    bool done = false;
    stream->async_shutdown([&done](const error_code&) { done = true; });
    run_until(done);
    drop_connection();
  }

  Result<void> connect() {
    drop_connection();
    tcp::resolver resolver(ioc);
    bool done = false;
    error_code ec;
    tcp::resolver::results_type endpoints;
    resolver.async_resolve(url.host, std::to_string(url.port), [&](const error_code& e, tcp::resolver::results_type r) {
      ec = e;
      endpoints = std::move(r);
      done = true;
    });
    run_until(done, &resolver);
    if (!done) return fail(ErrorCode::DeadlineExceeded, "resolving " + url.host + " timed out");
    if (ec) return fail(ErrorCode::Unavailable, "cannot resolve " + url.host + ": " + ec.message());

    stream.emplace(ioc, *context);
    if (!tls::set_server_name(stream->native_handle(), url.host)) {
      drop_connection();
      return fail(ErrorCode::Internal, "cannot set the TLS server name " + url.host);
    }
    auto& tcp_stream = beast::get_lowest_layer(*stream);
    tcp_stream.expires_after(options.timeout);
    done = false;
    tcp_stream.async_connect(endpoints, [&](const error_code& e, const tcp::endpoint&) {
      ec = e;
      done = true;
    });
    run_until(done);
    if (ec) {
      Error error = ec == beast::error::timeout ? network_error("connecting to", ec)
                                                : Error(ErrorCode::Unavailable, "cannot connect to " + where() + ": " + ec.message());
      drop_connection();
      return fail(std::move(error));
    }
    tcp_stream.expires_after(options.timeout);
    done = false;
    stream->async_handshake(ssl::stream_base::client, [&](const error_code& e) {
      ec = e;
      done = true;
    });
    run_until(done);
    if (ec) {
      Error error = network_error("TLS handshake with", ec);
      drop_connection();
      return fail(std::move(error));
    }
    return {};
  }

  // One attempt on the current (or a new) connection. `stale` is set when a reused connection
  // turned out closed by the server before it answered anything.
  Result<HttpResponse> attempt(http::verb verb, std::string_view target, std::optional<std::string_view> body, bool& stale) {
    stale = false;
    if (!stream) VRS_TRY_VOID(connect());
    const bool reused = requests_on_connection > 0;

    http::request<http::string_body> request{verb, std::string(target), 11};
    const bool ipv6 = url.host.find(':') != std::string::npos;
    std::string host_header = ipv6 ? "[" + url.host + "]" : url.host;
    if (url.port != 443) host_header += ":" + std::to_string(url.port);
    request.set(http::field::host, host_header);
    request.set(http::field::user_agent, "vrs-client/0.1.0");
    request.set(http::field::accept, "application/json, application/problem+json");
    if (body) {
      request.set(http::field::content_type, "application/json");
      request.body() = std::string(*body);
    }
    request.keep_alive(true);
    request.prepare_payload();

    auto& tcp_stream = beast::get_lowest_layer(*stream);
    error_code ec;
    bool done = false;
    tcp_stream.expires_after(options.timeout);
    http::async_write(*stream, request, [&](const error_code& e, std::size_t) {
      ec = e;
      done = true;
    });
    run_until(done);
    if (ec) {
      stale = reused && ec != beast::error::timeout;
      Error error = network_error("sending to", ec);
      drop_connection();
      return fail(std::move(error));
    }
    ++requests_on_connection;

    // A fresh parser per response, with explicit limits.
    http::response_parser<http::string_body> parser;
    parser.body_limit(options.body_limit);
    parser.header_limit(64 * 1024);
    tcp_stream.expires_after(options.timeout);
    done = false;
    http::async_read(*stream, buffer, parser, [&](const error_code& e, std::size_t) {
      ec = e;
      done = true;
    });
    run_until(done);
    if (ec) {
      stale = reused && !parser.got_some() &&
              (ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
               ec == ssl::error::stream_truncated);
      Error error = network_error("reading the response from", ec);
      if (!parser.got_some() && ec.category() == asio::error::get_ssl_category() &&
          ec.message().find("alert") != std::string::npos) {
        // TLS 1.3: the server checks our certificate after the client's handshake finished,
        // so its refusal (an alert such as "certificate revoked") arrives with the first read.
        error = Error(ErrorCode::Unauthenticated, "the server " + where() + " refused this client certificate: " + ec.message());
      }
      drop_connection();
      return fail(std::move(error));
    }
    auto response = parser.release();
    HttpResponse out;
    out.status = static_cast<int>(response.result_int());
    out.content_type = std::string(response[http::field::content_type]);
    out.retry_after = parse_retry_after(std::string_view(response[http::field::retry_after]));
    out.body = std::move(response.body());
    if (const auto notice = response["VRS-Notice"]; !notice.empty()) {
      out.notice = schema::terminal_safe(std::string_view(notice.data(), notice.size()), 300);
      if (options.on_notice && !notice_told) {
        notice_told = true;
        options.on_notice(*out.notice);
      }
    }
    if (!response.keep_alive()) shutdown();
    return out;
  }
};

HttpsClient::HttpsClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value) noexcept {
  if (value.empty() || value.size() > 5) return std::nullopt;
  std::int64_t seconds = 0;
  for (const char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    seconds = seconds * 10 + (c - '0');
  }
  if (seconds > 86400) return std::nullopt;
  return std::chrono::seconds(seconds);
}

HttpsClient::HttpsClient(HttpsClient&&) noexcept = default;
HttpsClient& HttpsClient::operator=(HttpsClient&&) noexcept = default;
HttpsClient::~HttpsClient() {
  if (impl_) impl_->shutdown();
}

Result<HttpsClient> HttpsClient::create(const ServerUrl& url, const HttpsOptions& options) {
  if (options.timeout <= std::chrono::milliseconds(0)) return fail(ErrorCode::InvalidArgument, "timeout must be positive");
  if (options.body_limit == 0) return fail(ErrorCode::InvalidArgument, "body limit must be positive");
  VRS_TRY(auto context, tls::make_client_context(
      tls::ClientContextOptions{options.ca, options.certificate, options.private_key}));
  auto impl = std::make_unique<Impl>();
  impl->url = url;
  impl->options = options;
  impl->context = std::move(context);
  return HttpsClient(std::move(impl));
}

Result<HttpResponse> HttpsClient::send(std::string_view method, std::string_view target, std::optional<std::string_view> json_body) {
  const http::verb verb = http::string_to_verb(method);
  if (verb == http::verb::unknown) return fail(ErrorCode::InvalidArgument, "unknown HTTP method " + std::string(method));
  if (target.empty() || target.front() != '/' || target.find_first_of(" \r\n") != std::string_view::npos) {
    return fail(ErrorCode::InvalidArgument, "invalid request target " + printable(target));
  }
  bool stale = false;
  auto result = impl_->attempt(verb, target, json_body, stale);
  // The server may close an idle keep-alive connection at any time; a GET is safe to repeat.
  if (!result && stale && verb == http::verb::get) result = impl_->attempt(verb, target, json_body, stale);
  return result;
}

Result<std::string> HttpsClient::get(std::string_view target) {
  VRS_TRY(auto response, send("GET", target));
  if (response.status < 200 || response.status > 299) return fail(error_from_problem(response.status, response.body));
  return std::move(response.body);
}

Result<std::string> HttpsClient::post(std::string_view target, std::string_view json_body) {
  VRS_TRY(auto response, send("POST", target, json_body));
  if (response.status < 200 || response.status > 299) return fail(error_from_problem(response.status, response.body));
  return std::move(response.body);
}

void HttpsClient::close() {
  if (impl_) impl_->shutdown();
}

}  // namespace vrs::client::net
