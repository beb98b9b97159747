#pragma once
/// `vrs-client whoami`: who the server says this profile is, with the certificate's expiry.

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include "vrs/certs/certificate.hpp"
#include "vrs/client/net/api.hpp"
#include "vrs/client/net/network_options.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace vrs::client::commands {

/// Certificates expiring within this many days are flagged (`whoami`, `admin members`).
inline constexpr std::int64_t kExpiryWarningDays = 30;

/// Whole days from `now` until the ISO-8601 `not_after` (negative once expired); nullopt if the
/// time does not parse.
std::optional<std::int64_t> days_until(std::string_view not_after, certs::SysTime now);

/// "1 day" / "3 days".
std::string count_noun(std::int64_t n, std::string_view word);

/// "member: AUS-ABF (state AUS)\nrole: reporter\ncertificate: <serial>\nexpires: <time> (N days left)\n..."
std::string format_whoami(const net::Whoami& who);

/// Prints format_whoami; on failure one `vrs-client: whoami: ...` line. Exit 0 or 1.
int run_whoami(const net::NetworkOptions& options, std::ostream& out, std::ostream& err);

void add_whoami_command(CLI::App& app, int& exit_code);

/// `vrs-client certificates`: every certificate issued in the member's name and its consent;
/// `current_fingerprint` is marked.
std::string format_certificates(const net::Member& member, std::string_view current_fingerprint);
int run_certificates(const net::NetworkOptions& options, std::ostream& out, std::ostream& err);
void add_certificates_command(CLI::App& app, int& exit_code);

}  // namespace vrs::client::commands
