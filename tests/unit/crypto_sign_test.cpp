#include <catch2/catch.hpp>

#include <algorithm>

#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/sign.hpp"

using namespace vrs::crypto;

namespace {
template <std::size_t N>
std::array<std::uint8_t, N> arr(const std::string& hex) {
  const auto bytes = from_hex(hex).value();
  REQUIRE(bytes.size() == N);
  std::array<std::uint8_t, N> out{};
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}
}  // namespace

TEST_CASE("Ed25519 reproduces RFC 8032 test 1") {
  const auto seed = from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60").value();
  auto key = SigningKey::from_seed(seed);
  REQUIRE(key.has_value());
  CHECK(to_hex(key->public_key()) == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  const auto sig = key->sign({});
  REQUIRE(sig.has_value());
  CHECK(to_hex(*sig) ==
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  CHECK(verify_signature(key->public_key(), {}, *sig));
}

TEST_CASE("a signature verifies only for its message and key") {
  auto key = SigningKey::generate();
  auto other = SigningKey::generate();
  REQUIRE(key.has_value());
  REQUIRE(other.has_value());
  const auto message = as_bytes("{\"records\":[]}");
  const auto sig = key->sign(message).value();
  CHECK(verify_signature(key->public_key(), message, sig));
  CHECK_FALSE(verify_signature(other->public_key(), message, sig));
  CHECK_FALSE(verify_signature(key->public_key(), as_bytes("{\"records\":[1]}"), sig));
  for (std::size_t bit = 0; bit < sig.size() * 8; bit += 37) {
    auto flipped = sig;
    flipped[bit / 8] = static_cast<std::uint8_t>(flipped[bit / 8] ^ (1U << (bit % 8)));
    CHECK_FALSE(verify_signature(key->public_key(), message, flipped));
  }
}

TEST_CASE("a signing key rebuilt from its seed is the same key") {
  auto key = SigningKey::generate().value();
  auto again = SigningKey::from_seed(key.seed()).value();
  CHECK(again.public_key() == key.public_key());
}

TEST_CASE("a seed of the wrong size is refused") {
  const auto key = SigningKey::from_seed(Bytes(31, 7));
  REQUIRE_FALSE(key.has_value());
  CHECK(key.error().message() == "Ed25519 seed must be 32 bytes, got 31");
  (void)arr<1>("00");
}
