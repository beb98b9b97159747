#pragma once
/// One owner for the OpenSSL objects behind the certs types (Certificate, Crl, Csr,
/// PrivateKey): a unique_ptr whose deleter calls the matching OpenSSL free function. The
/// OpenSSL types are only declared here, so users of the certs headers need no OpenSSL headers.

#include <memory>

using X509 = struct x509_st;
using X509_CRL = struct X509_crl_st;
using X509_REQ = struct X509_req_st;
using EVP_PKEY = struct evp_pkey_st;

namespace vrs::certs {

/// Frees each OpenSSL type with its own free function (defined in src/openssl_ptr.cpp).
struct OpensslFree {
  void operator()(X509* cert) const noexcept;
  void operator()(X509_CRL* crl) const noexcept;
  void operator()(X509_REQ* req) const noexcept;
  void operator()(EVP_PKEY* key) const noexcept;
};

/// Sole owner of one OpenSSL object of type T.
template <typename T>
using OpensslPtr = std::unique_ptr<T, OpensslFree>;

}  // namespace vrs::certs
