#pragma once
/// The error vocabulary of VRS: canonical codes (abseil/gRPC style) plus a message for humans.
///
/// Error policy (every module follows it; docs/architecture.md "Errors"):
/// - Expected failures (bad input, network, disk, wrong key, bad certificate, validation)
///   return `vrs::Result<T>`. A failure is made with `vrs::fail(code, message)`; the message
///   names the field and the value (never key material or incident content).
/// - Propagating: `VRS_TRY(auto x, expr);` binds the value of a `Result<T>` or returns its
///   error; `VRS_TRY_VOID(expr);` does the same for a `Result<void>` or a result whose value
///   is not needed. Where the error must be inspected or given context first, hold the
///   result and `return vrs::fail(r.error().with_context("what was being done"));`.
///   No other form (no `tl::unexpected(...)` by hand, no private helpers).
/// - Exceptions only at start-up (configuration, fatal set-up) and inside a module before its
///   public boundary; they never cross an asynchronous boundary. Impossible states inside a
///   module are `VRS_ASSERT` (common/assert.hpp), never reachable from peer input.
/// - Codes map to HTTP statuses in exactly one place, `http_status` below; the server's wire
///   codes (the `code` of a problem+json reply) are one table in the server's API layer.
/// - Command-line tools print one line `<tool>: <command>: <message>` on stderr for a failure
///   and exit 1; usage errors (a flag's value out of range, a missing argument) exit 2.

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

/// Propagate an error from an expression returning a Result; the value, if any, is dropped.
#define VRS_TRY_VOID(expr)                                             \
  do {                                                                 \
    auto&& vrs_try_result_ = (expr);                                   \
    if (!vrs_try_result_) return ::vrs::fail(vrs_try_result_.error()); \
  } while (false)

#define VRS_TRY_CAT2_(a, b) a##b
#define VRS_TRY_CAT_(a, b) VRS_TRY_CAT2_(a, b)
#define VRS_TRY_IMPL_(tmp, lhs, expr)                       \
  auto tmp = (expr);                                        \
  if (!tmp) return ::vrs::fail(std::move(tmp).error());     \
  lhs = std::move(*tmp)

/// `VRS_TRY(auto value, expr);` evaluates `expr` (a `Result<T>`), returns its error from the
/// enclosing function if it failed, and otherwise moves its value into `lhs` (a declaration
/// such as `auto x` / `const auto x`, or an existing variable). One statement; not usable as
/// the body of an unbraced `if`.
#define VRS_TRY(lhs, expr) VRS_TRY_IMPL_(VRS_TRY_CAT_(vrs_try_value_, __LINE__), lhs, expr)
