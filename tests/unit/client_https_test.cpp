// vrs::client HTTPS layer: URL parsing, problem+json mapping, TLS set-up and transport errors.
// (Requests against a real server are in tests/e2e/client_admin_test.cpp.)
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vrs/certs/authority.hpp"
#include "vrs/client/net/https_client.hpp"
#include "vrs/test/temp_dir.hpp"

using namespace vrs::client;
using namespace vrs::client::net;
using vrs::ErrorCode;

namespace {

// A root CA PEM file for the client to pin.
std::filesystem::path write_ca(const vrs::test::TempDir& dir) {
  using namespace vrs::certs;
  auto key = PrivateKey::generate().value();
  auto root = make_root_ca(key, "VRS Test Root", Validity::from_now(std::chrono::days(30))).value();
  vrs::test::write_file(dir / "ca.pem", root.to_pem(), 0644);
  return dir / "ca.pem";
}

// A TCP socket on 127.0.0.1 that listens but never accepts or answers (connects complete via
// the backlog, so the TLS handshake waits forever).
class SilentListener {
 public:
  SilentListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(fd_, 4) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
  }
  ~SilentListener() { ::close(fd_); }
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;
  [[nodiscard]] std::uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

// A port on 127.0.0.1 with nothing listening (bound then closed).
std::uint16_t closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace

TEST_CASE("server URLs parse into host and port") {
  auto [text, host, port] = GENERATE(table<std::string, std::string, int>({
      {"https://vrs.example.org:8443", "vrs.example.org", 8443},
      {"https://vrs.example.org", "vrs.example.org", 443},
      {"https://vrs.example.org/", "vrs.example.org", 443},
      {"HTTPS://VRS.Example.ORG:1", "vrs.example.org", 1},
      {"https://127.0.0.1:9443", "127.0.0.1", 9443},
      {"https://[::1]:65535", "::1", 65535},
  }));
  auto url = parse_server_url(text);
  INFO(text);
  REQUIRE(url);
  CHECK(url->host == host);
  CHECK(url->port == port);
}

TEST_CASE("server URLs other than https with host and port are refused naming the URL") {
  auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"http://vrs.example.org:8443", "only https is allowed"},
      {"ftp://vrs.example.org", "only https is allowed"},
      {"https://", "has no host"},
      {"https:///v1", "has no host"},
      {"https://vrs.example.org:0", "port must be 1..65535"},
      {"https://vrs.example.org:65536", "port must be 1..65535"},
      {"https://vrs.example.org:", "port must be 1..65535"},
      {"https://vrs.example.org:80x", "not a valid URL"},
      {"https://user:pw@vrs.example.org", "user info is not allowed"},
      {"https://vrs.example.org/api", "a path is not allowed"},
      {"https://vrs.example.org/?a=b", "a query or fragment"},
      {"vrs.example.org:8443", "only https is allowed"},
      {"", "not a valid URL"},
  }));
  auto url = parse_server_url(text);
  INFO(text);
  REQUIRE_FALSE(url);
  CHECK(url.error().code() == ErrorCode::InvalidArgument);
  INFO(url.error().message());
  CHECK(url.error().message().find("\"" + text + "\"") != std::string::npos);
  CHECK(url.error().message().find(expected) != std::string::npos);
}

TEST_CASE("host and port print for messages with IPv6 in brackets") {
  CHECK(to_string(ServerUrl{"vrs.example.org", 8443}) == "vrs.example.org:8443");
  CHECK(to_string(ServerUrl{"::1", 8443}) == "[::1]:8443");
}

TEST_CASE("problem+json maps back to the error code with status and detail") {
  auto [status, body, code, message] = GENERATE(table<int, std::string, ErrorCode, std::string>({
      {403, R"({"type":"about:blank","title":"Forbidden","status":403,"code":"permission_denied","detail":"admin role required"})",
       ErrorCode::PermissionDenied, "HTTP 403 permission_denied: admin role required"},
      {409, R"({"status":409,"code":"already_exists","detail":"member AUS-ABF exists"})", ErrorCode::AlreadyExists,
       "HTTP 409 already_exists: member AUS-ABF exists"},
      {409, R"({"status":409,"code":"conflict","detail":"already revoked"})", ErrorCode::Conflict,
       "HTTP 409 conflict: already revoked"},
      {413, R"({"status":413,"code":"payload_too_large","title":"Payload Too Large"})", ErrorCode::ResourceExhausted,
       "HTTP 413 payload_too_large: Payload Too Large"},
      {503, R"({"code":"too_many_connections"})", ErrorCode::Unavailable, "HTTP 503 too_many_connections"},
      {408, R"({"code":"request_timeout"})", ErrorCode::DeadlineExceeded, "HTTP 408 request_timeout"},
      {429, R"({"code":"rate_limited","detail":"slow down"})", ErrorCode::ResourceExhausted, "HTTP 429 rate_limited: slow down"},
      {404, R"({"code":"not_found","detail":"no such route"})", ErrorCode::NotFound, "HTTP 404 not_found: no such route"},
      {401, "<html>nope</html>", ErrorCode::Unauthenticated, "HTTP 401"},
      {400, R"({"code":"something_new","detail":"x"})", ErrorCode::InvalidArgument, "HTTP 400 something_new: x"},
      {502, "", ErrorCode::Internal, "HTTP 502"},
      {412, R"({"code":"failed_precondition","detail":"line1\nline2"})", ErrorCode::FailedPrecondition,
       "HTTP 412 failed_precondition: line1 line2"},
  }));
  const auto error = error_from_problem(status, body);
  CHECK(error.code() == code);
  CHECK(error.message() == message);
}

