#include <catch2/catch.hpp>

#include "vrs/crypto/compare.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/hash.hpp"

using namespace vrs::crypto;

TEST_CASE("BLAKE2b-256 matches the known digests") {
  CHECK(to_hex(blake2b_256(as_bytes(""))) == "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  CHECK(to_hex(blake2b_256(as_bytes("abc"))) == "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

TEST_CASE("SHA-256 matches the FIPS 180 test vector") {
  CHECK(to_hex(sha256(as_bytes("abc"))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("incremental BLAKE2b equals the one-shot digest") {
  Blake2b256 h;
  h.update(as_bytes("a")).update(as_bytes("bc"));
  CHECK(h.finish() == blake2b_256(as_bytes("abc")));
}

TEST_CASE("framed hashing separates field boundaries") {
  Blake2b256 a;
  a.update_framed(as_bytes("ab")).update_framed(as_bytes("c"));
  Blake2b256 b;
  b.update_framed(as_bytes("a")).update_framed(as_bytes("bc"));
  CHECK(a.finish() != b.finish());
}

TEST_CASE("keyed BLAKE2b depends on the key and checks its length") {
  const Bytes key1(32, 0x01);
  const Bytes key2(32, 0x02);
  const auto h1 = blake2b_256_keyed(key1, as_bytes("AUS/2024/0001"));
  const auto h2 = blake2b_256_keyed(key2, as_bytes("AUS/2024/0001"));
  REQUIRE(h1.has_value());
  REQUIRE(h2.has_value());
  CHECK(*h1 != *h2);
  CHECK(*h1 == blake2b_256_keyed(key1, as_bytes("AUS/2024/0001")).value());
  const auto short_key = blake2b_256_keyed(Bytes(8, 1), as_bytes("x"));
  REQUIRE_FALSE(short_key.has_value());
  CHECK(short_key.error().message() == "BLAKE2b key must be 16 to 64 bytes, got 8");
  CHECK_FALSE(blake2b_256_keyed(Bytes(65, 1), as_bytes("x")).has_value());
}

TEST_CASE("constant_time_equal compares contents and lengths") {
  const Bytes a{1, 2, 3};
  CHECK(constant_time_equal(a, Bytes{1, 2, 3}));
  CHECK_FALSE(constant_time_equal(a, Bytes{1, 2, 4}));
  CHECK_FALSE(constant_time_equal(a, Bytes{1, 2}));
  CHECK(constant_time_equal(Bytes{}, Bytes{}));
}

TEST_CASE("SipHash-2-4 matches the reference vector and checks its key length") {
  Bytes key(16);
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i);
  // The reference implementation's first vector (empty message): bytes 31 0e 0e dd 47 db 6f 72.
  CHECK(short_hash(key, Bytes{}).value() == 0x726fdb47dd0e0e31ULL);
  CHECK(short_hash(key, as_bytes("a")).value() != short_hash(key, as_bytes("b")).value());
  const auto bad = short_hash(Bytes(32, 1), as_bytes("x"));
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message() == "SipHash key must be 16 bytes, got 32");
}
