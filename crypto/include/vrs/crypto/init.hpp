#pragma once
#include "vrs/common/error.hpp"

namespace vrs::crypto {

/// Initialises libsodium (sodium_init). Idempotent and thread-safe; every other function in
/// this module calls it, so callers only need it to fail early at start-up.
/// Fails with Internal if libsodium cannot initialise (no entropy source).
Result<void> init();

}  // namespace vrs::crypto
