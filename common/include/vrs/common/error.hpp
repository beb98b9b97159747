#pragma once
/// The error vocabulary of VRS: canonical codes (abseil/gRPC style) plus a message for humans.
/// Expected failures travel as `vrs::Result<T>`; exceptions are only for start-up and for
/// impossible states inside a module.

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace vrs {

enum class ErrorCode {
  InvalidArgument,
  Unauthenticated,
  PermissionDenied,
  NotFound,
  AlreadyExists,
  Conflict,
  ResourceExhausted,
  FailedPrecondition,
  Unavailable,
  DeadlineExceeded,
  DataLoss,
  Internal,
};

/// Stable lower_snake name of a code, used in problem+json `code` fields and logs.
std::string_view to_string(ErrorCode code) noexcept;

/// The HTTP status for a code. The only place where codes map to statuses.
int http_status(ErrorCode code) noexcept;

class Error {
 public:
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  [[nodiscard]] ErrorCode code() const noexcept { return code_; }
  [[nodiscard]] const std::string& message() const noexcept { return message_; }

  /// A copy with `prefix: ` in front of the message (adds context on the way up).
  [[nodiscard]] Error with_context(std::string_view prefix) const;

  friend bool operator==(const Error&, const Error&) = default;

 private:
  ErrorCode code_;
  std::string message_;
};

template <typename T>
using Result = tl::expected<T, Error>;

/// Shorthand: `return vrs::fail(ErrorCode::NotFound, "member AUS-ABF");`
inline tl::unexpected<Error> fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error(code, std::move(message)));
}
inline tl::unexpected<Error> fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

}  // namespace vrs

/// Propagate an error from an expression returning Result<T>; yields nothing.
#define VRS_TRY_VOID(expr)                                      \
  do {                                                          \
    auto&& vrs_try_result_ = (expr);                            \
    if (!vrs_try_result_) return ::vrs::fail(vrs_try_result_.error()); \
  } while (false)
