#include "vrs/test/verify_chain.hpp"

#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "vrs/test/temp_dir.hpp"

namespace vrs::test {

int verify_with_chain(const certs::Certificate& leaf, const std::filesystem::path& chain_file, int purpose,
                      const certs::Crl* crl) {
  auto chain = certs::Certificate::load_bundle(read_text_file(chain_file)).value();
  X509_STORE* store = X509_STORE_new();
  for (const auto& c : chain) X509_STORE_add_cert(store, c.native());
  if (crl != nullptr) {
    X509_STORE_add_crl(store, crl->native());
    X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK);
  }
  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  X509_STORE_CTX_init(ctx, store, leaf.native(), nullptr);
  X509_STORE_CTX_set_purpose(ctx, purpose);
  const int ok = X509_verify_cert(ctx);
  const int err = ok == 1 ? 0 : X509_STORE_CTX_get_error(ctx);
  X509_STORE_CTX_free(ctx);
  X509_STORE_free(store);
  return err;
}

}  // namespace vrs::test
