#include <catch2/catch.hpp>

#include "vrs/crypto/kdf.hpp"

using namespace vrs::crypto;

namespace {
Bytes copy(const SecureBuffer& b) { return {b.view().begin(), b.view().end()}; }
}  // namespace

TEST_CASE("Argon2id derivation is deterministic for the same passphrase and parameters") {
  const auto params = KdfParams::generate_minimum_for_tests();
  const auto a = derive_key(as_bytes("correct horse"), params, 32);
  const auto b = derive_key(as_bytes("correct horse"), params, 32);
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  CHECK(a->size() == 32);
  CHECK(copy(*a) == copy(*b));
}

TEST_CASE("Argon2id output changes with passphrase and salt") {
  const auto params = KdfParams::generate_minimum_for_tests();
  auto other_salt = params;
  other_salt.salt[0] ^= 1;
  const auto base = copy(derive_key(as_bytes("pass one"), params, 32).value());
  CHECK(base != copy(derive_key(as_bytes("pass two"), params, 32).value()));
  CHECK(base != copy(derive_key(as_bytes("pass one"), other_salt, 32).value()));
}

TEST_CASE("KDF parameters survive encode/decode") {
  const auto params = KdfParams::generate_moderate();
  const auto text = params.encode();
  CHECK(text.rfind("argon2id$v=19$m=262144,t=3,p=1$", 0) == 0);
  const auto decoded = KdfParams::decode(text + "\n");
  REQUIRE(decoded.has_value());
  CHECK(decoded->opslimit == params.opslimit);
  CHECK(decoded->memlimit == params.memlimit);
  CHECK(decoded->salt == params.salt);
}

TEST_CASE("malformed KDF parameters are refused") {
  auto text = GENERATE(as<std::string>{}, "", "scrypt$N=16384", "argon2id$v=19$m=x,t=3,p=1$AAAAAAAAAAAAAAAAAAAAAA==",
                       "argon2id$v=19$m=262144,t=0,p=1$AAAAAAAAAAAAAAAAAAAAAA==",
                       "argon2id$v=19$m=1,t=3,p=1$AAAAAAAAAAAAAAAAAAAAAA==",
                       "argon2id$v=19$m=262144,t=3,p=1$AAAA", "argon2id$v=19$m=262144,t=3,p=4$AAAAAAAAAAAAAAAAAAAAAA==");
  const auto decoded = KdfParams::decode(text);
  REQUIRE_FALSE(decoded.has_value());
  CHECK(decoded.error().code() == vrs::ErrorCode::InvalidArgument);
}

TEST_CASE("derive_key refuses an empty passphrase and bad output sizes") {
  const auto params = KdfParams::generate_minimum_for_tests();
  CHECK(derive_key({}, params, 32).error().message() == "passphrase is empty");
  CHECK_FALSE(derive_key(as_bytes("x"), params, 8).has_value());
  CHECK_FALSE(derive_key(as_bytes("x"), params, 65).has_value());
  CHECK_FALSE(derive_key(as_bytes("x"), KdfParams{}, 32).has_value());
}
