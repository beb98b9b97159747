#include "vrs/certs/authority.hpp"

#include <openssl/rand.h>

#include <arpa/inet.h>

#include <array>

#include "ossl.hpp"

namespace vrs::certs {
namespace {

const EVP_MD* digest_for(const PrivateKey& key) { return key.type() == KeyType::Ed25519 ? nullptr : EVP_sha256(); }

Result<void> set_random_serial(X509* cert) {
  // 128 random bits, top bit cleared so the DER INTEGER is positive (RFC 5280 §4.1.2.2).
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return fail(crypto::openssl_error(ErrorCode::Internal, "RAND_bytes"));
  }
  bytes[0] = static_cast<unsigned char>((bytes[0] & 0x7fU) | 0x01U);
  ossl::BigNum bn(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
  if (!bn) return fail(crypto::openssl_error(ErrorCode::Internal, "BN_bin2bn"));
  ASN1_INTEGER* serial = BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert));
  if (serial == nullptr) return fail(crypto::openssl_error(ErrorCode::Internal, "serial number"));
  return {};
}

Result<void> set_validity(X509* cert, const Validity& validity) {
  if (validity.not_after <= validity.not_before) return fail(ErrorCode::InvalidArgument, "validity ends before it starts");
  const auto nb = std::chrono::system_clock::to_time_t(validity.not_before);
  const auto na = std::chrono::system_clock::to_time_t(validity.not_after);
  if (ASN1_TIME_set(X509_getm_notBefore(cert), nb) == nullptr || ASN1_TIME_set(X509_getm_notAfter(cert), na) == nullptr) {
    return fail(crypto::openssl_error(ErrorCode::Internal, "cannot set validity"));
  }
  return {};
}

Result<void> add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  ossl::Ext ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) {
    return fail(crypto::openssl_error(ErrorCode::Internal, std::string("cannot add extension ") + OBJ_nid2sn(nid) + "=" + value));
  }
  return {};
}

/// Common skeleton: version 3, serial, names, validity, public key.
Result<ossl::Owned<X509, X509_free>> start(const X509_NAME* issuer_name, const std::string& cn,
                                           const std::string& org, EVP_PKEY* subject_key, const Validity& validity) {
  ossl::Owned<X509, X509_free> cert(X509_new());
  if (!cert) return fail(crypto::openssl_error(ErrorCode::Internal, "X509_new"));
  X509_NAME* name = X509_get_subject_name(cert.get());
  if (X509_set_version(cert.get(), 2) != 1 ||
      X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(org.c_str()), -1, -1, 0) != 1 ||
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0) != 1 ||
      X509_set_issuer_name(cert.get(), issuer_name != nullptr ? issuer_name : name) != 1 ||
      X509_set_pubkey(cert.get(), subject_key) != 1) {
    return fail(crypto::openssl_error(ErrorCode::Internal, "cannot build certificate"));
  }
  VRS_TRY_VOID(set_random_serial(cert.get()));
  VRS_TRY_VOID(set_validity(cert.get(), validity));
  return cert;
}

Result<Certificate> finish(ossl::Owned<X509, X509_free> cert, const PrivateKey& signer) {
  if (X509_sign(cert.get(), signer.native(), digest_for(signer)) <= 0) {
    return fail(crypto::openssl_error(ErrorCode::Internal, "cannot sign certificate"));
  }
  return Certificate::adopt(cert.release());
}

Result<void> check_issuer(const Certificate& issuer, const PrivateKey& issuer_key) {
  if (X509_check_private_key(issuer.native(), issuer_key.native()) != 1) {
    ERR_clear_error();
    return fail(ErrorCode::InvalidArgument, "the issuer key does not belong to the issuer certificate");
  }
  if (!issuer.is_ca()) return fail(ErrorCode::InvalidArgument, "the issuer certificate is not a CA");
  return {};
}

bool is_ip_literal(const std::string& name) {
  std::array<unsigned char, 16> buf{};
  return inet_pton(AF_INET, name.c_str(), buf.data()) == 1 || inet_pton(AF_INET6, name.c_str(), buf.data()) == 1;
}

bool is_dns_name(const std::string& name) {
  if (name.empty() || name.size() > 253) return false;
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.')) return false;
  }
  return name.front() != '.' && name.front() != '-';
}

}  // namespace

Validity Validity::from_now(std::chrono::days days) {
  const auto now = std::chrono::system_clock::now();
  return {now - std::chrono::minutes(5), now + days};
}

Result<Certificate> make_root_ca(const PrivateKey& key, const std::string& name, const Validity& validity) {
  VRS_TRY(auto cert, start(nullptr, name, "VRS", key.native(), validity));
  X509* c = cert.get();
  VRS_TRY_VOID(add_ext(c, c, NID_basic_constraints, "critical,CA:TRUE,pathlen:1"));
  VRS_TRY_VOID(add_ext(c, c, NID_key_usage, "critical,keyCertSign,cRLSign"));
  VRS_TRY_VOID(add_ext(c, c, NID_subject_key_identifier, "hash"));
  return finish(std::move(cert), key);
}

