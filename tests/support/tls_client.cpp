#include "vrs/test/tls_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cctype>

#include "vrs/tls/context.hpp"

namespace vrs::test {
namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;

std::shared_ptr<ssl::context> legacy_context(const ClientOptions& o, std::string& error) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  SSL_CTX* native = ctx->native_handle();
  SSL_CTX_set_security_level(native, 0);
  if (SSL_CTX_set_min_proto_version(native, TLS1_VERSION) != 1 ||
      SSL_CTX_set_max_proto_version(native, o.max_tls_version) != 1 ||
      SSL_CTX_set_cipher_list(native, o.cipher_list.c_str()) != 1 ||
      SSL_CTX_load_verify_locations(native, o.ca.c_str(), nullptr) != 1) {
    error = "cannot build a legacy client context";
    return nullptr;
  }
  if (o.certificate && (SSL_CTX_use_certificate_chain_file(native, o.certificate->c_str()) != 1 ||
                        SSL_CTX_use_PrivateKey_file(native, o.private_key->c_str(), SSL_FILETYPE_PEM) != 1)) {
    error = "cannot load the client certificate";
    return nullptr;
  }
  SSL_CTX_set_verify(native, SSL_VERIFY_PEER, nullptr);
  return ctx;
}

HttpResponse convert(http::response<http::string_body>& res) {
  HttpResponse out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& field : res) {
    std::string name(field.name_string().data(), field.name_string().size());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(field.value().data(), field.value().size());
  }
  out.body = std::move(res.body());
  out.keep_alive = res.keep_alive();
  return out;
}

}  // namespace

struct TlsClient::Impl {
  std::uint16_t port;
  ClientOptions options;
  net::io_context ioc;
  std::shared_ptr<ssl::context> ctx;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> stream;
  beast::flat_buffer buffer;

  // Runs the io_context until `done` or the timeout; on timeout cancels and drains.
  bool run(const bool& done) {
    ioc.restart();
    ioc.run_for(options.timeout);
    if (done) return true;
    beast::get_lowest_layer(*stream).cancel();
    ioc.restart();
    ioc.run_for(std::chrono::milliseconds(500));
    return false;
  }
};

TlsClient::TlsClient(std::uint16_t port, ClientOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->port = port;
  impl_->options = std::move(options);
}

TlsClient::~TlsClient() = default;

std::string TlsClient::peer_certificate_pem() const {
  if (!impl_->stream) return {};
  X509* cert = SSL_get1_peer_certificate(impl_->stream->native_handle());
  if (cert == nullptr) return {};
  BIO* bio = BIO_new(BIO_s_mem());
  std::string pem;
  if (bio != nullptr && PEM_write_bio_X509(bio, cert) == 1) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    if (size > 0) pem.assign(data, static_cast<std::size_t>(size));
  }
  BIO_free(bio);
  X509_free(cert);
  return pem;
}

bool TlsClient::connect() {
  auto& m = *impl_;
  if (m.options.max_tls_version == 0) {
    tls::ClientContextOptions o;
    o.ca = m.options.ca;
    o.certificate = m.options.certificate;
    o.private_key = m.options.private_key;
    auto ctx = tls::make_client_context(o);
    if (!ctx) {
      error_ = ctx.error().message();
      return false;
    }
    m.ctx = *ctx;
  } else {
    m.ctx = legacy_context(m.options, error_);
    if (!m.ctx) return false;
  }
  m.stream = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(m.ioc, *m.ctx);
  if (!tls::set_server_name(m.stream->native_handle(), m.options.host)) {
    error_ = "cannot set the server name";
    return false;
  }
  bool done = false;
  beast::error_code result;
  const tcp::endpoint ep(net::ip::make_address("127.0.0.1"), m.port);
  if (!m.options.source_address.empty()) {
    auto& socket = beast::get_lowest_layer(*m.stream).socket();
    beast::error_code bind_ec;
    const auto from = net::ip::make_address(m.options.source_address, bind_ec);
    if (!bind_ec) socket.open(tcp::v4(), bind_ec);
    if (!bind_ec) socket.bind(tcp::endpoint(from, 0), bind_ec);
    if (bind_ec) {
      error_ = "cannot connect from " + m.options.source_address + ": " + bind_ec.message();
      return false;
    }
  }
  beast::get_lowest_layer(*m.stream).async_connect(ep, [&](beast::error_code ec) {
    result = ec;
    if (ec) {
      done = true;
      return;
    }
    m.stream->async_handshake(ssl::stream_base::client, [&](beast::error_code hec) {
      result = hec;
      done = true;
    });
  });
  if (!m.run(done)) {
    error_ = "timeout";
    return false;
  }
  if (result) {
    error_ = result.message();
    return false;
  }
  return true;
}

