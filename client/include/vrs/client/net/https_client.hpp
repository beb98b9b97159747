#pragma once
/// A small synchronous HTTPS/1.1 client for the VRS API (docs/api.md): TLS 1.3, the pinned VRS
/// CA bundle only (never the system store, never without verification), the member's client
/// certificate, SNI and host-name / IP verification of the server certificate, a deadline on
/// every connect, handshake, write and read, and a limit on response bodies.
///
/// Non-2xx responses become an Error: the problem+json `code` mapped back to an ErrorCode, the
/// status and the server's `detail` in the message. Bodies and keys are never logged.
///
/// Thread-safety: one HttpsClient per thread (it owns its io_context and connection).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "vrs/common/error.hpp"

namespace vrs::client::net {

/// The parts of a server URL the client uses: `https://HOST[:PORT][/]`.
struct ServerUrl {
  std::string host;        ///< DNS name or IP literal (IPv6 without brackets)
  std::uint16_t port = 443;
  friend bool operator==(const ServerUrl&, const ServerUrl&) = default;
};

/// Parses an https URL (Boost.URL). InvalidArgument naming the URL for anything else: another
/// scheme (http is refused), a missing host, a port outside 1..65535, user info, a path other
/// than "/", a query or a fragment.
Result<ServerUrl> parse_server_url(std::string_view url);

/// "HOST:PORT" ("[::1]:8443" for IPv6), for messages.
std::string to_string(const ServerUrl& url);

/// The ErrorCode for a problem+json `code` string (vrs::to_string names and the transport-level
/// codes of docs/api.md); nullopt if unknown.
std::optional<ErrorCode> error_code_from_problem_code(std::string_view code);
/// The ErrorCode for an HTTP status when the body says nothing usable.
ErrorCode error_code_from_status(int status);

/// An Error for a non-2xx response: the code from the problem+json body (falling back to the
/// status), and the message "HTTP <status> <code>: <detail>" (title if no detail). The body is
/// only parsed when it is small JSON; anything else yields "HTTP <status>".
Error error_from_problem(int status, std::string_view body);

/// Text from the peer (or a document) on one bounded line, safe on a terminal: C0 controls and
/// DEL become spaces, then schema::terminal_safe applies (C1 controls and malformed UTF-8
/// become '?'; anything past `max` bytes, cut on a code-point boundary, becomes "..."). The
/// client's one sanitiser for server answers, report text and echoed arguments.
std::string printable(std::string_view text, std::size_t max = 300);

struct HttpsOptions {
  std::filesystem::path ca;                          ///< pinned VRS CA bundle (PEM)
  std::optional<std::filesystem::path> certificate;  ///< member certificate (PEM)
  std::optional<std::filesystem::path> private_key;  ///< its key, mode 0600
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};  ///< per connect/handshake/read/write
  std::size_t body_limit = std::size_t{16} << 20;   ///< largest response body accepted
  /// Called once per client with the server's VRS-Notice header (certificates issued in the
  /// member's name without its proof, docs/pki.md "Consent"), sanitised for a terminal.
  std::function<void(const std::string&)> on_notice;
};

struct HttpResponse {
  int status = 0;
  std::string content_type;
  std::string body;
  /// The server's Retry-After in seconds (0..86400), when it sent one as a number.
  std::optional<std::chrono::seconds> retry_after;
  /// The server's VRS-Notice header, when it sent one.
  std::optional<std::string> notice;
};

/// A Retry-After header value as seconds: a whole number 0..86400, else nullopt (an HTTP date,
/// garbage, or a wait longer than a day are ignored; the client's own backoff applies).
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value) noexcept;

class HttpsClient {
 public:
  /// Builds the TLS context (vrs_tls). InvalidArgument / FailedPrecondition naming the file
  /// that cannot be used (CA bundle, certificate, a key file readable by others).
  static Result<HttpsClient> create(const ServerUrl& url, const HttpsOptions& options);

  HttpsClient(HttpsClient&&) noexcept;
  HttpsClient& operator=(HttpsClient&&) noexcept;
  HttpsClient(const HttpsClient&) = delete;
  HttpsClient& operator=(const HttpsClient&) = delete;
  ~HttpsClient();

  /// Sends one request and returns the response whatever its status. Connects on first use and
  /// keeps the connection while the server allows (a GET on a connection the server has closed
  /// meanwhile is retried once on a new one). Unavailable for connection/TLS failures (naming
  /// the host and the reason, e.g. a certificate verification error), DeadlineExceeded for a
  /// timeout, ResourceExhausted for a body over the limit.
  Result<HttpResponse> send(std::string_view method, std::string_view target, std::optional<std::string_view> json_body = std::nullopt);

  /// GET returning the body of a 2xx response; other statuses → error_from_problem().
  Result<std::string> get(std::string_view target);
  /// POST of a JSON body returning the body of a 2xx response; other statuses → error_from_problem().
  Result<std::string> post(std::string_view target, std::string_view json_body);

  /// Closes the connection (TLS close_notify with a deadline). Idempotent.
  void close();

 private:
  struct Impl;
  explicit HttpsClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vrs::client::net
