#pragma once
/// Text from outside (a certificate request, a server reply) made safe to print on a terminal:
/// it cannot move the cursor, change colours or send escape sequences.

#include <cstddef>
#include <string>
#include <string_view>

namespace vrs::schema {

/// `text` with every C0 control (U+0000..U+001F), DEL, C1 control (U+0080..U+009F) and every
/// byte that is not part of well-formed UTF-8 replaced by '?'. Other UTF-8 and printable ASCII
/// stay as they are. At most `max_bytes` bytes of `text` are kept, cut on a code-point
/// boundary; "..." is appended when anything was cut.
std::string terminal_safe(std::string_view text, std::size_t max_bytes);

}  // namespace vrs::schema
