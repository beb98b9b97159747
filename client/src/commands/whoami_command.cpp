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

std::string format_certificates(const Member& member, std::string_view current_fingerprint) {
  std::ostringstream out;
  out << "Certificates issued in the name of " << member.member_id << " (role " << member.role << "):\n";
  std::size_t without_proof = 0;
  for (const auto& c : member.certificates) {
    const bool mine = c.fingerprint_sha256 == current_fingerprint;
    out << (mine ? "* " : "  ") << c.serial << "  " << c.status << "  " << c.not_before << " .. " << c.not_after << "\n"
        << "    fingerprint " << c.fingerprint_sha256 << "\n    ";
    if (c.consent == "member_proof") {
      out << "signed for by this member (renewal), requested by " << c.requested_by.value_or("?");
    } else if (c.consent == "first_enrolment") {
      out << "first enrolment, requested by " << c.requested_by.value_or("?");
    } else if (c.consent == "two_person") {
      ++without_proof;
      out << "WITHOUT this member's proof: requested by " << c.requested_by.value_or("?") << ", approved by "
          << c.approved_by.value_or("?");
    } else if (c.consent == "operator") {
      out << "enrolled offline by the server's operator";
    } else {
      out << "issued before consent was recorded";
    }
    out << " (" << c.issued_reason << ")";
    if (c.revoked_at) out << "; revoked " << *c.revoked_at << " (" << c.revocation_reason.value_or("unspecified") << ")";
    out << "\n";
  }
  out << "* = the certificate of this profile\n";
  if (without_proof > 0) {
    out << "warning: " << count_noun(static_cast<std::int64_t>(without_proof), "certificate")
        << " issued without your proof; if you did not ask for it, have it revoked (key_compromise)\n";
  }
  return out.str();
}

int run_certificates(const NetworkOptions& options, std::ostream& out, std::ostream& err) {
  auto listed = [&]() -> Result<std::pair<Member, std::string>> {
    VRS_TRY(auto http, connect_home(options));
    Api api(http);
    VRS_TRY(auto who, api.whoami());
    VRS_TRY(auto member, api.certificates());
    return std::pair<Member, std::string>(std::move(member), who.certificate.fingerprint_sha256);
  }();
  if (!listed) return command_failure(err, "certificates", listed.error());
  out << format_certificates(listed->first, listed->second);
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

void add_certificates_command(CLI::App& app, int& exit_code) {
  struct Args {
    NetworkArgs network;
  };
  auto [cmd, args] = add_network_command<Args>(
      app, exit_code, "certificates",
      "List every certificate ever issued in this member's name, with who agreed to it: the member's\n"
      "own proof (renewal), a first enrolment, or two administrators without the member's proof.\n"
      "Listing them also acknowledges the server's notice about such certificates for this profile.",
      [](const Args&, const NetworkOptions& options) { return run_certificates(options, std::cout, std::cerr); });
  add_network_options(cmd, args.network);
}

}  // namespace vrs::client::commands
