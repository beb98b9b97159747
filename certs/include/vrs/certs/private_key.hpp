#pragma once
/// Private keys for TLS and certificate signing (OpenSSL EVP_PKEY): ECDSA P-256 (default) or
/// Ed25519. Written as unencrypted PKCS#8 PEM to 0600 files; never printed or logged.

#include <filesystem>
#include <memory>
#include <string>

#include "vrs/certs/openssl_ptr.hpp"
#include "vrs/common/error.hpp"
#include "vrs/crypto/bytes.hpp"

namespace vrs::certs {

enum class KeyType { EcdsaP256, Ed25519 };

class PrivateKey {
 public:
  static Result<PrivateKey> generate(KeyType type = KeyType::EcdsaP256);
  /// Reads a PEM private key; the file must be 0600 (see crypto::read_secret_file).
  static Result<PrivateKey> load(const std::filesystem::path& path);
  static Result<PrivateKey> from_pem(std::string_view pem);

  /// Writes PKCS#8 PEM, mode 0600, refusing to overwrite an existing file.
  [[nodiscard]] Result<void> save(const std::filesystem::path& path) const;
  /// DER SubjectPublicKeyInfo of the public half.
  [[nodiscard]] Result<crypto::Bytes> public_key_der() const;
  [[nodiscard]] KeyType type() const noexcept { return type_; }

  /// Borrowed handle for the rest of the certs module and TLS set-up. Never null.
  [[nodiscard]] EVP_PKEY* native() const noexcept { return key_.get(); }

 private:
  PrivateKey(EVP_PKEY* key, KeyType type) : key_(key), type_(type) {}
  OpensslPtr<EVP_PKEY> key_;
  KeyType type_;
};

}  // namespace vrs::certs
