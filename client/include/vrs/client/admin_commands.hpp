#pragma once
/// `vrs-client whoami` and `vrs-client admin ...`: calls over the member's mutual-TLS
/// connection, and the plain-text renderings they print. Every command prints its result to
/// `out` and, on failure, exactly one line `vrs-client: <what failed>: <why>` to `err`.
/// Exit codes: 0 ok, 1 failure (including a broken audit chain for `admin audit --verify`).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "vrs/certs/certificate.hpp"
#include "vrs/client/api.hpp"

namespace vrs::client {

/// What every networked command needs: the profile directory and a per-operation timeout.
struct NetworkOptions {
  std::filesystem::path home;
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
};

/// Certificates expiring within this many days are flagged in `admin members`.
inline constexpr std::int64_t kExpiryWarningDays = 30;

/// Whole days from `now` until the ISO-8601 `not_after` (negative once expired); nullopt if the
/// time does not parse.
std::optional<std::int64_t> days_until(std::string_view not_after, certs::SysTime now);

/// "member: AUS-ABF (state AUS)\nrole: reporter\ncertificate: <serial>\nexpires: <time> (N days left)\n..."
std::string format_whoami(const Whoami& who);
/// One line per member and one indented line per certificate, with expiry in days and a
/// "EXPIRES SOON" / "EXPIRED" flag for active certificates within kExpiryWarningDays.
std::string format_members(const std::vector<Member>& members, certs::SysTime now);
/// One line per entry: seq, time, actor, action, object, outcome.
std::string format_audit(const std::vector<AuditEntry>& entries);

int run_whoami(const NetworkOptions& options, std::ostream& out, std::ostream& err);

int run_admin_members(const NetworkOptions& options, bool json, std::ostream& out, std::ostream& err);

struct MemberAddOptions {
  std::string member;
  std::string role;
  bool name_opt_in = false;
};
int run_admin_member_add(const NetworkOptions& options, const MemberAddOptions& add, std::ostream& out, std::ostream& err);

struct AdminEnrolOptions {
  std::filesystem::path request;  ///< enrol-request.json from the member
  std::string role;
  int days = 397;
  std::string reason = "initial enrolment";
  bool name_opt_in = false;
  std::filesystem::path out;      ///< bundle.json to write (0644; refuses to overwrite)
};
/// Registers the member (409 already_exists is fine), then asks for the certificate and writes
/// the 201 response to `out`.
int run_admin_enrol(const NetworkOptions& options, const AdminEnrolOptions& enrol, std::ostream& out, std::ostream& err);

int run_admin_revoke(const NetworkOptions& options, const std::string& serial, const std::string& reason,
                     std::ostream& out, std::ostream& err);

struct AuditOptions {
  std::optional<std::int64_t> after;
  std::optional<int> limit;
  bool verify = false;
};
int run_admin_audit(const NetworkOptions& options, const AuditOptions& audit, std::ostream& out, std::ostream& err);

}  // namespace vrs::client
