#pragma once
// Private helpers for OpenSSL: RAII owners and small readers. A failed OpenSSL call becomes a
// vrs::Error through crypto::openssl_error (vrs/crypto/openssl_error.hpp), the one drain of
// the OpenSSL error queue.

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <climits>
#include <memory>
#include <string>
#include <string_view>

#include "vrs/certs/openssl_ptr.hpp"
#include "vrs/common/error.hpp"
#include "vrs/crypto/openssl_error.hpp"

namespace vrs::certs::ossl {

template <typename T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const noexcept { F(p); }
};
template <typename T, void (*F)(T*)>
using Owned = std::unique_ptr<T, Deleter<T, F>>;

inline void bio_free(BIO* b) { BIO_free_all(b); }
using Bio = Owned<BIO, bio_free>;
using Ext = Owned<X509_EXTENSION, X509_EXTENSION_free>;
using Name = Owned<X509_NAME, X509_NAME_free>;
using Asn1Int = Owned<ASN1_INTEGER, ASN1_INTEGER_free>;
using Asn1Time = Owned<ASN1_TIME, ASN1_TIME_free>;
using BigNum = Owned<BIGNUM, BN_free>;
using Revoked = Owned<X509_REVOKED, X509_REVOKED_free>;
using Enumerated = Owned<ASN1_ENUMERATED, ASN1_ENUMERATED_free>;
inline void gens_free(GENERAL_NAMES* g) { GENERAL_NAMES_free(g); }
using GeneralNames = Owned<GENERAL_NAMES, gens_free>;

/// A read-only memory BIO over `data` (no copy).
inline Bio mem_bio(std::string_view data) {
  return Bio(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

/// Everything written to a memory BIO, as a string.
inline std::string bio_string(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

/// One of OpenSSL's PEM_read_bio_* functions (PEM_read_bio_X509, PEM_read_bio_X509_CRL, ...).
template <typename T>
using PemReader = T* (*)(BIO*, T**, pem_password_cb*, void*);

/// The first PEM object in `pem`, read with `read` (e.g. PEM_read_bio_X509). Internal if the
/// memory BIO cannot be made; InvalidArgument with the message `not_pem` if `read` fails.
/// The caller bounds pem.size() first (each type has its own limit and message).
template <typename T>
Result<OpensslPtr<T>> read_pem(std::string_view pem, PemReader<T> read, const char* not_pem) {
  if (pem.size() > static_cast<std::size_t>(INT_MAX)) return fail(ErrorCode::InvalidArgument, not_pem);
  auto bio = mem_bio(pem);
  if (!bio) return fail(crypto::openssl_error(ErrorCode::Internal, "BIO_new_mem_buf"));
  OpensslPtr<T> object(read(bio.get(), nullptr, nullptr, nullptr));
  if (!object) return fail(crypto::openssl_error(ErrorCode::InvalidArgument, not_pem));
  return object;
}

/// `object` written with one of OpenSSL's PEM_write_bio_* functions (e.g. PEM_write_bio_X509);
/// "" if OpenSSL fails.
template <typename T>
std::string write_pem(const T* object, int (*write)(BIO*, const T*)) {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || write(bio.get(), object) != 1) return {};
  return bio_string(bio.get());
}

/// The first entry of `nid` in a name (e.g. the CN), or "" if there is none.
inline std::string name_entry(const X509_NAME* name, int nid) {
  const int idx = X509_NAME_get_index_by_NID(name, nid, -1);
  if (idx < 0) return {};
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, idx));
  return {reinterpret_cast<const char*>(ASN1_STRING_get0_data(data)), static_cast<std::size_t>(ASN1_STRING_length(data))};
}

}  // namespace vrs::certs::ossl
