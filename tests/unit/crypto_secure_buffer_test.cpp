#include <catch2/catch.hpp>

#include "vrs/crypto/secure_buffer.hpp"

using namespace vrs::crypto;

TEST_CASE("secure buffers start zeroed, copy their input and move cleanly") {
  auto zero = SecureBuffer::allocate(16).value();
  for (auto b : zero.view()) CHECK(b == 0);
  auto copy = SecureBuffer::copy_of(as_bytes("key")).value();
  REQUIRE(copy.size() == 3);
  CHECK(copy.data()[0] == 'k');
  SecureBuffer moved = std::move(copy);
  CHECK(moved.size() == 3);
  CHECK(copy.size() == 0);  // NOLINT(bugprone-use-after-move): moved-from state is defined
  CHECK(copy.data() == nullptr);
  CHECK(SecureBuffer::allocate(0).value().empty());
}

TEST_CASE("wipe zeroes strings and byte spans") {
  std::string secret = "passphrase";
  wipe(secret);
  CHECK(secret.empty());
  std::array<std::uint8_t, 4> bytes{1, 2, 3, 4};
  wipe(bytes);
  CHECK(bytes == std::array<std::uint8_t, 4>{});
}
