#include "vrs/certs/identity.hpp"

#include <algorithm>

#include "vrs/schema/codes.hpp"

namespace vrs::certs {

std::string_view to_string(Role role) noexcept {
  switch (role) {
    case Role::Reporter: return "reporter";
    case Role::Analyst: return "analyst";
    case Role::Admin: return "admin";
  }
  return "reporter";
}

Result<Role> parse_role(std::string_view text) {
  if (text == "reporter") return Role::Reporter;
  if (text == "analyst") return Role::Analyst;
  if (text == "admin") return Role::Admin;
  return fail(ErrorCode::InvalidArgument,
              "role: \"" + std::string(text.substr(0, 64)) + "\" is not one of reporter, analyst, admin");
}

Result<MemberId> parse_member_id(std::string_view text) {
  const auto bad = [&](const std::string& why) {
    return fail(ErrorCode::InvalidArgument, "member id: \"" + std::string(text.substr(0, 64)) + "\" " + why);
  };
  const auto dash = text.find('-');
  if (dash != 3) return bad("must be <ISO3>-<AGENCY>, e.g. AUS-ABF");
  const std::string_view state = text.substr(0, 3);
  const std::string_view agency = text.substr(4);
  const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!std::all_of(state.begin(), state.end(), upper)) return bad("must start with an upper-case ISO 3166-1 alpha-3 code");
  if (!schema::is_country_alpha3(state)) return bad("must start with an ISO 3166-1 alpha-3 code (\"" + std::string(state) + "\" is not one)");
  if (agency.size() < 2 || agency.size() > 16 ||
      !std::all_of(agency.begin(), agency.end(), [&](char c) { return upper(c) || digit(c); })) {
    return bad("agency part must be 2 to 16 upper-case letters or digits");
  }
  return MemberId{std::string(state), std::string(agency)};
}

}  // namespace vrs::certs
