#include "vrs/crypto/compare.hpp"

#include <sodium.h>

namespace vrs::crypto {

bool constant_time_equal(ByteView a, ByteView b) noexcept {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace vrs::crypto
