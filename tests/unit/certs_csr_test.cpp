#include <catch2/catch.hpp>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "vrs/certs/csr.hpp"

using namespace vrs::certs;

TEST_CASE("a CSR round-trips through PEM with its common name") {
  auto key = PrivateKey::generate().value();
  auto csr = Csr::create(key, parse_member_id("THA-RTP").value()).value();
  const auto pem = csr.to_pem();
  CHECK(pem.rfind("-----BEGIN CERTIFICATE REQUEST-----", 0) == 0);
  auto parsed = Csr::from_pem(pem);
  REQUIRE(parsed.has_value());
  CHECK(parsed->common_name() == "THA-RTP");
}

TEST_CASE("garbage, oversized and tampered CSRs are refused") {
  CHECK(Csr::from_pem("hello").error().code() == vrs::ErrorCode::InvalidArgument);
  CHECK(Csr::from_pem(std::string(kMaxCsrPem + 1, 'A')).error().message() == "CSR larger than 16 KiB");
  auto key = PrivateKey::generate().value();
  auto pem = Csr::create(key, parse_member_id("THA-RTP").value()).value().to_pem();
  // Flip a character inside the base64 body near the end (the signature).
  const auto end = pem.find("-----END");
  auto tampered = pem;
  char& c = tampered[end - 10];
  c = c == 'A' ? 'B' : 'A';
  const auto parsed = Csr::from_pem(tampered);
  REQUIRE_FALSE(parsed.has_value());
  CHECK(parsed.error().code() == vrs::ErrorCode::InvalidArgument);
}

TEST_CASE("a CSR with an RSA key is refused") {
  EVP_PKEY* rsa = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048));
  REQUIRE(rsa != nullptr);
  X509_REQ* req = X509_REQ_new();
  X509_REQ_set_pubkey(req, rsa);
  REQUIRE(X509_REQ_sign(req, rsa, EVP_sha256()) > 0);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509_REQ(bio, req);
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  const std::string pem(data, static_cast<std::size_t>(n));
  BIO_free(bio);
  X509_REQ_free(req);
  EVP_PKEY_free(rsa);
  CHECK(Csr::from_pem(pem).error().message() == "CSR key must be ECDSA P-256 or Ed25519");
}
