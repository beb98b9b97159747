#include "vrs/crypto/openssl_error.hpp"

#include <openssl/err.h>

#include <array>
#include <string>

namespace vrs::crypto {

Error openssl_error(ErrorCode code, std::string_view what) {
  std::string message(what);
  unsigned long e = 0;
  bool first = true;
  while ((e = ERR_get_error()) != 0) {
    std::array<char, 256> buf{};
    ERR_error_string_n(e, buf.data(), buf.size());
    message += first ? ": " : "; ";
    message += buf.data();
    first = false;
  }
  return {code, std::move(message)};
}

}  // namespace vrs::crypto
