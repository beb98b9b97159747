#include "vrs/certs/csr.hpp"

#include <openssl/pem.h>

#include "ossl.hpp"

namespace vrs::certs {

namespace {
// Ed25519 signs the message itself: no separate digest (RFC 8410).
const EVP_MD* digest_for(const PrivateKey& key) { return key.type() == KeyType::Ed25519 ? nullptr : EVP_sha256(); }
}  // namespace

Result<Csr> Csr::create(const PrivateKey& key, const MemberId& member) {
  Csr csr(X509_REQ_new());
  if (!csr.req_) return fail(crypto::openssl_error(ErrorCode::Internal, "X509_REQ_new"));
  X509_NAME* name = X509_REQ_get_subject_name(csr.req_.get());
  const std::string cn = member.str();
  if (X509_REQ_set_version(csr.req_.get(), 0) != 1 ||
      X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("VRS member"), -1, -1, 0) != 1 ||
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0) != 1 ||
      X509_REQ_set_pubkey(csr.req_.get(), key.native()) != 1 ||
      X509_REQ_sign(csr.req_.get(), key.native(), digest_for(key)) <= 0) {
    return fail(crypto::openssl_error(ErrorCode::Internal, "cannot build CSR"));
  }
  return csr;
}

Result<Csr> Csr::from_pem(std::string_view pem) {
  if (pem.size() > kMaxCsrPem) return fail(ErrorCode::InvalidArgument, "CSR larger than 16 KiB");
  VRS_TRY(auto owned, ossl::read_pem(pem, PEM_read_bio_X509_REQ, "not a PEM certificate request"));
  X509_REQ* req = owned.get();
  Csr csr(owned.release());
  EVP_PKEY* pub = X509_REQ_get0_pubkey(req);
  if (pub == nullptr) return fail(crypto::openssl_error(ErrorCode::InvalidArgument, "CSR has no usable public key"));
  const bool p256 = EVP_PKEY_is_a(pub, "EC") == 1 && EVP_PKEY_get_bits(pub) == 256;
  if (!p256 && EVP_PKEY_is_a(pub, "ED25519") != 1) {
    return fail(ErrorCode::InvalidArgument, "CSR key must be ECDSA P-256 or Ed25519");
  }
  if (X509_REQ_verify(req, pub) != 1) return fail(crypto::openssl_error(ErrorCode::InvalidArgument, "CSR signature does not verify"));
  return csr;
}

std::string Csr::to_pem() const { return ossl::write_pem(req_.get(), PEM_write_bio_X509_REQ); }

std::string Csr::common_name() const { return ossl::name_entry(X509_REQ_get_subject_name(req_.get()), NID_commonName); }

}  // namespace vrs::certs
