#pragma once
/// X.509 certificates (OpenSSL X509), read-only view plus the VRS identity bound in them.

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "vrs/certs/identity.hpp"
#include "vrs/certs/openssl_ptr.hpp"
#include "vrs/common/error.hpp"
#include "vrs/crypto/bytes.hpp"

namespace vrs::certs {

using SysTime = std::chrono::system_clock::time_point;

class Certificate {
 public:
  static Result<Certificate> from_pem(std::string_view pem);
  static Result<Certificate> from_der(crypto::ByteView der);
  static Result<Certificate> load(const std::filesystem::path& path);
  /// All certificates of a PEM bundle, in order (at least one).
  static Result<std::vector<Certificate>> load_bundle(std::string_view pem);
  /// Takes ownership of `cert` (must not be null).
  static Certificate adopt(X509* cert);

  Certificate(const Certificate& other);
  Certificate& operator=(const Certificate& other);
  Certificate(Certificate&&) noexcept = default;
  Certificate& operator=(Certificate&&) noexcept = default;
  ~Certificate() = default;

  [[nodiscard]] std::string to_pem() const;
  [[nodiscard]] crypto::Bytes to_der() const;
  /// Writes PEM with mode 0644 (certificates are public), replacing an existing file.
  [[nodiscard]] Result<void> save(const std::filesystem::path& path) const;

  /// Serial number as lower-case hex without leading zeros.
  [[nodiscard]] std::string serial_hex() const;
  /// SHA-256 of the DER encoding, lower-case hex: the registry key of a certificate.
  [[nodiscard]] std::string fingerprint_sha256() const;
  [[nodiscard]] std::string subject() const;  ///< RFC 2253 form
  [[nodiscard]] std::string issuer() const;
  [[nodiscard]] std::string common_name() const;
  [[nodiscard]] SysTime not_before() const;
  [[nodiscard]] SysTime not_after() const;
  [[nodiscard]] bool is_ca() const;
  /// The member and role bound in a VRS member certificate (SAN URIs
  /// `urn:vrs:member:<ID>` and `urn:vrs:role:<role>`); nullopt for other certificates.
  [[nodiscard]] std::optional<Identity> identity() const;
  /// DNS names and IP addresses of the subjectAltName extension.
  [[nodiscard]] std::vector<std::string> alt_names() const;

  [[nodiscard]] X509* native() const noexcept { return cert_.get(); }

 private:
  explicit Certificate(X509* cert) : cert_(cert) {}
  OpensslPtr<X509> cert_;
};

/// ISO-8601 UTC, seconds precision: "2026-11-23T09:30:00Z".
std::string format_time(SysTime time);

}  // namespace vrs::certs
