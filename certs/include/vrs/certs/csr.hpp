#pragma once
/// Certificate signing requests. A member makes its CSR on its own machine; only the CSR
/// travels. The CSR's subject is informational: the authority binds the member id and role
/// it was told by the administrator, not what the CSR claims.

#include <memory>
#include <string>

#include "vrs/certs/identity.hpp"
#include "vrs/certs/openssl_ptr.hpp"
#include "vrs/certs/private_key.hpp"
#include "vrs/common/error.hpp"

namespace vrs::certs {

/// Largest CSR PEM accepted (checked before parsing).
inline constexpr std::size_t kMaxCsrPem = 16 * 1024;

class Csr {
 public:
  /// A CSR with CN = member id, signed with `key`.
  static Result<Csr> create(const PrivateKey& key, const MemberId& member);
  /// Parses PEM and checks the self-signature; InvalidArgument on anything else.
  static Result<Csr> from_pem(std::string_view pem);

  [[nodiscard]] std::string to_pem() const;
  [[nodiscard]] std::string common_name() const;
  [[nodiscard]] X509_REQ* native() const noexcept { return req_.get(); }

 private:
  explicit Csr(X509_REQ* req) : req_(req) {}
  OpensslPtr<X509_REQ> req_;
};

}  // namespace vrs::certs
