#pragma once
/// Hex and base64 via libsodium's constant-time codecs (safe for secrets).

#include <string>
#include <string_view>

#include "vrs/common/error.hpp"
#include "vrs/crypto/bytes.hpp"
#include "vrs/crypto/secure_buffer.hpp"

namespace vrs::crypto {

/// Lower-case hex.
std::string to_hex(ByteView bytes);
/// Decodes hex (either case, no separators, even length). InvalidArgument otherwise.
Result<Bytes> from_hex(std::string_view hex);
/// Decodes hex straight into secure memory (for key files).
Result<SecureBuffer> secret_from_hex(std::string_view hex);

/// Standard base64 (RFC 4648 §4) with padding.
std::string to_base64(ByteView bytes);
/// Decodes standard base64 with padding; InvalidArgument on anything else.
Result<Bytes> from_base64(std::string_view text);

}  // namespace vrs::crypto
