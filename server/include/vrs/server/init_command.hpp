#pragma once
/// `vrs-server init` and `vrs-server admin bootstrap`: set up a server directory from a CA
/// directory, and enrol the first administrator offline.
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
#include "vrs/server/member_store.hpp"

namespace vrs::server {

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

struct BootstrapOptions {
  std::filesystem::path request;  ///< enrol-request.json {"member_id","csr","signing_key"}
  std::filesystem::path out;      ///< bundle.json (refused if it exists)
  std::chrono::days days = certs::kDefaultLeafValidity;
};

/// Registers the request's member as admin (if new; an existing member must already be admin)
/// and issues its certificate, offline (actor "operator"). FailedPrecondition if an admin with a
/// valid certificate already exists (further admins enrol through the API). A running server
/// picks the new certificate up on SIGHUP.
Result<IssuedCertificate> bootstrap_admin(const Config& config, const BootstrapOptions& options);

/// The bundle JSON (the 201 body of POST /v1/admin/members/{id}/certificates).
std::string bundle_json(const IssuedCertificate& issued);

}  // namespace vrs::server
