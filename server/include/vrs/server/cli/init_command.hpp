#pragma once
/// `vrs-server init`: set up a server directory from a CA directory.
///
/// init creates DIR (mode 0700; refused if it exists and is not empty) holding:
///   vrs-server.toml   the configuration (paths relative to DIR)
///   vrs.db, vrs.db.key  a new encrypted database and its key file (0600)
///   root.crt, issuing.crt, ca-chain.pem  copied from the CA directory (vrs-ca layout:
///                     CA/root.crt, CA/issuing.crt, CA/issuing.key, CA/ca-chain.pem; the chain
///                     is composed from issuing + root when CA/ca-chain.pem is absent)
///   issuing.key       the issuing CA key (0600) for online enrolment and CRLs
///   server.key        a new ECDSA P-256 TLS key (0600)
///   server-chain.pem  a server certificate for --name (DNS names / IPs) signed by the issuing CA,
///                     followed by the issuing CA certificate
///   crl.pem           an empty CRL (number 1)
/// and writes the audit entries db.init, crl.publish and server.init. On failure nothing is
/// left behind.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "vrs/common/error.hpp"
#include "vrs/server/config.hpp"

namespace vrs::server::cli {

struct InitOptions {
  std::filesystem::path dir;
  std::filesystem::path ca_dir;
  std::vector<std::string> names;  ///< server certificate names (at least one)
  std::uint16_t port = kDefaultPort;
  std::uint16_t metrics_port = kDefaultMetricsPort;
};

struct InitResult {
  std::filesystem::path config;
  std::string server_serial;
  std::string server_fingerprint;
  std::string server_not_after;
};

Result<InitResult> init_server(const InitOptions& options);
}  // namespace vrs::server::cli
