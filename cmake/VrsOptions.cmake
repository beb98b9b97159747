# Warnings, sanitizers and hardening as interface targets (cpp-best-practices style).
add_library(vrs_warnings INTERFACE)
target_compile_options(vrs_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
  -Wno-sign-conversion -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual
  -Wformat=2 -Wimplicit-fallthrough)
if(VRS_WERROR)
  target_compile_options(vrs_warnings INTERFACE -Werror)
endif()

add_library(vrs_hardening INTERFACE)
if(CMAKE_BUILD_TYPE STREQUAL "Release" OR CMAKE_BUILD_TYPE STREQUAL "RelWithDebInfo")
  target_compile_options(vrs_hardening INTERFACE -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=3
    -fstack-protector-strong -fstack-clash-protection -fcf-protection)
  target_link_options(vrs_hardening INTERFACE -Wl,-z,relro -Wl,-z,now)
  set(CMAKE_POSITION_INDEPENDENT_CODE ON)
endif()

if(VRS_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

if(VRS_FUZZ AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "VRS_FUZZ needs clang (use the 'asan' preset, which uses clang-14)")
endif()

# Library targets get warnings + hardening; third-party headers are SYSTEM includes.
function(vrs_target_defaults target)
  target_link_libraries(${target} PRIVATE vrs_warnings vrs_hardening)
endfunction()
