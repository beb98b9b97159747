#include <catch2/catch.hpp>

#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "vrs/certs/authority.hpp"

using namespace vrs::certs;
using namespace std::chrono_literals;

namespace {

struct Pki {
  PrivateKey root_key = PrivateKey::generate().value();
  Certificate root = make_root_ca(root_key, "VRS Root CA", Validity::from_now(std::chrono::days(3650))).value();
  PrivateKey issuing_key = PrivateKey::generate().value();
  Certificate issuing =
      make_issuing_ca(root, root_key, issuing_key, "VRS Issuing CA", Validity::from_now(std::chrono::days(1825))).value();
};

// OpenSSL's own verifier with the given purpose; returns the X509_V_ code (0 = ok).
int verify_chain(const Certificate& leaf, const Pki& pki, int purpose) {
  X509_STORE* store = X509_STORE_new();
  X509_STORE_add_cert(store, pki.root.native());
  STACK_OF(X509)* untrusted = sk_X509_new_null();
  sk_X509_push(untrusted, pki.issuing.native());
  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  X509_STORE_CTX_init(ctx, store, leaf.native(), untrusted);
  X509_STORE_CTX_set_purpose(ctx, purpose);
  const int ok = X509_verify_cert(ctx);
  const int err = ok == 1 ? 0 : X509_STORE_CTX_get_error(ctx);
  X509_STORE_CTX_free(ctx);
  sk_X509_free(untrusted);
  X509_STORE_free(store);
  return err;
}

MemberId member(const char* text) { return parse_member_id(text).value(); }

}  // namespace

TEST_CASE("root and issuing CA form a chain with CA constraints") {
  Pki pki;
  CHECK(pki.root.is_ca());
  CHECK(pki.issuing.is_ca());
  CHECK(pki.root.subject() == pki.root.issuer());
  CHECK(pki.issuing.issuer() == pki.root.subject());
  CHECK(pki.issuing.common_name() == "VRS Issuing CA");
  CHECK_FALSE(pki.root.identity().has_value());
}

TEST_CASE("a member certificate binds member id and role and verifies as a TLS client") {
  Pki pki;
  auto key = PrivateKey::generate().value();
  auto csr = Csr::create(key, member("AUS-ABF")).value();
  const Identity who{member("AUS-ABF"), Role::Reporter};
  auto cert = sign_member_csr(pki.issuing, pki.issuing_key, csr, who, Validity::from_now(kDefaultLeafValidity)).value();
  CHECK(cert.identity() == who);
  CHECK(cert.common_name() == "AUS-ABF");
  CHECK(cert.subject().find("OU=reporter") != std::string::npos);
  CHECK_FALSE(cert.is_ca());
  CHECK(verify_chain(cert, pki, X509_PURPOSE_SSL_CLIENT) == 0);
  CHECK(verify_chain(cert, pki, X509_PURPOSE_SSL_SERVER) == X509_V_ERR_INVALID_PURPOSE);
  const auto days = std::chrono::duration_cast<std::chrono::days>(cert.not_after() - cert.not_before());
  CHECK(days.count() == 397);
  CHECK(cert.fingerprint_sha256().size() == 64);
  CHECK(cert.serial_hex().size() <= 32);
  CHECK(cert.serial_hex().front() != '0');
}

TEST_CASE("the authority binds the identity it is told, not the one the CSR claims") {
  Pki pki;
  auto key = PrivateKey::generate().value();
  auto csr = Csr::create(key, member("AUS-ADMIN")).value();
  const Identity who{member("IDN-POLRI"), Role::Analyst};
  auto cert = sign_member_csr(pki.issuing, pki.issuing_key, csr, who, Validity::from_now(30 * 24h / 24h * std::chrono::days(1))).value();
  CHECK(cert.identity() == who);
  CHECK(cert.common_name() == "IDN-POLRI");
}

TEST_CASE("Ed25519 member keys are accepted") {
  Pki pki;
  auto key = PrivateKey::generate(KeyType::Ed25519).value();
  auto csr = Csr::from_pem(Csr::create(key, member("NZL-MBIE")).value().to_pem()).value();
  auto cert = sign_member_csr(pki.issuing, pki.issuing_key, csr, {member("NZL-MBIE"), Role::Admin},
                              Validity::from_now(kDefaultLeafValidity)).value();
  CHECK(verify_chain(cert, pki, X509_PURPOSE_SSL_CLIENT) == 0);
}

