#include "vrs/crypto/encoding.hpp"

#include <sodium.h>

#include "vrs/crypto/init.hpp"

namespace vrs::crypto {
namespace {

// sodium_hex2bin stops at the first non-hex character; we require that it consumed all.
Result<std::size_t> decode_hex_into(std::string_view hex, std::span<std::uint8_t> out) {
  if (hex.size() % 2 != 0) return fail(ErrorCode::InvalidArgument, "hex text has an odd number of digits");
  if (hex.empty()) return std::size_t{0};  // libsodium's arguments are declared non-null
  std::size_t written = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &written, &end) != 0 ||
      end != hex.data() + hex.size() || written != hex.size() / 2) {
    return fail(ErrorCode::InvalidArgument, "text is not hexadecimal");
  }
  return written;
}

}  // namespace

std::string to_hex(ByteView bytes) {
  if (bytes.empty()) return {};
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
  out.pop_back();  // the terminating NUL
  return out;
}

Result<Bytes> from_hex(std::string_view hex) {
  VRS_TRY_VOID(init());
  Bytes out(hex.size() / 2);
  VRS_TRY_VOID(decode_hex_into(hex, out));
  return out;
}

Result<SecureBuffer> secret_from_hex(std::string_view hex) {
  VRS_TRY(auto out, SecureBuffer::allocate(hex.size() / 2));
  VRS_TRY_VOID(decode_hex_into(hex, out.span()));
  return out;
}

std::string to_base64(ByteView bytes) {
  if (bytes.empty()) return {};
  const std::size_t size = sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  std::string out(size, '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.pop_back();
  return out;
}

Result<Bytes> from_base64(std::string_view text) {
  VRS_TRY_VOID(init());
  if (text.empty()) return Bytes{};
  Bytes out(text.size() / 4 * 3 + 3);
  std::size_t written = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &written, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return fail(ErrorCode::InvalidArgument, "text is not standard base64");
  }
  out.resize(written);
  return out;
}

}  // namespace vrs::crypto
