#pragma once
#include "vrs/crypto/bytes.hpp"

namespace vrs::crypto {

/// Constant-time equality (sodium_memcmp) for secrets, MACs and hashes. Different lengths
/// compare unequal (the length itself is not secret).
[[nodiscard]] bool constant_time_equal(ByteView a, ByteView b) noexcept;

}  // namespace vrs::crypto
