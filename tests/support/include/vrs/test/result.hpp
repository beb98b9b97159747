#pragma once
/// Reading a vrs::Result in an assertion without undefined behaviour: calling error() on a
/// value is undefined, so these return a marker that makes the comparison fail instead.

#include <string>

#include "vrs/common/error.hpp"

namespace vrs::test {

/// The error message of a result, or "<succeeded>" if it holds a value.
template <typename T>
std::string err(const vrs::Result<T>& r) {
  return r ? std::string("<succeeded>") : r.error().message();
}

/// The error code of a result, or an out-of-range code if it holds a value.
template <typename T>
vrs::ErrorCode code_of(const vrs::Result<T>& r) {
  return r ? static_cast<vrs::ErrorCode>(-1) : r.error().code();
}

}  // namespace vrs::test
