#pragma once
/// `vrs-server admin bootstrap`: enrol the first administrator offline, from the member's
/// enrol-request.json, into a bundle.json (docs/pki.md).

#include <chrono>
#include <filesystem>
#include <string>

#include "vrs/certs/authority.hpp"
#include "vrs/common/error.hpp"
#include "vrs/server/config.hpp"
#include "vrs/server/store/member_store.hpp"

namespace vrs::server::cli {

struct BootstrapOptions {
  std::filesystem::path request;  ///< enrol-request.json {"member_id","csr","signing_key"}
  std::filesystem::path out;      ///< bundle.json (refused if it exists)
  std::chrono::days days = certs::kDefaultLeafValidity;
};

/// Registers the request's member as admin (if new; an existing member must already be admin)
/// and issues its certificate, offline (actor "operator"). FailedPrecondition if an admin with a
/// valid certificate already exists (further admins enroll through the API). A running server
/// picks the new certificate up on SIGHUP.
Result<store::IssuedCertificate> bootstrap_admin(const Config& config, const BootstrapOptions& options);

}  // namespace vrs::server::cli