bool TlsClient::write_raw(const std::string& bytes) {
  auto& m = *impl_;
  if (!m.stream) return false;
  bool done = false;
  beast::error_code result;
  net::async_write(*m.stream, net::buffer(bytes), [&](beast::error_code ec, std::size_t) {
    result = ec;
    done = true;
  });
  if (!m.run(done)) {
    error_ = "timeout";
    return false;
  }
  if (result) {
    error_ = result.message();
    return false;
  }
  return true;
}

std::optional<HttpResponse> TlsClient::read_response() {
  auto& m = *impl_;
  if (!m.stream) return std::nullopt;
  bool done = false;
  beast::error_code result;
  http::response_parser<http::string_body> parser;
  parser.body_limit(16 * 1024 * 1024);
  http::async_read(*m.stream, m.buffer, parser, [&](beast::error_code ec, std::size_t) {
    result = ec;
    done = true;
  });
  if (!m.run(done)) {
    error_ = "timeout";
    return std::nullopt;
  }
  if (result) {
    error_ = result.message();
    return std::nullopt;
  }
  return convert(parser.get());
}

std::optional<HttpResponse> TlsClient::request(const std::string& method, const std::string& target,
                                               const std::string& body,
                                               const std::vector<std::pair<std::string, std::string>>& headers) {
  auto& m = *impl_;
  if (!m.stream) return std::nullopt;
  http::request<http::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(http::field::host, m.options.host);
  req.keep_alive(true);
  if (!body.empty()) req.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = body;
  req.prepare_payload();
  bool done = false;
  beast::error_code result;
  http::async_write(*m.stream, req, [&](beast::error_code ec, std::size_t) {
    result = ec;
    done = true;
  });
  if (!m.run(done)) {
    error_ = "timeout";
    return std::nullopt;
  }
  if (result) {
    error_ = result.message();
    return std::nullopt;
  }
  return read_response();
}

bool TlsClient::closed_by_peer(std::chrono::milliseconds wait) {
  auto& m = *impl_;
  if (!m.stream) return true;
  if (m.buffer.size() > 0) return false;
  bool done = false;
  beast::error_code result;
  m.stream->async_read_some(m.buffer.prepare(1024), [&](beast::error_code ec, std::size_t n) {
    result = ec;
    m.buffer.commit(n);
    done = true;
  });
  const auto saved = m.options.timeout;
  m.options.timeout = wait;
  const bool finished = m.run(done);
  m.options.timeout = saved;
  return finished && result;
}

std::optional<HttpResponse> one_request(std::uint16_t port, const ClientOptions& options, const std::string& method,
                                        const std::string& target, const std::string& body) {
  TlsClient client(port, options);
  if (!client.connect()) return std::nullopt;
  return client.request(method, target, body);
}

std::optional<HttpResponse> plain_get(std::uint16_t port, const std::string& target,
                                      std::chrono::milliseconds timeout) {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  bool ok = false;
  http::response<http::string_body> res;
  beast::flat_buffer buffer;
  http::request<http::empty_body> req{http::verb::get, target, 11};
  req.set(http::field::host, "127.0.0.1");
  stream.expires_after(timeout);
  stream.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), [&](beast::error_code ec) {
    if (ec) return;
    http::async_write(stream, req, [&](beast::error_code wec, std::size_t) {
      if (wec) return;
      http::async_read(stream, buffer, res, [&](beast::error_code rec, std::size_t) { ok = !rec; });
    });
  });
  ioc.run_for(timeout + std::chrono::milliseconds(500));
  if (!ok) return std::nullopt;
  return convert(res);
}

IdleConnections::IdleConnections(std::uint16_t port, std::size_t count) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  for (std::size_t i = 0; i < count; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) break;
    fds_.push_back(fd);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0) ++connected_;
  }
}

IdleConnections::~IdleConnections() {
  for (const int fd : fds_) ::close(fd);
}

}  // namespace vrs::test
