#include "vrs/schema/terminal_text.hpp"

#include "detail/text.hpp"

namespace vrs::schema {
namespace {

// True for a control character: C0 and DEL (one byte), C1 (encoded as C2 80..C2 9F).
bool is_control(std::string_view sequence) noexcept {
  const auto b0 = static_cast<unsigned char>(sequence[0]);
  if (sequence.size() == 1) return b0 < 0x20 || b0 == 0x7F;
  return sequence.size() == 2 && b0 == 0xC2 && static_cast<unsigned char>(sequence[1]) <= 0x9F;
}

}  // namespace

std::string terminal_safe(std::string_view text, std::size_t max_bytes) {
  std::string out;
  out.reserve(text.size() < max_bytes ? text.size() : max_bytes + 3);
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = detail::utf8_sequence(text, i);
    const std::size_t taken = length == 0 ? 1 : length;  // a malformed byte stands alone
    if (i + taken > max_bytes) {
      out += "...";
      break;
    }
    const std::string_view sequence = text.substr(i, taken);
    if (length == 0 || is_control(sequence)) {
      out += '?';
    } else {
      out += sequence;
    }
    i += taken;
  }
  return out;
}

}  // namespace vrs::schema
