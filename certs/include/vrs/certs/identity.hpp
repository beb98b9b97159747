#pragma once
/// Who a certificate speaks for: member id (`<ISO3>-<AGENCY>`, e.g. `AUS-ABF`) and role.

#include <optional>
#include <string>
#include <string_view>

#include "vrs/common/error.hpp"

namespace vrs::certs {

enum class Role { Reporter, Analyst, Admin };

std::string_view to_string(Role role) noexcept;
/// "reporter", "analyst", "admin"; InvalidArgument naming the value otherwise.
Result<Role> parse_role(std::string_view text);

struct MemberId {
  std::string state;   ///< ISO 3166-1 alpha-3, upper case
  std::string agency;  ///< 2..16 of [A-Z0-9]

  [[nodiscard]] std::string str() const { return state + "-" + agency; }
  friend bool operator==(const MemberId&, const MemberId&) = default;
};

/// Parses `AUS-ABF`: the state part must be an ISO 3166-1 alpha-3 code known to `iso-codes`,
/// the agency 2..16 upper-case letters or digits. The error names the value.
Result<MemberId> parse_member_id(std::string_view text);

struct Identity {
  MemberId member;
  Role role = Role::Reporter;
  friend bool operator==(const Identity&, const Identity&) = default;
};

}  // namespace vrs::certs
