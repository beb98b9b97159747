#pragma once
/// A small HTTPS/1.1 test client over Beast + OpenSSL (integration and end-to-end tests of
/// vrs-server). Every operation is bounded by a timeout (the client runs its own io_context
/// with run_for), so a misbehaving server fails a test instead of hanging it. No Beast type in
/// this header: tests stay cheap to compile.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vrs::test {

struct ClientOptions {
  std::filesystem::path ca;                          ///< CA bundle to verify the server with
  std::optional<std::filesystem::path> certificate;  ///< client certificate (PEM chain)
  std::optional<std::filesystem::path> private_key;  ///< its key (0600)
  /// 0: the production client context (vrs_tls, TLS 1.3). Otherwise the highest version
  /// offered, e.g. 0x0303 (TLS 1.2) or 0x0302 (TLS 1.1), to test that the server refuses them.
  int max_tls_version = 0;
  /// With max_tls_version set: the TLS 1.2-and-below cipher list offered (OpenSSL syntax).
  std::string cipher_list = "DEFAULT:@SECLEVEL=0";
  std::string host = "127.0.0.1";
  /// The local address to connect from ("" = the system's choice, 127.0.0.1): another
  /// 127.0.0.0/8 address stands for another machine.
  std::string source_address;
  std::chrono::milliseconds timeout{5000};
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  ///< names in lower case
  std::string body;
  bool keep_alive = false;
  [[nodiscard]] std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class TlsClient {
 public:
  TlsClient(std::uint16_t port, ClientOptions options);
  ~TlsClient();
  TlsClient(const TlsClient&) = delete;
  TlsClient& operator=(const TlsClient&) = delete;

  /// TCP connect + TLS handshake. false on failure (error() says why).
  bool connect();
  /// Sends one request (Host, Content-Length set; keep-alive) and reads the response.
  /// nullopt on any transport/TLS failure (error() says why).
  std::optional<HttpResponse> request(const std::string& method, const std::string& target,
                                      const std::string& body = {},
                                      const std::vector<std::pair<std::string, std::string>>& headers = {});
  /// Writes raw bytes on the TLS stream.
  bool write_raw(const std::string& bytes);
  /// Reads one response.
  std::optional<HttpResponse> read_response();
  /// True if the server has closed the connection (reads EOF/close_notify/error within the
  /// timeout; false if nothing happens within `wait`).
  bool closed_by_peer(std::chrono::milliseconds wait = std::chrono::milliseconds(2000));

  [[nodiscard]] const std::string& error() const noexcept { return error_; }
  /// The server's certificate on this connection (PEM), "" before connect().
  [[nodiscard]] std::string peer_certificate_pem() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string error_;
};

/// connect() + request() on a fresh connection.
std::optional<HttpResponse> one_request(std::uint16_t port, const ClientOptions& options, const std::string& method,
                                        const std::string& target, const std::string& body = {});

/// A plain-HTTP GET (the metrics listener). nullopt on failure.
std::optional<HttpResponse> plain_get(std::uint16_t port, const std::string& target,
                                      std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

/// Opens `count` TCP connections to 127.0.0.1:port that send nothing (slow-loris); they stay
/// open until the returned object is destroyed.
class IdleConnections {
 public:
  IdleConnections(std::uint16_t port, std::size_t count);
  ~IdleConnections();
  IdleConnections(const IdleConnections&) = delete;
  IdleConnections& operator=(const IdleConnections&) = delete;
  [[nodiscard]] std::size_t connected() const noexcept { return connected_; }

 private:
  std::vector<int> fds_;
  std::size_t connected_ = 0;
};

}  // namespace vrs::test
