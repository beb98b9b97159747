#include "vrs/client/commands/whoami_command.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands/command.hpp"
#include "vrs/client/commands/cli_options.hpp"
#include "vrs/client/commands/failure.hpp"
#include "vrs/client/net/https_client.hpp"

namespace vrs::client::commands {

using namespace vrs::client::net;

namespace {

bool parse_digits(std::string_view text, int& value) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && ptr == text.data() + text.size();
}

// "2027-12-25T09:00:00Z", optionally with a fraction of a second ("...:00.345Z"), which is
// ignored: day counts do not need it.
std::optional<certs::SysTime> parse_api_time(std::string_view text) {
  if (text.size() > 20 && text[19] == '.') {
    const auto digits = text.substr(20, text.size() - 21);
    if (digits.empty() || digits.size() > 9 || text.back() != 'Z' ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::nullopt;
    }
    text = text.substr(0, 19);
  } else if (text.size() == 20 && text[19] == 'Z') {
    text = text.substr(0, 19);
  } else {
    return std::nullopt;
  }
  if (text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':') return std::nullopt;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!parse_digits(text.substr(0, 4), y) || !parse_digits(text.substr(5, 2), mo) || !parse_digits(text.substr(8, 2), d) ||
      !parse_digits(text.substr(11, 2), h) || !parse_digits(text.substr(14, 2), mi) || !parse_digits(text.substr(17, 2), s)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(mo)),
                                        std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
  return certs::SysTime(std::chrono::sys_days(ymd)) + std::chrono::hours(h) + std::chrono::minutes(mi) + std::chrono::seconds(s);
}

}  // namespace

std::string count_noun(std::int64_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

std::optional<std::int64_t> days_until(std::string_view not_after, certs::SysTime now) {
  const auto when = parse_api_time(not_after);
  if (!when) return std::nullopt;
  return std::chrono::floor<std::chrono::days>(*when - now).count();
}

std::string format_whoami(const Whoami& who) {
  std::ostringstream out;
  const auto days = who.certificate.expires_in_days;
  out << "member:      " << who.member_id << " (state " << who.state << ")\n"
      << "role:        " << who.role << "\n"
      << "certificate: " << who.certificate.serial << "\n"
      << "fingerprint: " << who.certificate.fingerprint_sha256 << "\n"
      << "expires:     " << who.certificate.not_after << " ("
      << (days >= 0 ? count_noun(days, "day") + " left" : "expired " + count_noun(-days, "day") + " ago") << ")\n";
  if (days >= 0 && days <= kExpiryWarningDays) {
    out << "warning:     the certificate expires within " << kExpiryWarningDays
        << " days; ask your administrator to renew it\n";
  }
  return out.str();
}

int run_whoami(const NetworkOptions& options, std::ostream& out, std::ostream& err) {
  auto who = [&]() -> Result<Whoami> {
    VRS_TRY(auto http, connect_home(options));
    return Api(http).whoami();
  }();
  if (!who) return command_failure(err, "whoami", who.error());
  out << format_whoami(*who);
  return kExitOk;
}

void add_whoami_command(CLI::App& app, int& exit_code) {
  struct Args {
    NetworkArgs network;
  };
  auto [cmd, args] = add_network_command<Args>(
      app, exit_code, "whoami", "Ask the server who this profile is: member, role, certificate serial and expiry (days left).",
      [](const Args&, const NetworkOptions& options) { return run_whoami(options, std::cout, std::cerr); });
  add_network_options(cmd, args.network);
}

}  // namespace vrs::client::commands
