#pragma once
/// `vrs-client admin ...`: calls over the member's mutual-TLS
/// connection, and the plain-text renderings they print. Every command prints its result to
/// `out` and, on failure, exactly one line `vrs-client: <what failed>: <why>` to `err`.
/// Exit codes: 0 ok, 1 failure (including a broken audit chain for `admin audit --verify`), 2 a
/// usage error (a malformed --serial, --limit or --after out of range); commands/failure.hpp.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "vrs/certs/certificate.hpp"
#include "vrs/client/net/api.hpp"
#include "vrs/client/net/network_options.hpp"
#include "vrs/client/commands/whoami_command.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace vrs::client::commands {

/// One line per member and one indented line per certificate, with expiry in days and a
/// "EXPIRES SOON" / "EXPIRED" flag for active certificates within kExpiryWarningDays.
std::string format_members(const std::vector<net::Member>& members, certs::SysTime now);
/// One line per entry: seq, time, actor, action, object, outcome.
std::string format_audit(const std::vector<net::AuditEntry>& entries);

int run_admin_members(const net::NetworkOptions& options, bool json, std::ostream& out, std::ostream& err);

struct MemberAddOptions {
  std::string member;
  std::string role;
  bool name_opt_in = false;
};
int run_admin_member_add(const net::NetworkOptions& options, const MemberAddOptions& add, std::ostream& out, std::ostream& err);

struct AdminEnrollOptions {
  std::filesystem::path request;  ///< enrol-request.json from the member
  std::string role;
  int days = 397;
  std::string reason = "initial enrolment";
  bool name_opt_in = false;
  std::filesystem::path out;      ///< bundle.json to write (0644; refuses to overwrite)
};
/// Registers the member (409 already_exists is fine), then asks for the certificate and writes
/// the 201 response to `out`.
int run_admin_enroll(const net::NetworkOptions& options, const AdminEnrollOptions& enrol, std::ostream& out, std::ostream& err);
/// `admin approve ID --out FILE`: a second administrator approves a pending request.
int run_admin_approve(const net::NetworkOptions& options, std::int64_t id, const std::filesystem::path& bundle_out,
                      std::ostream& out, std::ostream& err);
/// `admin requests`: the requests waiting for approval.
int run_admin_requests(const net::NetworkOptions& options, std::ostream& out, std::ostream& err);

int run_admin_revoke(const net::NetworkOptions& options, const std::string& serial, const std::string& reason,
                     std::ostream& out, std::ostream& err);

struct AuditOptions {
  std::optional<std::int64_t> after;
  std::optional<int> limit;
  bool verify = false;
};
int run_admin_audit(const net::NetworkOptions& options, const AuditOptions& audit, std::ostream& out, std::ostream& err);

/// `admin` and its subcommands (members, member-add, enroll (alias enrol), revoke, audit).
void add_admin_command(CLI::App& app, int& exit_code);

}  // namespace vrs::client::commands
