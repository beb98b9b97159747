#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "vrs/server/api/problem.hpp"
#include "vrs/server/api/wire_codes.hpp"

using namespace vrs::server::api;
using vrs::schema::EnvelopeFailure;

TEST_CASE("every wire code appears once, with one status") {
  std::set<std::string> seen;
  for (const auto& row : wire_codes()) {
    CHECK(seen.insert(std::string(row.code)).second);
    CHECK(row.status >= 400);
    CHECK(row.status < 600);
  }
  CHECK(seen.count("signer_mismatch") == 1);
  CHECK(seen.count("version_conflict") == 1);
  CHECK(seen.count("batch_invalid") == 1);
  CHECK(seen.count("rate_limited") == 1);
}

TEST_CASE("canonical codes take their name and status from the error vocabulary") {
  CHECK(wire_code(vrs::ErrorCode::Unavailable) == WireCode{"unavailable", 503});
  CHECK(wire_code(vrs::ErrorCode::NotFound) == problem_code::kNotFound);
  CHECK(wire_code(vrs::ErrorCode::InvalidArgument) == problem_code::kBadRequest);
}

TEST_CASE("envelope failures map to the rows named after them") {
  auto failure = GENERATE(EnvelopeFailure::Malformed, EnvelopeFailure::UnknownKey, EnvelopeFailure::Unopenable,
                          EnvelopeFailure::BadPlaintext, EnvelopeFailure::BadSignature);
  const auto row = wire_code(failure);
  CHECK(row.code == vrs::schema::to_string(failure));
  CHECK(row.status == 400);
}

TEST_CASE("a problem reply carries the row's status and code") {
  auto r = problem(problem_code::kVersionConflict, "x");
  CHECK(r.status == 409);
  CHECK(r.body == R"({"type":"about:blank","title":"Conflict","status":409,"code":"version_conflict","detail":"x"})");
}
