#pragma once
/// The online issuing CA the server holds (docs/pki.md; docs/architecture.md "Keys"): signs
/// member CSRs, builds and publishes the CRL. Loaded from the files named in [paths]
/// (issuing_ca_cert, issuing_ca_key 0600, client_ca = ca-chain.pem, crl).
///
/// Thread-safety: sign()/build_crl() are const and safe from any thread; publish_crl() and
/// crl_pem() synchronise on an internal mutex. File writes (publish_crl) belong on the DB
/// worker thread, never on an I/O thread.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "vrs/certs/authority.hpp"
#include "vrs/certs/crl.hpp"
#include "vrs/server/config.hpp"

namespace vrs::server {

class IssuingAuthority {
 public:
  /// Reads the issuing certificate and key (checks they match and the certificate is a CA),
  /// the CA chain text and the current CRL (which must verify under the issuing CA).
  static Result<std::shared_ptr<IssuingAuthority>> load(const PathsConfig& paths);

  /// A member certificate for `csr` bound to `identity`, valid for `days` from now.
  [[nodiscard]] Result<certs::Certificate> sign(const certs::Csr& csr, const certs::Identity& identity,
                                                std::chrono::days days) const;
  /// A CRL PEM listing `revoked` with number `number`.
  [[nodiscard]] Result<std::string> build_crl(const std::vector<certs::RevokedEntry>& revoked,
                                              std::uint64_t number) const;
  /// Writes `pem` to the CRL file atomically (mode 0644) and makes it the current CRL.
  Result<void> publish_crl(const std::string& pem);
  /// Re-reads the CRL file (SIGHUP).
  Result<void> reload_crl();

  [[nodiscard]] std::string crl_pem() const;
  /// nextUpdate of the current CRL.
  [[nodiscard]] certs::SysTime crl_next_update() const;
  [[nodiscard]] const std::string& chain_pem() const noexcept { return chain_pem_; }
  [[nodiscard]] const certs::Certificate& certificate() const noexcept { return cert_; }
  [[nodiscard]] const std::filesystem::path& crl_path() const noexcept { return crl_path_; }

  IssuingAuthority(certs::Certificate cert, certs::PrivateKey key, std::string chain_pem,
                   std::filesystem::path crl_path);

 private:
  certs::Certificate cert_;
  certs::PrivateKey key_;
  std::string chain_pem_;
  std::filesystem::path crl_path_;
  mutable std::mutex mutex_;
  std::string crl_pem_;
  certs::SysTime crl_next_update_{};
};

/// Largest PEM bundle or CRL file the server reads.
inline constexpr std::size_t kMaxPemFileBytes = 8 * 1024 * 1024;

}  // namespace vrs::server
