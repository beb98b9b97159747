#include "vrs/crypto/random.hpp"

#include <sodium.h>

#include <array>

#include "vrs/common/assert.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/init.hpp"

namespace vrs::crypto {

void random_bytes(std::span<std::uint8_t> out) {
  // randombytes_buf has no failure mode once libsodium is initialised; without it there is no
  // safe way on: an impossible state for a process that started.
  VRS_ASSERT(init().has_value(), "libsodium not initialised");
  if (!out.empty()) randombytes_buf(out.data(), out.size());
}

Bytes random_vector(std::size_t size) {
  Bytes out(size);
  random_bytes(out);
  return out;
}

Result<SecureBuffer> random_secret(std::size_t size) {
  VRS_TRY(auto buffer, SecureBuffer::allocate(size));
  random_bytes(buffer.span());
  return buffer;
}

std::string random_uuid_v4() {
  std::array<std::uint8_t, 16> b{};
  random_bytes(b);
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0fU) | 0x40U);  // version 4 (RFC 4122 §4.4)
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3fU) | 0x80U);  // variant 10
  const std::string hex = to_hex(b);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20, 12);
}

}  // namespace vrs::crypto
