#include "vrs/client/admin_commands.hpp"

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <algorithm>
#include <charconv>
#include <ostream>
#include <sstream>

#include "vrs/certs/authority.hpp"
#include "vrs/certs/crl.hpp"
#include "vrs/certs/csr.hpp"
#include "vrs/client/enrol_commands.hpp"
#include "vrs/common/text_file.hpp"

namespace vrs::client {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Renderings

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

std::string pad(std::string_view text, std::size_t width) {
  std::string out(text);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

std::string plural(std::int64_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

}  // namespace

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
      << (days >= 0 ? plural(days, "day") + " left" : "expired " + plural(-days, "day") + " ago") << ")\n";
  if (days >= 0 && days <= kExpiryWarningDays) {
    out << "warning:     the certificate expires within " << kExpiryWarningDays
        << " days; ask your administrator to renew it\n";
  }
  return out.str();
}

std::string format_members(const std::vector<Member>& members, certs::SysTime now) {
  std::size_t id_width = 6;
  std::size_t role_width = 4;
  for (const auto& m : members) {
    id_width = std::max(id_width, m.member_id.size());
    role_width = std::max(role_width, m.role.size());
  }
  std::ostringstream out;
  out << pad("MEMBER", id_width) << "  " << pad("ROLE", role_width) << "  " << pad("STATUS", 9) << "  CERTIFICATES\n";
  std::int64_t flagged = 0;
  for (const auto& m : members) {
    const auto active = std::count_if(m.certificates.begin(), m.certificates.end(),
                                      [](const MemberCertificate& c) { return c.status == "active"; });
    out << pad(m.member_id, id_width) << "  " << pad(m.role, role_width) << "  " << pad(m.status, 9) << "  "
        << m.certificates.size() << " (" << active << " active)\n";
    for (const auto& c : m.certificates) {
      out << "    " << c.serial << "  " << pad(c.status, 7) << "  not after " << c.not_after;
      if (c.status == "revoked") {
        out << "  revoked " << c.revoked_at.value_or("?") << " (" << c.revocation_reason.value_or("unspecified") << ")";
      } else {
        const auto days = days_until(c.not_after, now);
        if (days) out << "  " << (*days >= 0 ? plural(*days, "day") + " left" : "expired");
        if (days && *days < 0) {
          out << "  EXPIRED";
          ++flagged;
        } else if (c.expiring_soon || (days && *days <= kExpiryWarningDays)) {
          out << "  EXPIRES SOON";
          ++flagged;
        }
      }
      if (!c.issued_reason.empty()) out << "  [" << c.issued_reason << "]";
      out << "\n";
    }
  }
  out << plural(static_cast<std::int64_t>(members.size()), "member");
  if (flagged > 0) out << "; " << plural(flagged, "active certificate") << " expired or expiring within " << kExpiryWarningDays << " days";
  out << "\n";
  return out.str();
}

std::string format_audit(const std::vector<AuditEntry>& entries) {
  std::ostringstream out;
  for (const auto& e : entries) {
    out << e.seq << "  " << e.time << "  " << e.actor << "  " << e.action << "  " << e.object << "  " << e.outcome << "\n";
  }
  return out.str();
}

// ---------------------------------------------------------------------------------------------
// Commands

namespace {

int report(std::ostream& err, std::string_view command, const Error& error) {
  err << "vrs-client: " << command << ": " << error.message() << "\n";
  return 1;
}

Result<HttpsClient> open_connection(const NetworkOptions& options) {
  auto profile = Profile::open(options.home);
  if (!profile) return fail(profile.error());
  return connect_profile(*profile, options.timeout);
}

bool is_hex_serial(std::string_view serial) {
  if (serial.empty() || serial.size() > 40) return false;
  return std::all_of(serial.begin(), serial.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

// The admin-side sanity check that the server signed the key of the CSR it was sent.
Result<void> check_certificate_matches_csr(const CertificateBundle& bundle, const std::string& csr_pem) {
  auto csr = certs::Csr::from_pem(csr_pem);
  auto cert = certs::Certificate::from_pem(bundle.certificate);
  if (!csr || !cert) return fail(ErrorCode::DataLoss, "the server's bundle holds no valid certificate");
  EVP_PKEY* requested = X509_REQ_get0_pubkey(csr->native());
  EVP_PKEY* issued = X509_get0_pubkey(cert->native());
  if (requested == nullptr || issued == nullptr || EVP_PKEY_eq(requested, issued) != 1) {
    return fail(ErrorCode::DataLoss, "the server issued a certificate for another key than the request's");
  }
  return {};
}

}  // namespace

int run_whoami(const NetworkOptions& options, std::ostream& out, std::ostream& err) {
  auto http = open_connection(options);
  if (!http) return report(err, "whoami", http.error());
  Api api(*http);
  auto who = api.whoami();
  if (!who) return report(err, "whoami", who.error());
  out << format_whoami(*who);
  return 0;
}

int run_admin_members(const NetworkOptions& options, bool json, std::ostream& out, std::ostream& err) {
  constexpr std::string_view command = "admin members";
  auto http = open_connection(options);
  if (!http) return report(err, command, http.error());
  if (json) {
    auto body = http->get("/v1/admin/members");
    if (!body) return report(err, command, body.error().with_context("GET /v1/admin/members"));
    if (auto parsed = parse_members(*body); !parsed) return report(err, command, parsed.error());
    out << *body;
    if (body->empty() || body->back() != '\n') out << "\n";
    return 0;
  }
  Api api(*http);
  auto members = api.members();
  if (!members) return report(err, command, members.error());
  out << format_members(*members, std::chrono::system_clock::now());
  return 0;
}

int run_admin_member_add(const NetworkOptions& options, const MemberAddOptions& add, std::ostream& out, std::ostream& err) {
  constexpr std::string_view command = "admin member-add";
  auto member_id = certs::parse_member_id(add.member);
  if (!member_id) return report(err, command, member_id.error().with_context("--member"));
  auto role = certs::parse_role(add.role);
  if (!role) return report(err, command, role.error().with_context("--role"));
  auto http = open_connection(options);
  if (!http) return report(err, command, http.error());
  Api api(*http);
  auto member = api.add_member(NewMember{member_id->str(), std::string(certs::to_string(*role)), add.name_opt_in});
  if (!member) return report(err, command, member.error());
  out << "Registered member " << member->member_id << " (role " << member->role << ", status " << member->status << ")\n";
  return 0;
}

int run_admin_enrol(const NetworkOptions& options, const AdminEnrolOptions& enrol, std::ostream& out, std::ostream& err) {
  constexpr std::string_view command = "admin enrol";
  auto role = certs::parse_role(enrol.role);
  if (!role) return report(err, command, role.error().with_context("--role"));
  if (enrol.days < 1 || enrol.days > static_cast<int>(certs::kMaxLeafValidity.count())) {
    return report(err, command, Error(ErrorCode::InvalidArgument, "--days must be 1.." + std::to_string(certs::kMaxLeafValidity.count())));
  }
  auto text = read_text_file(enrol.request, kMaxProfileFileBytes);
  if (!text) return report(err, command, text.error());
  auto request = parse_enrol_request(*text);
  if (!request) return report(err, command, request.error().with_context(enrol.request.string()));
  // Refuse before anything happens on the server.
  if (std::error_code ec; fs::exists(enrol.out, ec)) {
    return report(err, command, Error(ErrorCode::AlreadyExists, enrol.out.string() + " already exists; not overwriting it"));
  }

  auto http = open_connection(options);
  if (!http) return report(err, command, http.error());
  Api api(*http);
  const std::string role_name(certs::to_string(*role));
  auto added = api.add_member(NewMember{request->member_id, role_name, enrol.name_opt_in});
  if (added) {
    out << "Registered member " << request->member_id << " (role " << role_name << ")\n";
  } else if (added.error().code() == ErrorCode::AlreadyExists) {
    // Already registered: the certificate carries the registered role, so it must be the one asked for.
    auto members = api.members();
    if (!members) return report(err, command, members.error());
    const auto it = std::find_if(members->begin(), members->end(), [&](const Member& m) { return m.member_id == request->member_id; });
    if (it == members->end()) {
      return report(err, command, Error(ErrorCode::Internal, "the server says " + request->member_id + " exists but does not list it"));
    }
    if (it->role != role_name) {
      return report(err, command, Error(ErrorCode::FailedPrecondition, "member " + request->member_id + " is registered with role " +
                                                                           it->role + ", not " + role_name +
                                                                           "; no certificate was issued"));
    }
    out << "Member " << request->member_id << " is already registered (role " << it->role << ")\n";
  } else {
    return report(err, command, added.error());
  }

  auto issued = api.issue_certificate(request->member_id, CertificateRequest{request->csr, request->signing_key, enrol.days, enrol.reason});
  if (!issued) return report(err, command, issued.error());
  const auto& [bundle, raw] = *issued;
  if (auto ok = check_certificate_matches_csr(bundle, request->csr); !ok) return report(err, command, ok.error());
  std::string body = raw;
  if (body.empty() || body.back() != '\n') body += "\n";
  // The bundle is public data (certificate and CA chain): 0644.
  if (auto written = write_file_atomically(enrol.out, body, 0644, Replace::No); !written) {
    return report(err, command, written.error().with_context("certificate " + bundle.serial + " was issued but"));
  }
  out << "Issued certificate " << bundle.serial << " for " << bundle.member_id << " (role " << bundle.role << "), valid until "
      << bundle.not_after << "\n"
      << "Wrote " << enrol.out.string() << "; send it to the member, who installs it with:\n"
      << "  vrs-client install " << enrol.out.filename().string() << "\n";
  return 0;
}

int run_admin_revoke(const NetworkOptions& options, const std::string& serial, const std::string& reason, std::ostream& out,
                     std::ostream& err) {
  constexpr std::string_view command = "admin revoke";
  if (!is_hex_serial(serial)) {
    return report(err, command, Error(ErrorCode::InvalidArgument, "--serial \"" + serial + "\" is not a hexadecimal serial"));
  }
  auto parsed_reason = certs::parse_revocation_reason(reason);
  if (!parsed_reason) return report(err, command, parsed_reason.error().with_context("--reason"));
  auto http = open_connection(options);
  if (!http) return report(err, command, http.error());
  Api api(*http);
  auto revoked = api.revoke(serial, certs::to_string(*parsed_reason));
  if (!revoked) return report(err, command, revoked.error());
  out << "Revoked certificate " << revoked->serial << " at " << revoked->revoked_at << " (" << certs::to_string(*parsed_reason)
      << ")\n";
  return 0;
}

int run_admin_audit(const NetworkOptions& options, const AuditOptions& audit, std::ostream& out, std::ostream& err) {
  const std::string_view command = audit.verify ? "admin audit --verify" : "admin audit";
  if (audit.limit && (*audit.limit < 1 || *audit.limit > 1000)) {
    return report(err, command, Error(ErrorCode::InvalidArgument, "--limit must be 1..1000"));
  }
  if (audit.after && *audit.after < 0) return report(err, command, Error(ErrorCode::InvalidArgument, "--after must be >= 0"));
  auto http = open_connection(options);
  if (!http) return report(err, command, http.error());
  Api api(*http);
  if (audit.verify) {
    auto result = api.verify_audit();
    if (!result) return report(err, command, result.error());
    if (!result->ok) {
      return report(err, command, Error(ErrorCode::DataLoss, "audit chain broken at seq " + std::to_string(*result->first_broken_seq) +
                                                                 (result->reason ? ": " + *result->reason : std::string())));
    }
    out << "audit chain ok: " << result->entries << (result->entries == 1 ? " entry" : " entries") << ", head seq " << result->head_seq
        << ", head hash " << result->head_hash << "\n";
    return 0;
  }
  auto page = api.audit(audit.after, audit.limit);
  if (!page) return report(err, command, page.error());
  out << format_audit(page->entries);
  if (page->next_after) out << "more: vrs-client admin audit --after " << *page->next_after << "\n";
  return 0;
}

}  // namespace vrs::client
