#include <catch2/catch.hpp>

#include "vrs/server/api/problem.hpp"

using namespace vrs::server;
using namespace vrs::server::api;

TEST_CASE("problem JSON has exactly the documented members in order") {
  CHECK(problem_json(403, "permission_denied", "admin role required") ==
        R"({"type":"about:blank","title":"Forbidden","status":403,"code":"permission_denied","detail":"admin role required"})");
  CHECK(problem_json(431, "headers_too_large", "x") ==
        R"({"type":"about:blank","title":"Request Header Fields Too Large","status":431,"code":"headers_too_large","detail":"x"})");
}

TEST_CASE("problem replies carry the content type and escape the detail") {
  auto r = problem(429, problem_code::kRateLimited, "a \"quoted\"\nline");
  CHECK(r.status == 429);
  CHECK(r.content_type == "application/problem+json");
  CHECK(r.body == R"({"type":"about:blank","title":"Too Many Requests","status":429,"code":"rate_limited","detail":"a \"quoted\"\nline"})");
}

TEST_CASE("errors map through http_status and to_string") {
  auto [code, status, name] = GENERATE(table<vrs::ErrorCode, unsigned, std::string>({
      {vrs::ErrorCode::InvalidArgument, 400, "invalid_argument"},
      {vrs::ErrorCode::NotFound, 404, "not_found"},
      {vrs::ErrorCode::AlreadyExists, 409, "already_exists"},
      {vrs::ErrorCode::Conflict, 409, "conflict"},
      {vrs::ErrorCode::PermissionDenied, 403, "permission_denied"},
      {vrs::ErrorCode::Unavailable, 503, "unavailable"},
  }));
  auto r = problem(vrs::Error(code, "why"));
  CHECK(r.status == status);
  CHECK(r.body.find("\"code\":\"" + name + "\"") != std::string::npos);
  CHECK(r.body.find("\"detail\":\"why\"") != std::string::npos);
}
