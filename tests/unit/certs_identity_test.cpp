#include <catch2/catch.hpp>

#include "vrs/certs/identity.hpp"

using namespace vrs::certs;

TEST_CASE("member ids parse into state and agency") {
  const auto id = parse_member_id("AUS-ABF");
  REQUIRE(id.has_value());
  CHECK(id->state == "AUS");
  CHECK(id->agency == "ABF");
  CHECK(id->str() == "AUS-ABF");
  CHECK(parse_member_id("IDN-POLRI2").value().agency == "POLRI2");
}

TEST_CASE("malformed member ids are refused with the value named") {
  auto [text, why] = GENERATE(table<std::string, std::string>({
      {"", "must be <ISO3>-<AGENCY>, e.g. AUS-ABF"},
      {"AUSABF", "must be <ISO3>-<AGENCY>, e.g. AUS-ABF"},
      {"AU-ABF", "must be <ISO3>-<AGENCY>, e.g. AUS-ABF"},
      {"aus-ABF", "must start with an upper-case ISO 3166-1 alpha-3 code"},
      {"AUS-A", "agency part must be 2 to 16 upper-case letters or digits"},
      {"AUS-abf", "agency part must be 2 to 16 upper-case letters or digits"},
      {"AUS-AB F", "agency part must be 2 to 16 upper-case letters or digits"},
      {"AUS-ABCDEFGHIJKLMNOPQ", "agency part must be 2 to 16 upper-case letters or digits"},
      {"AUS-AB-F", "agency part must be 2 to 16 upper-case letters or digits"},
      {"XYZ-ABF", "must start with an ISO 3166-1 alpha-3 code (\"XYZ\" is not one)"},
      {"XXX-ABF", "must start with an ISO 3166-1 alpha-3 code (\"XXX\" is not one)"},
  }));
  const auto id = parse_member_id(text);
  REQUIRE_FALSE(id.has_value());
  CHECK(id.error().code() == vrs::ErrorCode::InvalidArgument);
  CHECK(id.error().message() == "member id: \"" + text + "\" " + why);
}

TEST_CASE("roles parse from their names only") {
  CHECK(parse_role("reporter").value() == Role::Reporter);
  CHECK(parse_role("analyst").value() == Role::Analyst);
  CHECK(parse_role("admin").value() == Role::Admin);
  CHECK(parse_role("Admin").error().message() == "role: \"Admin\" is not one of reporter, analyst, admin");
  CHECK_FALSE(parse_role("focal_point").has_value());
  CHECK(to_string(Role::Analyst) == "analyst");
}
