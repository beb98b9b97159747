#include "secret_hex.hpp"

#include <algorithm>

namespace vrs::db::detail {
namespace {

// 0..15 -> '0'..'9','a'..'f' without branching on the (secret) value.
char hex_digit(unsigned nibble) noexcept {
  // 'a' - 10 = 87, so 87 + n is right for n >= 10; for n < 10 add (48 - 87) mod 256 = 0xd9.
  const unsigned below_ten = ((nibble - 10u) >> 8u) & 0xffu;  // 0xff if nibble < 10, else 0
  return static_cast<char>((87u + nibble + (below_ten & 0xd9u)) & 0xffu);
}

}  // namespace

Result<crypto::SecureBuffer> secret_to_hex(crypto::ByteView bytes, std::string_view prefix, std::string_view suffix) {
  auto out = crypto::SecureBuffer::allocate(prefix.size() + bytes.size() * 2 + suffix.size());
  if (!out) return out;
  auto* p = out->data();
  p = std::copy(prefix.begin(), prefix.end(), p);
  for (const std::uint8_t b : bytes) {
    *p++ = static_cast<std::uint8_t>(hex_digit(b >> 4u));
    *p++ = static_cast<std::uint8_t>(hex_digit(b & 0x0fu));
  }
  std::copy(suffix.begin(), suffix.end(), p);
  return out;
}

}  // namespace vrs::db::detail
