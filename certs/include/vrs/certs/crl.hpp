#pragma once
/// Certificate revocation lists (X.509 v2 CRL) signed by the issuing CA.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "vrs/certs/certificate.hpp"
#include "vrs/certs/openssl_ptr.hpp"
#include "vrs/certs/private_key.hpp"

namespace vrs::certs {

enum class RevocationReason { Unspecified, KeyCompromise, AffiliationChanged, Superseded, CessationOfOperation };

std::string_view to_string(RevocationReason reason) noexcept;
/// "unspecified", "key_compromise", "affiliation_changed", "superseded", "cessation_of_operation".
Result<RevocationReason> parse_revocation_reason(std::string_view text);

struct RevokedEntry {
  std::string serial_hex;
  SysTime revoked_at;
  RevocationReason reason = RevocationReason::Unspecified;
};

class Crl {
 public:
  /// A CRL listing `revoked`, numbered `number`, valid from now until now + `next_update`.
  static Result<Crl> build(const Certificate& issuer, const PrivateKey& issuer_key,
                           const std::vector<RevokedEntry>& revoked, std::uint64_t number,
                           std::chrono::hours next_update = std::chrono::hours(24 * 7));
  static Result<Crl> from_pem(std::string_view pem);

  [[nodiscard]] std::string to_pem() const;
  [[nodiscard]] bool is_revoked(const std::string& serial_hex) const;
  [[nodiscard]] std::size_t size() const;
  /// Every revoked entry: serial (lower-case hex, no leading zeros), date and reason
  /// (Unspecified when the entry has no reason or one VRS does not use).
  [[nodiscard]] std::vector<RevokedEntry> entries() const;
  /// The cRLNumber extension; nullopt if absent or not representable in 64 bits.
  [[nodiscard]] std::optional<std::uint64_t> number() const;
  /// thisUpdate / nextUpdate (epoch if absent).
  [[nodiscard]] SysTime last_update() const;
  [[nodiscard]] SysTime next_update() const;
  /// True if the CRL's signature verifies under `issuer`'s public key.
  [[nodiscard]] bool verify(const Certificate& issuer) const;
  [[nodiscard]] X509_CRL* native() const noexcept { return crl_.get(); }

 private:
  explicit Crl(X509_CRL* crl) : crl_(crl) {}
  OpensslPtr<X509_CRL> crl_;
};

}  // namespace vrs::certs
