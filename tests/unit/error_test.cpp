#include <catch2/catch.hpp>

#include <string>
#include <utility>

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

namespace {
vrs::Result<int> quarter(int x) {
  VRS_TRY(const int h, half(x));
  VRS_TRY(auto q, half(h));
  return q;
}
vrs::Result<std::string> moved_out(vrs::Result<std::string> in) {
  VRS_TRY(auto text, std::move(in));
  return text + "!";
}
vrs::Result<int> assign_existing(int x) {
  int value = -1;
  VRS_TRY(value, half(x));
  return value;
}
int evaluations = 0;
vrs::Result<int> counted(int x) {
  ++evaluations;
  return half(x);
}
vrs::Result<int> twice_counted(int x) {
  VRS_TRY(auto a, counted(x));
  VRS_TRY(auto b, counted(a));
  return b;
}
vrs::Result<void> void_ok() { return {}; }
vrs::Result<void> void_fails() { return vrs::fail(ErrorCode::NotFound, "gone"); }
vrs::Result<int> after_void(bool ok) {
  VRS_TRY_VOID(ok ? void_ok() : void_fails());
  return 1;
}
}  // namespace

TEST_CASE("VRS_TRY binds the value or returns the first error unchanged") {
  SECTION("values flow through declarations") {
    REQUIRE(quarter(8).value() == 2);
  }
  SECTION("the first failure is returned with its code and message") {
    const auto first = quarter(3);
    REQUIRE_FALSE(first.has_value());
    CHECK(first.error() == vrs::Error(ErrorCode::InvalidArgument, "3 is odd"));
    const auto second = quarter(6);
    REQUIRE_FALSE(second.has_value());
    CHECK(second.error() == vrs::Error(ErrorCode::InvalidArgument, "3 is odd"));
  }
  SECTION("move-only and owning values are moved out") {
    CHECK(moved_out(std::string("ok")).value() == "ok!");
    const auto failed = moved_out(vrs::fail(ErrorCode::DataLoss, "torn"));
    REQUIRE_FALSE(failed.has_value());
    CHECK(failed.error() == vrs::Error(ErrorCode::DataLoss, "torn"));
  }
  SECTION("an existing variable can be assigned") {
    CHECK(assign_existing(10).value() == 5);
    REQUIRE_FALSE(assign_existing(5).has_value());
    CHECK(assign_existing(5).error().message() == "5 is odd");
  }
  SECTION("each expression is evaluated once and nothing after a failure runs") {
    evaluations = 0;
    CHECK(twice_counted(8).value() == 2);
    CHECK(evaluations == 2);
    evaluations = 0;
    CHECK_FALSE(twice_counted(3).has_value());
    CHECK(evaluations == 1);
  }
}

TEST_CASE("VRS_TRY_VOID propagates a Result<void> error into any Result type") {
  CHECK(after_void(true).value() == 1);
  const auto failed = after_void(false);
  REQUIRE_FALSE(failed.has_value());
  CHECK(failed.error() == vrs::Error(ErrorCode::NotFound, "gone"));
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
