#pragma once
/// TLS contexts for VRS (the only place they are built):
///  - TLS 1.3 minimum; TLS 1.2 only when asked, and then only ECDHE with AEAD suites;
///  - peers verified against the VRS CA bundle only (never the system store);
///  - the server requires a client certificate (verify_peer | verify_fail_if_no_peer_cert),
///    checks the CRL of the issuing CA when one is given, and keeps no session cache and
///    issues no tickets, so a resumed session can never outlive a revocation;
///  - private key files must be 0600 (checked before OpenSSL reads them).
/// Asio/Beast are compiled separately (BOOST_*_SEPARATE_COMPILATION, defined PUBLIC on the
/// vrs_tls target): link vrs_tls instead of including their src.hpp anywhere else.
///
/// Thread-safety: a built context is immutable and may be shared by any number of
/// connections; to reload (CRL, certificates) build a new one and swap the shared_ptr.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/ssl/context.hpp>

#include "vrs/common/error.hpp"

namespace vrs::tls {

namespace ssl = boost::asio::ssl;

struct ServerContextOptions {
  std::filesystem::path certificate_chain;  ///< PEM: server certificate, then the issuing CA
  std::filesystem::path private_key;        ///< PEM, mode 0600
  std::filesystem::path client_ca;          ///< PEM bundle: root CA and issuing CA
  std::optional<std::filesystem::path> crl; ///< PEM CRL of the issuing CA (checked for leaves)
  bool allow_tls12 = false;                 ///< off by default (docs/architecture.md "Transport")
};

/// Fails with InvalidArgument / FailedPrecondition naming the file and OpenSSL's reason.
Result<std::shared_ptr<ssl::context>> make_server_context(const ServerContextOptions& options);

struct ClientContextOptions {
  std::filesystem::path ca;                              ///< the pinned VRS CA bundle
  std::optional<std::filesystem::path> certificate;      ///< member certificate (PEM)
  std::optional<std::filesystem::path> private_key;      ///< its key, mode 0600
};

/// A client context that verifies the server against `ca` only. Callers must also set SNI and
/// host-name verification per connection (see set_server_name()).
Result<std::shared_ptr<ssl::context>> make_client_context(const ClientContextOptions& options);

/// For a client stream's native handle: SNI (for DNS names) and RFC 6125 host-name / IP
/// verification of the server certificate. Returns false if OpenSSL refuses.
bool set_server_name(void* native_ssl_handle, const std::string& host);

}  // namespace vrs::tls
