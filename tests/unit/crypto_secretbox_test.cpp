#include <catch2/catch.hpp>

#include "vrs/crypto/random.hpp"
#include "vrs/crypto/secretbox.hpp"

using namespace vrs::crypto;

namespace {
std::string str(const SecureBuffer& b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }
}  // namespace

TEST_CASE("secretbox round-trips with its key and associated data") {
  const auto key = random_vector(32);
  const auto box = secretbox_encrypt(key, as_bytes("outbox entry"), as_bytes("outbox/v1")).value();
  CHECK(box.size() == 12 + kSecretboxOverhead);
  CHECK(std::string(box.begin(), box.begin() + 4) == "VRSB");
  const auto plain = secretbox_decrypt(key, box, as_bytes("outbox/v1"));
  REQUIRE(plain.has_value());
  CHECK(str(*plain) == "outbox entry");
}

TEST_CASE("secretbox encrypts the same plaintext differently each time") {
  const auto key = random_vector(32);
  CHECK(secretbox_encrypt(key, as_bytes("x")).value() != secretbox_encrypt(key, as_bytes("x")).value());
}

TEST_CASE("secretbox refuses a wrong key, wrong associated data and altered bytes") {
  const auto key = random_vector(32);
  const auto box = secretbox_encrypt(key, as_bytes("secret"), as_bytes("ad")).value();
  CHECK(secretbox_decrypt(random_vector(32), box, as_bytes("ad")).error().code() == vrs::ErrorCode::DataLoss);
  CHECK(secretbox_decrypt(key, box, as_bytes("other")).error().code() == vrs::ErrorCode::DataLoss);
  for (std::size_t i = 5; i < box.size(); ++i) {
    auto tampered = box;
    tampered[i] ^= 0x80;
    CHECK(secretbox_decrypt(key, tampered, as_bytes("ad")).error().code() == vrs::ErrorCode::DataLoss);
  }
}

TEST_CASE("secretbox refuses foreign headers, short boxes and bad key sizes") {
  const auto key = random_vector(32);
  auto box = secretbox_encrypt(key, as_bytes("secret")).value();
  box[4] = 0x02;  // unknown version
  CHECK(secretbox_decrypt(key, box).error().code() == vrs::ErrorCode::InvalidArgument);
  CHECK(secretbox_decrypt(key, Bytes(10, 0)).error().code() == vrs::ErrorCode::InvalidArgument);
  CHECK(secretbox_encrypt(random_vector(16), as_bytes("x")).error().message() ==
        "secretbox key must be 32 bytes, got 16");
}

TEST_CASE("secretbox handles an empty plaintext") {
  const auto key = random_vector(32);
  const auto box = secretbox_encrypt(key, {}).value();
  const auto plain = secretbox_decrypt(key, box);
  REQUIRE(plain.has_value());
  CHECK(plain->empty());
}
