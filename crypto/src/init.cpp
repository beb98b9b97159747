#include "vrs/crypto/init.hpp"

#include <sodium.h>

namespace vrs::crypto {

Result<void> init() {
  // sodium_init is thread-safe and returns 1 when already initialised.
  if (sodium_init() < 0) return fail(ErrorCode::Internal, "libsodium could not be initialised");
  return {};
}

}  // namespace vrs::crypto
