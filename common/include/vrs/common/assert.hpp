#pragma once
/// Assertions for impossible states (programming errors). Never use them on peer-controlled
/// input: that is an error value (see error.hpp).
/// (__FILE__/__LINE__ rather than std::source_location: clang-14 with libstdc++ 12 lacks it.)

#include <string_view>

namespace vrs::detail {
[[noreturn]] void assertion_failed(std::string_view expr, std::string_view message, const char* file, int line);
}

#define VRS_ASSERT(cond, message)                                                      \
  do {                                                                                 \
    if (!(cond)) ::vrs::detail::assertion_failed(#cond, (message), __FILE__, __LINE__); \
  } while (false)
