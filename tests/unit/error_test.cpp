#include <catch2/catch.hpp>

#include "vrs/common/error.hpp"
#include "vrs/common/logging.hpp"

using vrs::ErrorCode;

TEST_CASE("every error code maps to one stable name and one HTTP status") {
  auto [code, name, status] = GENERATE(table<ErrorCode, std::string_view, int>({
      {ErrorCode::InvalidArgument, "invalid_argument", 400},
      {ErrorCode::Unauthenticated, "unauthenticated", 401},
      {ErrorCode::PermissionDenied, "permission_denied", 403},
      {ErrorCode::NotFound, "not_found", 404},
      {ErrorCode::AlreadyExists, "already_exists", 409},
      {ErrorCode::Conflict, "conflict", 409},
      {ErrorCode::ResourceExhausted, "resource_exhausted", 429},
      {ErrorCode::FailedPrecondition, "failed_precondition", 412},
      {ErrorCode::Unavailable, "unavailable", 503},
      {ErrorCode::DeadlineExceeded, "deadline_exceeded", 408},
      {ErrorCode::DataLoss, "data_loss", 500},
      {ErrorCode::Internal, "internal", 500},
  }));
  CHECK(vrs::to_string(code) == name);
  CHECK(vrs::http_status(code) == status);
}

TEST_CASE("Error::with_context prefixes the message and keeps the code") {
  const vrs::Error error(ErrorCode::NotFound, "member AUS-ABF");
  const auto wrapped = error.with_context("revoke");
  CHECK(wrapped.code() == ErrorCode::NotFound);
  CHECK(wrapped.message() == "revoke: member AUS-ABF");
}

namespace {
vrs::Result<int> half(int x) {
  if (x % 2 != 0) return vrs::fail(ErrorCode::InvalidArgument, std::to_string(x) + " is odd");
  return x / 2;
}
vrs::Result<void> quarter_ok(int x) {
  VRS_TRY_VOID(half(x));
  VRS_TRY_VOID(half(x / 2));
  return {};
}
}  // namespace

TEST_CASE("Result carries a value or an error, and VRS_TRY_VOID propagates the first error") {
  REQUIRE(half(8).value() == 4);
  const auto bad = half(3);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().code() == ErrorCode::InvalidArgument);
  CHECK(bad.error().message() == "3 is odd");
  CHECK(quarter_ok(8).has_value());
  const auto propagated = quarter_ok(6);
  REQUIRE_FALSE(propagated.has_value());
  CHECK(propagated.error().message() == "3 is odd");
}

TEST_CASE("log levels parse from their names and reject anything else") {
  vrs::LogLevel level = vrs::LogLevel::Off;
  CHECK(vrs::parse_log_level("debug", level));
  CHECK(level == vrs::LogLevel::Debug);
  CHECK(vrs::parse_log_level("warn", level));
  CHECK(level == vrs::LogLevel::Warn);
  CHECK_FALSE(vrs::parse_log_level("verbose", level));
  CHECK_FALSE(vrs::parse_log_level("", level));
  CHECK(level == vrs::LogLevel::Warn);
}