TEST_CASE("problem codes and statuses map to canonical codes") {
  for (const auto c : {ErrorCode::InvalidArgument, ErrorCode::Unauthenticated, ErrorCode::PermissionDenied, ErrorCode::NotFound,
                       ErrorCode::AlreadyExists, ErrorCode::Conflict, ErrorCode::ResourceExhausted,
                       ErrorCode::FailedPrecondition, ErrorCode::Unavailable, ErrorCode::DeadlineExceeded, ErrorCode::DataLoss,
                       ErrorCode::Internal}) {
    CHECK(error_code_from_problem_code(vrs::to_string(c)) == c);
  }
  CHECK(error_code_from_problem_code("headers_too_large") == ErrorCode::ResourceExhausted);
  CHECK(error_code_from_problem_code("method_not_allowed") == ErrorCode::InvalidArgument);
  CHECK_FALSE(error_code_from_problem_code("PERMISSION_DENIED").has_value());
  CHECK(error_code_from_status(403) == ErrorCode::PermissionDenied);
  CHECK(error_code_from_status(431) == ErrorCode::ResourceExhausted);
  CHECK(error_code_from_status(418) == ErrorCode::InvalidArgument);
  CHECK(error_code_from_status(500) == ErrorCode::Internal);
}

TEST_CASE("the client refuses a missing CA bundle and a key file others can read") {
  vrs::test::TempDir dir;
  HttpsOptions options;
  options.ca = dir / "missing.pem";
  auto missing = HttpsClient::create(ServerUrl{"localhost", 8443}, options);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message().find("missing.pem") != std::string::npos);

  options.ca = write_ca(dir);
  auto key = vrs::certs::PrivateKey::generate().value();
  REQUIRE(key.save(dir / "tls.key"));
  REQUIRE(::chmod((dir / "tls.key").c_str(), 0640) == 0);
  options.certificate = dir / "ca.pem";
  options.private_key = dir / "tls.key";
  auto loose = HttpsClient::create(ServerUrl{"localhost", 8443}, options);
  REQUIRE_FALSE(loose);
  CHECK(loose.error().code() == ErrorCode::FailedPrecondition);
  CHECK(loose.error().message().find("tls.key") != std::string::npos);

  HttpsOptions zero;
  zero.ca = dir / "ca.pem";
  zero.timeout = std::chrono::milliseconds(0);
  CHECK(HttpsClient::create(ServerUrl{"localhost", 8443}, zero).error().code() == ErrorCode::InvalidArgument);
}

TEST_CASE("a refused connection is Unavailable naming host and port") {
  vrs::test::TempDir dir;
  HttpsOptions options;
  options.ca = write_ca(dir);
  options.timeout = std::chrono::seconds(5);
  const auto port = closed_port();
  auto client = HttpsClient::create(ServerUrl{"127.0.0.1", port}, options);
  REQUIRE(client);
  auto response = client->get("/v1/whoami");
  REQUIRE_FALSE(response);
  CHECK(response.error().code() == ErrorCode::Unavailable);
  CHECK(response.error().message().find("cannot connect to 127.0.0.1:" + std::to_string(port)) != std::string::npos);
}

TEST_CASE("a server that never completes the handshake hits the deadline") {
  vrs::test::TempDir dir;
  SilentListener listener;
  HttpsOptions options;
  options.ca = write_ca(dir);
  options.timeout = std::chrono::milliseconds(300);
  auto client = HttpsClient::create(ServerUrl{"127.0.0.1", listener.port()}, options);
  REQUIRE(client);
  const auto start = std::chrono::steady_clock::now();
  auto response = client->get("/v1/whoami");
  const auto took = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(response);
  CHECK(response.error().code() == ErrorCode::DeadlineExceeded);
  CHECK(response.error().message().find("TLS handshake with 127.0.0.1:") != std::string::npos);
  CHECK(took < std::chrono::seconds(5));
}

TEST_CASE("requests with a bad method or target are refused before any I/O") {
  vrs::test::TempDir dir;
  HttpsOptions options;
  options.ca = write_ca(dir);
  auto client = HttpsClient::create(ServerUrl{"127.0.0.1", 1}, options);
  REQUIRE(client);
  CHECK(client->send("FETCH", "/v1/whoami").error().message().find("unknown HTTP method") != std::string::npos);
  CHECK(client->send("GET", "v1/whoami").error().message().find("invalid request target") != std::string::npos);
  CHECK(client->send("GET", "/v1/who ami\r\nX: y").error().code() == ErrorCode::InvalidArgument);
}

TEST_CASE("Retry-After is read as whole seconds up to a day, and anything else is ignored") {
  CHECK(parse_retry_after("0") == std::chrono::seconds(0));
  CHECK(parse_retry_after("1") == std::chrono::seconds(1));
  CHECK(parse_retry_after("86400") == std::chrono::seconds(86400));
  CHECK_FALSE(parse_retry_after(""));
  CHECK_FALSE(parse_retry_after("86401"));
  CHECK_FALSE(parse_retry_after("999999"));
  CHECK_FALSE(parse_retry_after("-1"));
  CHECK_FALSE(parse_retry_after("1.5"));
  CHECK_FALSE(parse_retry_after(" 5"));
  CHECK_FALSE(parse_retry_after("Wed, 21 Oct 2026 07:28:00 GMT"));
}
