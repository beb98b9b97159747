#include "vrs/certs/private_key.hpp"

#include <openssl/pem.h>

#include "ossl.hpp"
#include "vrs/crypto/key_file.hpp"

namespace vrs::certs {

namespace {
Result<KeyType> type_of(EVP_PKEY* key) {
  if (EVP_PKEY_is_a(key, "ED25519") == 1) return KeyType::Ed25519;
  if (EVP_PKEY_is_a(key, "EC") == 1) {
    char group[64] = {};
    size_t len = 0;
    if (EVP_PKEY_get_utf8_string_param(key, "group", group, sizeof group, &len) == 1 &&
        std::string_view(group) == "prime256v1") {
      return KeyType::EcdsaP256;
    }
  }
  return fail(ErrorCode::InvalidArgument, "private key is neither ECDSA P-256 nor Ed25519");
}
}  // namespace

Result<PrivateKey> PrivateKey::generate(KeyType type) {
  EVP_PKEY* key = type == KeyType::Ed25519 ? EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519")
                                           : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  if (key == nullptr) return fail(crypto::openssl_error(ErrorCode::Internal, "key generation failed"));
  return PrivateKey(key, type);
}

Result<PrivateKey> PrivateKey::from_pem(std::string_view pem) {
  VRS_TRY(auto key, ossl::read_pem(pem, PEM_read_bio_PrivateKey, "not a PEM private key"));
  VRS_TRY(const auto type, type_of(key.get()));
  return PrivateKey(key.release(), type);
}

Result<PrivateKey> PrivateKey::load(const std::filesystem::path& path) {
  VRS_TRY(auto bytes, crypto::read_secret_file(path, 64 * 1024));
  auto key = from_pem({reinterpret_cast<const char*>(bytes.data()), bytes.size()});
  if (!key) return fail(key.error().with_context(path.string()));
  return key;
}

Result<void> PrivateKey::save(const std::filesystem::path& path) const {
  ossl::Bio bio(BIO_new(BIO_s_secmem()));
  if (!bio) return fail(crypto::openssl_error(ErrorCode::Internal, "BIO_new"));
  if (PEM_write_bio_PKCS8PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return fail(crypto::openssl_error(ErrorCode::Internal, "cannot encode private key"));
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  if (size <= 0) return fail(ErrorCode::Internal, "empty private key encoding");
  // The secure-memory BIO zeroes its buffer when freed.
  return crypto::write_secret_file(path, {reinterpret_cast<const std::uint8_t*>(data), static_cast<std::size_t>(size)});
}

Result<crypto::Bytes> PrivateKey::public_key_der() const {
  unsigned char* der = nullptr;
  const int len = i2d_PUBKEY(key_.get(), &der);
  if (len <= 0) return fail(crypto::openssl_error(ErrorCode::Internal, "cannot encode public key"));
  crypto::Bytes out(der, der + len);
  OPENSSL_free(der);
  return out;
}

}  // namespace vrs::certs