Result<Certificate> make_issuing_ca(const Certificate& root, const PrivateKey& root_key, const PrivateKey& subject_key,
                                    const std::string& name, const Validity& validity) {
  VRS_TRY_VOID(check_issuer(root, root_key));
  VRS_TRY(auto cert, start(X509_get_subject_name(root.native()), name, "VRS", subject_key.native(), validity));
  X509* c = cert.get();
  VRS_TRY_VOID(add_ext(c, root.native(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0"));
  VRS_TRY_VOID(add_ext(c, root.native(), NID_key_usage, "critical,keyCertSign,cRLSign"));
  VRS_TRY_VOID(add_ext(c, root.native(), NID_subject_key_identifier, "hash"));
  VRS_TRY_VOID(add_ext(c, root.native(), NID_authority_key_identifier, "keyid:always"));
  return finish(std::move(cert), root_key);
}

Result<Certificate> make_server_certificate(const Certificate& issuer, const PrivateKey& issuer_key,
                                            const PrivateKey& subject_key, const std::vector<std::string>& names,
                                            const Validity& validity) {
  VRS_TRY_VOID(check_issuer(issuer, issuer_key));
  if (names.empty()) return fail(ErrorCode::InvalidArgument, "a server certificate needs at least one DNS name or IP address");
  std::string san;
  for (const auto& n : names) {
    if (!san.empty()) san += ",";
    if (is_ip_literal(n)) san += "IP:" + n;
    else if (is_dns_name(n)) san += "DNS:" + n;
    else return fail(ErrorCode::InvalidArgument, "server name \"" + n + "\" is neither a DNS name nor an IP address");
  }
  VRS_TRY(auto cert, start(X509_get_subject_name(issuer.native()), names.front(), "VRS", subject_key.native(), validity));
  X509* c = cert.get();
  VRS_TRY_VOID(add_ext(c, issuer.native(), NID_basic_constraints, "critical,CA:FALSE"));
  VRS_TRY_VOID(add_ext(c, issuer.native(), NID_key_usage, "critical,digitalSignature"));
  VRS_TRY_VOID(add_ext(c, issuer.native(), NID_ext_key_usage, "serverAuth"));
  VRS_TRY_VOID(add_ext(c, issuer.native(), NID_subject_alt_name, san));
  VRS_TRY_VOID(add_ext(c, issuer.native(), NID_subject_key_identifier, "hash"));
  VRS_TRY_VOID(add_ext(c, issuer.native(), NID_authority_key_identifier, "keyid:always"));
  return finish(std::move(cert), issuer_key);
}

Result<Certificate> sign_member_csr(const Certificate& issuer, const PrivateKey& issuer_key, const Csr& csr,
                                    const Identity& identity, const Validity& validity) {
  VRS_TRY_VOID(check_issuer(issuer, issuer_key));
  if (validity.not_after - validity.not_before > kMaxLeafValidity + std::chrono::minutes(5)) {
    return fail(ErrorCode::InvalidArgument, "member certificate validity exceeds 825 days");
  }
  EVP_PKEY* pub = X509_REQ_get0_pubkey(csr.native());
  if (pub == nullptr) return fail(crypto::openssl_error(ErrorCode::InvalidArgument, "CSR has no public key"));
  const std::string member = identity.member.str();
  VRS_TRY(auto cert, start(X509_get_subject_name(issuer.native()), member, "VRS member", pub, validity));
  X509* c = cert.get();
  // The OU names the role for people reading the certificate; the server trusts the SAN URIs
  // and, above both, its own registry.
  X509_NAME* name = X509_get_subject_name(c);
  const std::string role(to_string(identity.role));
  if (X509_NAME_add_entry_by_txt(name, "OU", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(role.c_str()), -1, -1, 0) != 1) {
    return fail(crypto::openssl_error(ErrorCode::Internal, "cannot set OU"));
  }
  VRS_TRY_VOID(add_ext(c, issuer.native(), NID_basic_constraints, "critical,CA:FALSE"));
  VRS_TRY_VOID(add_ext(c, issuer.native(), NID_key_usage, "critical,digitalSignature"));
  VRS_TRY_VOID(add_ext(c, issuer.native(), NID_ext_key_usage, "clientAuth"));
  VRS_TRY_VOID(add_ext(c, issuer.native(), NID_subject_alt_name,
                       "URI:urn:vrs:member:" + member + ",URI:urn:vrs:role:" + role));
  VRS_TRY_VOID(add_ext(c, issuer.native(), NID_subject_key_identifier, "hash"));
  VRS_TRY_VOID(add_ext(c, issuer.native(), NID_authority_key_identifier, "keyid:always"));
  return finish(std::move(cert), issuer_key);
}

}  // namespace vrs::certs
