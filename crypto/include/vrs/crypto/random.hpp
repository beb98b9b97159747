#pragma once
#include <cstddef>
#include <span>
#include <string>

#include "vrs/common/error.hpp"
#include "vrs/crypto/bytes.hpp"
#include "vrs/crypto/secure_buffer.hpp"

namespace vrs::crypto {

/// Fills `out` from the OS CSPRNG (randombytes_buf). Cannot fail once init() succeeded.
void random_bytes(std::span<std::uint8_t> out);
/// `size` random bytes in ordinary memory (salts, nonces, ids).
Bytes random_vector(std::size_t size);
/// `size` random bytes in secure memory (keys).
Result<SecureBuffer> random_secret(std::size_t size);
/// A random RFC 4122 version-4 UUID, lower-case, e.g. "1b4e28ba-2fa1-4d2e-883f-0016d3cca427".
std::string random_uuid_v4();

}  // namespace vrs::crypto
