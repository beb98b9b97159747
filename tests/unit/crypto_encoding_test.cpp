#include <catch2/catch.hpp>

#include "vrs/crypto/encoding.hpp"

using namespace vrs::crypto;

TEST_CASE("hex round-trips and is lower case") {
  const Bytes bytes{0x00, 0x01, 0xab, 0xff};
  CHECK(to_hex(bytes) == "0001abff");
  CHECK(from_hex("0001ABff").value() == bytes);
  CHECK(from_hex("").value().empty());
  CHECK(to_hex(Bytes{}).empty());
  CHECK(to_base64(Bytes{}).empty());
  CHECK(from_base64("").value().empty());
}

TEST_CASE("hex decoding rejects malformed text") {
  auto text = GENERATE(as<std::string>{}, "abc", "zz", "00 11", "0x00", "00g0", "0011\n");
  const auto decoded = from_hex(text);
  REQUIRE_FALSE(decoded.has_value());
  CHECK(decoded.error().code() == vrs::ErrorCode::InvalidArgument);
}

TEST_CASE("secret_from_hex decodes into secure memory") {
  auto secret = secret_from_hex("00ff10");
  REQUIRE(secret.has_value());
  REQUIRE(secret->size() == 3);
  CHECK(secret->data()[1] == 0xff);
  CHECK_FALSE(secret_from_hex("0g").has_value());
}

TEST_CASE("base64 follows the RFC 4648 test vectors") {
  auto [plain, encoded] = GENERATE(table<std::string, std::string>({
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}}));
  CHECK(to_base64(as_bytes(plain)) == encoded);
  const auto decoded = from_base64(encoded);
  REQUIRE(decoded.has_value());
  CHECK(std::string(decoded->begin(), decoded->end()) == plain);
}

TEST_CASE("base64 decoding rejects malformed text") {
  auto text = GENERATE(as<std::string>{}, "Zg", "Zg=", "Z===", "Zm9v!", "Zm9v\n", "Zm9v_-");
  const auto decoded = from_base64(text);
  REQUIRE_FALSE(decoded.has_value());
  CHECK(decoded.error().code() == vrs::ErrorCode::InvalidArgument);
}
