#pragma once
/// The one way VRS turns OpenSSL's (thread-local) error queue into a vrs::Error; used by
/// vrs_certs and vrs_tls after every OpenSSL call that failed.

#include <string_view>

#include "vrs/common/error.hpp"

namespace vrs::crypto {

/// Drains this thread's OpenSSL error queue into one message: "<what>: <reason>; <reason>"
/// (just "<what>" when the queue is empty). The queue is empty afterwards, so a later call
/// does not report stale reasons. Use as `return fail(crypto::openssl_error(code, "what"));`.
Error openssl_error(ErrorCode code, std::string_view what);

}  // namespace vrs::crypto