TEST_CASE("signing refuses a mismatched issuer key, a non-CA issuer and over-long validity") {
  Pki pki;
  auto key = PrivateKey::generate().value();
  auto csr = Csr::create(key, member("AUS-ABF")).value();
  const Identity who{member("AUS-ABF"), Role::Reporter};
  const auto mismatched = sign_member_csr(pki.issuing, pki.root_key, csr, who, Validity::from_now(kDefaultLeafValidity));
  REQUIRE_FALSE(mismatched.has_value());
  CHECK(mismatched.error().message() == "the issuer key does not belong to the issuer certificate");
  auto leaf = sign_member_csr(pki.issuing, pki.issuing_key, csr, who, Validity::from_now(kDefaultLeafValidity)).value();
  const auto non_ca = sign_member_csr(leaf, key, csr, who, Validity::from_now(kDefaultLeafValidity));
  REQUIRE_FALSE(non_ca.has_value());
  CHECK(non_ca.error().message() == "the issuer certificate is not a CA");
  const auto too_long = sign_member_csr(pki.issuing, pki.issuing_key, csr, who, Validity::from_now(std::chrono::days(900)));
  REQUIRE_FALSE(too_long.has_value());
  CHECK(too_long.error().message() == "member certificate validity exceeds 825 days");
}

TEST_CASE("a server certificate carries DNS and IP names and verifies as a TLS server") {
  Pki pki;
  auto key = PrivateKey::generate().value();
  auto cert = make_server_certificate(pki.issuing, pki.issuing_key, key, {"vrs.example.org", "127.0.0.1"},
                                      Validity::from_now(kDefaultLeafValidity)).value();
  CHECK(cert.alt_names() == std::vector<std::string>{"vrs.example.org", "127.0.0.1"});
  CHECK(verify_chain(cert, pki, X509_PURPOSE_SSL_SERVER) == 0);
  CHECK(verify_chain(cert, pki, X509_PURPOSE_SSL_CLIENT) == X509_V_ERR_INVALID_PURPOSE);
  CHECK_FALSE(cert.identity().has_value());
}

TEST_CASE("server certificates refuse empty and malformed names") {
  Pki pki;
  auto key = PrivateKey::generate().value();
  CHECK(make_server_certificate(pki.issuing, pki.issuing_key, key, {}, Validity::from_now(kDefaultLeafValidity))
            .error().message() == "a server certificate needs at least one DNS name or IP address");
  CHECK(make_server_certificate(pki.issuing, pki.issuing_key, key, {"bad name,DNS:evil"}, Validity::from_now(kDefaultLeafValidity))
            .error().message() == "server name \"bad name,DNS:evil\" is neither a DNS name nor an IP address");
}

TEST_CASE("an expired member certificate fails OpenSSL verification") {
  Pki pki;
  auto key = PrivateKey::generate().value();
  auto csr = Csr::create(key, member("AUS-ABF")).value();
  const auto now = std::chrono::system_clock::now();
  auto cert = sign_member_csr(pki.issuing, pki.issuing_key, csr, {member("AUS-ABF"), Role::Reporter},
                              {now - std::chrono::days(10), now - std::chrono::days(1)}).value();
  CHECK(verify_chain(cert, pki, X509_PURPOSE_SSL_CLIENT) == X509_V_ERR_CERT_HAS_EXPIRED);
  CHECK_FALSE(make_root_ca(pki.root_key, "x", {now, now - 1h}).has_value());
}

TEST_CASE("serials print as lower-case hex without leading zeros, for any serial") {
  Pki pki;
  auto key = PrivateKey::generate().value();
  auto csr = Csr::create(key, member("AUS-ABF")).value();
  // 64 certificates: with 128 random bits, about four start with a zero nibble.
  for (int i = 0; i < 64; ++i) {
    auto cert = sign_member_csr(pki.issuing, pki.issuing_key, csr, {member("AUS-ABF"), Role::Reporter},
                                Validity::from_now(kDefaultLeafValidity)).value();
    const auto serial = cert.serial_hex();
    CHECK(serial.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(serial.front() != '0');
    CHECK(serial.size() <= 32);
  }
}
