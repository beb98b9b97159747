#include <catch2/catch.hpp>

#include "vrs/protect/linear_program.hpp"

using vrs::protect::kInfinity;
using vrs::protect::LinearProgram;

TEST_CASE("linear program: least and greatest value of a variable", "[protect][lp]") {
  // x + y = 10, 2 ≤ x ≤ 7, y ≥ 4  →  x in [2, 6], y in [4, 8].
  LinearProgram lp;
  const auto x = lp.add_variable(2, 7);
  const auto y = lp.add_variable(4);
  lp.add_row({{x, 1.0}, {y, 1.0}}, 10, 10);
  auto least = lp.minimize(x);
  auto most = lp.maximize(x);
  REQUIRE(least);
  REQUIRE(most);
  CHECK(least->value == Approx(2));
  CHECK(most->value == Approx(6));
  CHECK_FALSE(most->unbounded);
  auto y_most = lp.maximize(y);
  REQUIRE(y_most);
  CHECK(y_most->value == Approx(8));
  // Asked again after other solves, the same answers (the warm start changes nothing).
  CHECK(lp.minimize(x)->value == Approx(2));
}

TEST_CASE("linear program: an unbounded direction is said, not guessed", "[protect][lp]") {
  LinearProgram lp;
  const auto x = lp.add_variable(0);
  const auto y = lp.add_variable(0);
  lp.add_row({{x, 1.0}, {y, -1.0}}, -kInfinity, 3);  // x ≤ y + 3
  auto most = lp.maximize(x);
  REQUIRE(most);
  CHECK(most->unbounded);
  auto least = lp.minimize(x);
  REQUIRE(least);
  CHECK(least->value == Approx(0));
}

TEST_CASE("linear program: contradictions and unknown variables are errors", "[protect][lp]") {
  LinearProgram lp;
  const auto x = lp.add_variable(0, 5);
  lp.add_row({{x, 1.0}}, 6, kInfinity);
  auto r = lp.minimize(x);
  REQUIRE_FALSE(r);
  CHECK(r.error().code() == vrs::ErrorCode::FailedPrecondition);
  auto unknown = lp.maximize(7);
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().code() == vrs::ErrorCode::InvalidArgument);

  LinearProgram bad_row;
  bad_row.add_variable(0);
  bad_row.add_row({{3, 1.0}}, 0, 1);
  auto r2 = bad_row.minimize(0);
  REQUIRE_FALSE(r2);
  CHECK(r2.error().message().find("row 0 names no variable") != std::string::npos);
}
