#pragma once
/// Certificate authority operations with the VRS profiles:
///  - root CA: self-signed, CA:TRUE pathlen:1, keyCertSign+cRLSign, 20 years; kept offline;
///  - issuing CA: signed by the root, CA:TRUE pathlen:0, 10 years; held by the server for
///    online enrolment;
///  - server: serverAuth, SAN DNS names / IP addresses, 397 days by default;
///  - member: clientAuth, digitalSignature, SAN URIs urn:vrs:member:<ID> and
///    urn:vrs:role:<role>, CN = member id, 397 days by default (CA/B Forum maximum for TLS).
/// Serials are 128 random bits (positive). All certificates are signed with SHA-256 (ECDSA)
/// or pure Ed25519.

#include <chrono>
#include <string>
#include <vector>

#include "vrs/certs/certificate.hpp"
#include "vrs/certs/csr.hpp"
#include "vrs/certs/identity.hpp"
#include "vrs/certs/private_key.hpp"

namespace vrs::certs {

inline constexpr std::chrono::days kDefaultLeafValidity{397};
inline constexpr std::chrono::days kMaxLeafValidity{825};

struct Validity {
  SysTime not_before;  ///< default: now - 5 minutes (clock skew)
  SysTime not_after;
  /// [now - 5 min, now + days]
  static Validity from_now(std::chrono::days days);
};

/// A self-signed root CA certificate for `key`.
Result<Certificate> make_root_ca(const PrivateKey& key, const std::string& name, const Validity& validity);

/// An issuing CA for `subject_key`, signed by the root.
Result<Certificate> make_issuing_ca(const Certificate& root, const PrivateKey& root_key,
                                    const PrivateKey& subject_key, const std::string& name,
                                    const Validity& validity);

/// A TLS server certificate. `names` are DNS names or IP literals (at least one).
Result<Certificate> make_server_certificate(const Certificate& issuer, const PrivateKey& issuer_key,
                                            const PrivateKey& subject_key, const std::vector<std::string>& names,
                                            const Validity& validity);

/// A member certificate for the CSR's key, bound to `identity` (whatever the CSR's subject
/// says). Validity longer than kMaxLeafValidity is InvalidArgument.
Result<Certificate> sign_member_csr(const Certificate& issuer, const PrivateKey& issuer_key, const Csr& csr,
                                    const Identity& identity, const Validity& validity);

}  // namespace vrs::certs
