#include "vrs/common/error.hpp"

#include <cstdio>
#include <cstdlib>

#include "vrs/common/assert.hpp"

namespace vrs {

std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::InvalidArgument: return "invalid_argument";
    case ErrorCode::Unauthenticated: return "unauthenticated";
    case ErrorCode::PermissionDenied: return "permission_denied";
    case ErrorCode::NotFound: return "not_found";
    case ErrorCode::AlreadyExists: return "already_exists";
    case ErrorCode::Conflict: return "conflict";
    case ErrorCode::ResourceExhausted: return "resource_exhausted";
    case ErrorCode::FailedPrecondition: return "failed_precondition";
    case ErrorCode::Unavailable: return "unavailable";
    case ErrorCode::DeadlineExceeded: return "deadline_exceeded";
    case ErrorCode::DataLoss: return "data_loss";
    case ErrorCode::Internal: return "internal";
  }
  return "internal";
}

int http_status(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::InvalidArgument: return 400;
    case ErrorCode::Unauthenticated: return 401;
    case ErrorCode::PermissionDenied: return 403;
    case ErrorCode::NotFound: return 404;
    case ErrorCode::AlreadyExists: return 409;
    case ErrorCode::Conflict: return 409;
    case ErrorCode::ResourceExhausted: return 429;
    case ErrorCode::FailedPrecondition: return 412;
    case ErrorCode::Unavailable: return 503;
    case ErrorCode::DeadlineExceeded: return 408;
    case ErrorCode::DataLoss: return 500;
    case ErrorCode::Internal: return 500;
  }
  return 500;
}

Error Error::with_context(std::string_view prefix) const {
  std::string message(prefix);
  message += ": ";
  message += message_;
  return {code_, std::move(message)};
}

namespace detail {
void assertion_failed(std::string_view expr, std::string_view message, const char* file, int line) {
  std::fprintf(stderr, "vrs: assertion failed at %s:%d: %.*s (%.*s)\n", file, line, static_cast<int>(expr.size()), expr.data(),
               static_cast<int>(message.size()), message.data());
  std::abort();
}
}  // namespace detail

}  // namespace vrs
