#include <catch2/catch.hpp>

#include "vrs/crypto/seal.hpp"

using namespace vrs::crypto;

TEST_CASE("a sealed box opens with the recipient's key pair only") {
  auto server = BoxKeyPair::generate().value();
  auto other = BoxKeyPair::generate().value();
  const auto sealed = seal(server.public_key(), as_bytes("payload")).value();
  CHECK(sealed.size() == 7 + 48);
  const auto opened = server.open(sealed);
  REQUIRE(opened.has_value());
  CHECK(std::string(opened->begin(), opened->end()) == "payload");
  const auto wrong = other.open(sealed);
  REQUIRE_FALSE(wrong.has_value());
  CHECK(wrong.error().code() == vrs::ErrorCode::Unauthenticated);
}

TEST_CASE("any flipped bit in a sealed box is detected") {
  auto server = BoxKeyPair::generate().value();
  const auto sealed = seal(server.public_key(), as_bytes("incident batch")).value();
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    auto tampered = sealed;
    tampered[i] ^= 0x01;
    const auto opened = server.open(tampered);
    REQUIRE_FALSE(opened.has_value());
    CHECK(opened.error().code() == vrs::ErrorCode::Unauthenticated);
  }
}

TEST_CASE("a truncated sealed box is refused before decryption") {
  auto server = BoxKeyPair::generate().value();
  const auto opened = server.open(Bytes(47, 0));
  REQUIRE_FALSE(opened.has_value());
  CHECK(opened.error().code() == vrs::ErrorCode::InvalidArgument);
}

TEST_CASE("a key pair rebuilt from its secret key has the same public key") {
  auto pair = BoxKeyPair::generate().value();
  auto again = BoxKeyPair::from_secret(pair.secret_key()).value();
  CHECK(again.public_key() == pair.public_key());
  CHECK_FALSE(BoxKeyPair::from_secret(Bytes(16, 1)).has_value());
}
