#include "vrs/certs/openssl_ptr.hpp"

#include <openssl/evp.h>
#include <openssl/x509.h>

namespace vrs::certs {

void OpensslFree::operator()(X509* cert) const noexcept { X509_free(cert); }
void OpensslFree::operator()(X509_CRL* crl) const noexcept { X509_CRL_free(crl); }
void OpensslFree::operator()(X509_REQ* req) const noexcept { X509_REQ_free(req); }
void OpensslFree::operator()(EVP_PKEY* key) const noexcept { EVP_PKEY_free(key); }

}  // namespace vrs::certs
