#include "vrs/certs/crl.hpp"

#include <openssl/pem.h>

#include <algorithm>
#include <cctype>
#include <ctime>

#include "ossl.hpp"

namespace vrs::certs {

namespace {
constexpr std::size_t kMaxCrlPem = 8 * 1024 * 1024;

int reason_code(RevocationReason reason) {
  switch (reason) {
    case RevocationReason::Unspecified: return CRL_REASON_UNSPECIFIED;
    case RevocationReason::KeyCompromise: return CRL_REASON_KEY_COMPROMISE;
    case RevocationReason::AffiliationChanged: return CRL_REASON_AFFILIATION_CHANGED;
    case RevocationReason::Superseded: return CRL_REASON_SUPERSEDED;
    case RevocationReason::CessationOfOperation: return CRL_REASON_CESSATION_OF_OPERATION;
  }
  return CRL_REASON_UNSPECIFIED;
}

Result<ossl::Asn1Int> serial_from_hex(const std::string& hex) {
  BIGNUM* raw = nullptr;
  if (hex.empty() || hex.size() > 40 || BN_hex2bn(&raw, hex.c_str()) != static_cast<int>(hex.size())) {
    BN_free(raw);
    return fail(ErrorCode::InvalidArgument, "serial \"" + hex.substr(0, 48) + "\" is not hexadecimal");
  }
  ossl::BigNum bn(raw);
  ossl::Asn1Int serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
  if (!serial) return fail(crypto::openssl_error(ErrorCode::Internal, "BN_to_ASN1_INTEGER"));
  return serial;
}
}  // namespace

std::string_view to_string(RevocationReason reason) noexcept {
  switch (reason) {
    case RevocationReason::Unspecified: return "unspecified";
    case RevocationReason::KeyCompromise: return "key_compromise";
    case RevocationReason::AffiliationChanged: return "affiliation_changed";
    case RevocationReason::Superseded: return "superseded";
    case RevocationReason::CessationOfOperation: return "cessation_of_operation";
  }
  return "unspecified";
}

Result<RevocationReason> parse_revocation_reason(std::string_view text) {
  for (auto r : {RevocationReason::Unspecified, RevocationReason::KeyCompromise, RevocationReason::AffiliationChanged,
                 RevocationReason::Superseded, RevocationReason::CessationOfOperation}) {
    if (text == to_string(r)) return r;
  }
  return fail(ErrorCode::InvalidArgument,
              "reason: \"" + std::string(text.substr(0, 64)) +
                  "\" is not one of unspecified, key_compromise, affiliation_changed, superseded, cessation_of_operation");
}

Result<Crl> Crl::build(const Certificate& issuer, const PrivateKey& issuer_key, const std::vector<RevokedEntry>& revoked,
                       std::uint64_t number, std::chrono::hours next_update) {
  if (X509_check_private_key(issuer.native(), issuer_key.native()) != 1) {
    ERR_clear_error();
    return fail(ErrorCode::InvalidArgument, "the issuer key does not belong to the issuer certificate");
  }
  Crl crl(X509_CRL_new());
  if (!crl.crl_) return fail(crypto::openssl_error(ErrorCode::Internal, "X509_CRL_new"));
  X509_CRL* c = crl.crl_.get();
  const auto now = std::chrono::system_clock::now();
  ossl::Asn1Time last(ASN1_TIME_set(nullptr, std::chrono::system_clock::to_time_t(now)));
  ossl::Asn1Time next(ASN1_TIME_set(nullptr, std::chrono::system_clock::to_time_t(now + next_update)));
  if (!last || !next || X509_CRL_set_version(c, 1) != 1 ||
      X509_CRL_set_issuer_name(c, X509_get_subject_name(issuer.native())) != 1 ||
      X509_CRL_set1_lastUpdate(c, last.get()) != 1 || X509_CRL_set1_nextUpdate(c, next.get()) != 1) {
    return fail(crypto::openssl_error(ErrorCode::Internal, "cannot build CRL"));
  }
  for (const auto& entry : revoked) {
    VRS_TRY(auto serial, serial_from_hex(entry.serial_hex));
    ossl::Revoked rev(X509_REVOKED_new());
    ossl::Asn1Time when(ASN1_TIME_set(nullptr, std::chrono::system_clock::to_time_t(entry.revoked_at)));
    ossl::Enumerated reason(ASN1_ENUMERATED_new());
    if (!rev || !when || !reason || X509_REVOKED_set_serialNumber(rev.get(), serial.get()) != 1 ||
        X509_REVOKED_set_revocationDate(rev.get(), when.get()) != 1 ||
        ASN1_ENUMERATED_set(reason.get(), reason_code(entry.reason)) != 1 ||
        X509_REVOKED_add1_ext_i2d(rev.get(), NID_crl_reason, reason.get(), 0, 0) != 1 ||
        X509_CRL_add0_revoked(c, rev.get()) != 1) {
      return fail(crypto::openssl_error(ErrorCode::Internal, "cannot add CRL entry"));
    }
    (void)rev.release();  // owned by the CRL now
  }
  ossl::Asn1Int crl_number(ASN1_INTEGER_new());
  if (!crl_number || ASN1_INTEGER_set_uint64(crl_number.get(), number) != 1 ||
      X509_CRL_add1_ext_i2d(c, NID_crl_number, crl_number.get(), 0, 0) != 1 || X509_CRL_sort(c) != 1) {
    return fail(crypto::openssl_error(ErrorCode::Internal, "cannot finish CRL"));
  }
  const EVP_MD* md = issuer_key.type() == KeyType::Ed25519 ? nullptr : EVP_sha256();
  if (X509_CRL_sign(c, issuer_key.native(), md) <= 0) return fail(crypto::openssl_error(ErrorCode::Internal, "cannot sign CRL"));
  return crl;
}

Result<Crl> Crl::from_pem(std::string_view pem) {
  if (pem.size() > kMaxCrlPem) return fail(ErrorCode::InvalidArgument, "CRL larger than 8 MiB");
  VRS_TRY(auto crl, ossl::read_pem(pem, PEM_read_bio_X509_CRL, "not a PEM CRL"));
  return Crl(crl.release());
}

std::string Crl::to_pem() const { return ossl::write_pem(crl_.get(), PEM_write_bio_X509_CRL); }

bool Crl::is_revoked(const std::string& serial_hex) const {
  auto serial = serial_from_hex(serial_hex);
  if (!serial) return false;
  X509_REVOKED* entry = nullptr;
  return X509_CRL_get0_by_serial(crl_.get(), &entry, serial->get()) == 1;
}

std::size_t Crl::size() const {
  const STACK_OF(X509_REVOKED)* list = X509_CRL_get_REVOKED(crl_.get());
  return list == nullptr ? 0 : static_cast<std::size_t>(sk_X509_REVOKED_num(list));
}

std::optional<std::uint64_t> Crl::number() const {
  ossl::Asn1Int n(static_cast<ASN1_INTEGER*>(X509_CRL_get_ext_d2i(crl_.get(), NID_crl_number, nullptr, nullptr)));
  std::uint64_t value = 0;
  if (!n || ASN1_INTEGER_get_uint64(&value, n.get()) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  return value;
}

namespace {
SysTime crl_time(const ASN1_TIME* t) {
  struct tm tm {};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return SysTime{};
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}
}  // namespace

std::vector<RevokedEntry> Crl::entries() const {
  std::vector<RevokedEntry> out;
  const STACK_OF(X509_REVOKED)* list = X509_CRL_get_REVOKED(crl_.get());
  const int n = list == nullptr ? 0 : sk_X509_REVOKED_num(list);
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const X509_REVOKED* rev = sk_X509_REVOKED_value(list, i);
    ossl::BigNum bn(ASN1_INTEGER_to_BN(X509_REVOKED_get0_serialNumber(rev), nullptr));
    if (!bn) continue;
    char* hex = BN_bn2hex(bn.get());
    if (hex == nullptr) continue;
    std::string serial(hex);
    OPENSSL_free(hex);
    for (auto& c : serial) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    serial.erase(0, std::min(serial.find_first_not_of('0'), serial.size() - 1));
    RevokedEntry entry{std::move(serial), crl_time(X509_REVOKED_get0_revocationDate(rev)), RevocationReason::Unspecified};
    ossl::Enumerated reason(
        static_cast<ASN1_ENUMERATED*>(X509_REVOKED_get_ext_d2i(rev, NID_crl_reason, nullptr, nullptr)));
    if (reason) {
      switch (ASN1_ENUMERATED_get(reason.get())) {
        case CRL_REASON_KEY_COMPROMISE: entry.reason = RevocationReason::KeyCompromise; break;
        case CRL_REASON_AFFILIATION_CHANGED: entry.reason = RevocationReason::AffiliationChanged; break;
        case CRL_REASON_SUPERSEDED: entry.reason = RevocationReason::Superseded; break;
        case CRL_REASON_CESSATION_OF_OPERATION: entry.reason = RevocationReason::CessationOfOperation; break;
        default: break;
      }
    }
    out.push_back(std::move(entry));
  }
  ERR_clear_error();
  return out;
}

SysTime Crl::last_update() const { return crl_time(X509_CRL_get0_lastUpdate(crl_.get())); }
SysTime Crl::next_update() const { return crl_time(X509_CRL_get0_nextUpdate(crl_.get())); }

bool Crl::verify(const Certificate& issuer) const {
  EVP_PKEY* key = X509_get0_pubkey(issuer.native());
  const bool ok = key != nullptr && X509_CRL_verify(crl_.get(), key) == 1;
  ERR_clear_error();
  return ok;
}

}  // namespace vrs::certs
