#pragma once
/// Who is calling: derived from the TLS client certificate through the registry. Handlers
/// receive one and cannot be reached without one (session.cpp).

#include <string>

#include "vrs/certs/certificate.hpp"
#include "vrs/certs/identity.hpp"

namespace vrs::server {

struct AuthenticatedPeer {
  std::string member_id;    ///< e.g. "AUS-ABF"
  std::string state;        ///< ISO 3166-1 alpha-3, e.g. "AUS"
  certs::Role role = certs::Role::Reporter;  ///< the member's registered role
  std::string serial;       ///< certificate serial, lower-case hex
  std::string fingerprint;  ///< SHA-256 of the DER certificate, lower-case hex
  certs::SysTime not_after;
};

}  // namespace vrs::server
