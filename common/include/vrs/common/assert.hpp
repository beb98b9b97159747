#pragma once
/// Assertions for impossible states (programming errors). Never use them on peer-controlled
/// input: that is an error value (see error.hpp).

#include <source_location>
#include <string_view>

namespace vrs::detail {
[[noreturn]] void assertion_failed(std::string_view expr, std::string_view message,
                                   std::source_location where = std::source_location::current());
}

#define VRS_ASSERT(cond, message)                                  \
  do {                                                             \
    if (!(cond)) ::vrs::detail::assertion_failed(#cond, (message)); \
  } while (false)
