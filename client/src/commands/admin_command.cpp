#include "vrs/client/commands/admin_command.hpp"

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <memory>
#include <charconv>
#include <ostream>
#include <sstream>

#include "commands/command.hpp"
#include "table_text.hpp"
#include "vrs/certs/authority.hpp"
#include "vrs/certs/crl.hpp"
#include "vrs/certs/csr.hpp"
#include "vrs/client/commands/cli_options.hpp"
#include "vrs/client/commands/enroll_command.hpp"
#include "vrs/client/commands/failure.hpp"
#include "vrs/common/text_file.hpp"

namespace vrs::client::commands {

namespace fs = std::filesystem;
using namespace vrs::client::net;

// ---------------------------------------------------------------------------------------------
// Renderings

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
        if (days) out << "  " << (*days >= 0 ? count_noun(*days, "day") + " left" : "expired");
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
  out << count_noun(static_cast<std::int64_t>(members.size()), "member");
  if (flagged > 0) out << "; " << count_noun(flagged, "active certificate") << " expired or expiring within " << kExpiryWarningDays << " days";
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

int run_admin_members(const NetworkOptions& options, bool json, std::ostream& out, std::ostream& err) {
  constexpr std::string_view command = "admin members";
  auto http = connect_home(options);
  if (!http) return command_failure(err, command, http.error());
  if (json) {
    auto body = http->get("/v1/admin/members");
    if (!body) return command_failure(err, command, body.error().with_context("GET /v1/admin/members"));
    if (auto parsed = parse_members(*body); !parsed) return command_failure(err, command, parsed.error());
    out << *body;
    if (body->empty() || body->back() != '\n') out << "\n";
    return 0;
  }
  Api api(*http);
  auto members = api.members();
  if (!members) return command_failure(err, command, members.error());
  out << format_members(*members, std::chrono::system_clock::now());
  return 0;
}

int run_admin_member_add(const NetworkOptions& options, const MemberAddOptions& add, std::ostream& out, std::ostream& err) {
  constexpr std::string_view command = "admin member-add";
  auto member_id = certs::parse_member_id(add.member);
  if (!member_id) return command_failure(err, command, member_id.error().with_context("--member"), FailureKind::Usage);
  auto role = certs::parse_role(add.role);
  if (!role) return command_failure(err, command, role.error().with_context("--role"), FailureKind::Usage);
  auto http = connect_home(options);
  if (!http) return command_failure(err, command, http.error());
  Api api(*http);
  auto member = api.add_member(NewMember{member_id->str(), std::string(certs::to_string(*role)), add.name_opt_in});
  if (!member) return command_failure(err, command, member.error());
  out << "Registered member " << member->member_id << " (role " << member->role << ", status " << member->status << ")\n";
  return 0;
}

namespace {

// Checks an issued bundle (against the CSR when known) and writes it, never overwriting.
int write_bundle(const std::pair<CertificateBundle, std::string>& issued, const std::optional<std::string>& csr,
                 const fs::path& path, std::string_view command, std::ostream& out, std::ostream& err) {
  const auto& [bundle, raw] = issued;
  if (csr) {
    if (auto ok = check_certificate_matches_csr(bundle, *csr); !ok) return command_failure(err, command, ok.error());
  }
  std::string body = raw;
  if (body.empty() || body.back() != '\n') body += "\n";
  // The bundle is public data (certificate and CA chain): 0644.
  if (auto written = write_file_atomically(path, body, 0644, Replace::No); !written) {
    return command_failure(err, command, written.error().with_context("certificate " + bundle.serial + " was issued but"));
  }
  out << "Issued certificate " << bundle.serial << " for " << bundle.member_id << " (role " << bundle.role << "), valid until "
      << bundle.not_after << "\n"
      << "Wrote " << path.string() << "; send it to the member, who installs it with:\n"
      << "  vrs-client install " << path.filename().string() << "\n";
  return 0;
}

}  // namespace

int run_admin_enroll(const NetworkOptions& options, const AdminEnrollOptions& enrol, std::ostream& out, std::ostream& err) {
  constexpr std::string_view command = "admin enroll";
  auto role = certs::parse_role(enrol.role);
  if (!role) return command_failure(err, command, role.error().with_context("--role"), FailureKind::Usage);
  if (enrol.days < 1 || enrol.days > static_cast<int>(certs::kMaxLeafValidity.count())) {
    return command_failure(err, command,
                           Error(ErrorCode::InvalidArgument, "--days must be 1.." + std::to_string(certs::kMaxLeafValidity.count())),
                           FailureKind::Usage);
  }
  auto text = read_text_file(enrol.request, kMaxProfileFileBytes);
  if (!text) return command_failure(err, command, text.error());
  auto request = parse_enrol_request(*text);
  if (!request) return command_failure(err, command, request.error().with_context(enrol.request.string()));
  // Refuse before anything happens on the server.
  if (std::error_code ec; fs::exists(enrol.out, ec)) {
    return command_failure(err, command, Error(ErrorCode::AlreadyExists, enrol.out.string() + " already exists; not overwriting it"));
  }

  auto http = connect_home(options);
  if (!http) return command_failure(err, command, http.error());
  Api api(*http);
  const std::string role_name(certs::to_string(*role));
  auto added = api.add_member(NewMember{request->member_id, role_name, enrol.name_opt_in});
  if (added) {
    out << "Registered member " << request->member_id << " (role " << role_name << ")\n";
  } else if (added.error().code() == ErrorCode::AlreadyExists) {
    // Already registered: the certificate carries the registered role, so it must be the one asked for.
    auto members = api.members();
    if (!members) return command_failure(err, command, members.error());
    const auto it = std::find_if(members->begin(), members->end(), [&](const Member& m) { return m.member_id == request->member_id; });
    if (it == members->end()) {
      return command_failure(err, command, Error(ErrorCode::Internal, "the server says " + request->member_id + " exists but does not list it"));
    }
    if (it->role != role_name) {
      return command_failure(err, command, Error(ErrorCode::FailedPrecondition, "member " + request->member_id + " is registered with role " +
                                                                           it->role + ", not " + role_name +
                                                                           "; no certificate was issued"));
    }
    out << "Member " << request->member_id << " is already registered (role " << it->role << ")\n";
  } else {
    return command_failure(err, command, added.error());
  }

  auto reply = api.issue_certificate(request->member_id,
                                     CertificateRequest{request->csr, request->signing_key, enrol.days, enrol.reason, request->proof});
  if (!reply) return command_failure(err, command, reply.error());
  if (reply->pending) {
    const auto& p = *reply->pending;
    out << "Certificate request " << p.id << " for " << p.member_id << " (role " << p.role << ") waits for a second administrator:\n"
        << "  " << p.why << "\n"
        << "Another administrator approves it before " << p.expires_at << " with:\n"
        << "  vrs-client admin approve " << p.id << " --out " << enrol.out.string() << "\n";
    return 0;
  }
  return write_bundle(*reply->issued, request->csr, enrol.out, command, out, err);
}

int run_admin_approve(const NetworkOptions& options, std::int64_t id, const fs::path& bundle_out, std::ostream& out,
                      std::ostream& err) {
  constexpr std::string_view command = "admin approve";
  if (id < 1) return command_failure(err, command, Error(ErrorCode::InvalidArgument, "the request id must be >= 1"), FailureKind::Usage);
  if (std::error_code ec; fs::exists(bundle_out, ec)) {
    return command_failure(err, command, Error(ErrorCode::AlreadyExists, bundle_out.string() + " already exists; not overwriting it"));
  }
  auto http = connect_home(options);
  if (!http) return command_failure(err, command, http.error());
  Api api(*http);
  auto issued = api.approve(id);
  if (!issued) return command_failure(err, command, issued.error());
  return write_bundle(*issued, std::nullopt, bundle_out, command, out, err);
}

int run_admin_requests(const NetworkOptions& options, std::ostream& out, std::ostream& err) {
  constexpr std::string_view command = "admin requests";
  auto http = connect_home(options);
  if (!http) return command_failure(err, command, http.error());
  Api api(*http);
  auto pending = api.pending_requests();
  if (!pending) return command_failure(err, command, pending.error());
  if (pending->empty()) {
    out << "No certificate request waits for approval.\n";
    return 0;
  }
  for (const auto& p : *pending) {
    out << p.id << "  " << p.member_id << " (" << p.role << ")  requested by " << p.requested_by << " at " << p.requested_at
        << ", expires " << p.expires_at << "\n    " << p.why << "; reason: " << p.reason << "\n";
  }
  return 0;
}

int run_admin_revoke(const NetworkOptions& options, const std::string& serial, const std::string& reason, std::ostream& out,
                     std::ostream& err) {
  constexpr std::string_view command = "admin revoke";
  if (!is_hex_serial(serial)) {
    return command_failure(err, command, Error(ErrorCode::InvalidArgument, "--serial \"" + serial + "\" is not a hexadecimal serial"),
                           FailureKind::Usage);
  }
  auto parsed_reason = certs::parse_revocation_reason(reason);
  if (!parsed_reason) return command_failure(err, command, parsed_reason.error().with_context("--reason"), FailureKind::Usage);
  auto http = connect_home(options);
  if (!http) return command_failure(err, command, http.error());
  Api api(*http);
  auto revoked = api.revoke(serial, certs::to_string(*parsed_reason));
  if (!revoked) return command_failure(err, command, revoked.error());
  out << "Revoked certificate " << revoked->serial << " at " << revoked->revoked_at << " (" << certs::to_string(*parsed_reason)
      << ")\n";
  return 0;
}

int run_admin_audit(const NetworkOptions& options, const AuditOptions& audit, std::ostream& out, std::ostream& err) {
  const std::string_view command = audit.verify ? "admin audit --verify" : "admin audit";
  if (audit.limit && (*audit.limit < 1 || *audit.limit > 1000)) {
    return command_failure(err, command, Error(ErrorCode::InvalidArgument, "--limit must be 1..1000"), FailureKind::Usage);
  }
  if (audit.after && *audit.after < 0) {
    return command_failure(err, command, Error(ErrorCode::InvalidArgument, "--after must be >= 0"), FailureKind::Usage);
  }
  auto http = connect_home(options);
  if (!http) return command_failure(err, command, http.error());
  Api api(*http);
  if (audit.verify) {
    auto result = api.verify_audit();
    if (!result) return command_failure(err, command, result.error());
    if (!result->ok) {
      return command_failure(err, command, Error(ErrorCode::DataLoss, "audit chain broken at seq " + std::to_string(*result->first_broken_seq) +
                                                                 (result->reason ? ": " + *result->reason : std::string())));
    }
    out << "audit chain ok: " << count_text(static_cast<std::size_t>(result->entries), "entry", "entries") << ", head seq " << result->head_seq
        << ", head hash " << result->head_hash << "\n";
    return 0;
  }
  auto page = api.audit(audit.after, audit.limit);
  if (!page) return command_failure(err, command, page.error());
  out << format_audit(page->entries);
  if (page->next_after) out << "more: vrs-client admin audit --after " << *page->next_after << "\n";
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Command line

namespace {

void add_members(CLI::App& admin, int& exit_code) {
  struct Args {
    NetworkArgs network;
    bool json = false;
  };
  auto [cmd, args] = add_network_command<Args>(
      admin, exit_code, "members",
      "List members with role, status and every certificate (serial, status, expiry in days);\n"
      "active certificates expired or expiring within 30 days are flagged.",
      [](const Args& a, const NetworkOptions& o) { return run_admin_members(o, a.json, std::cout, std::cerr); });
  cmd.add_flag("--json", args.json, "Print the server's JSON instead of a table");
  add_network_options(cmd, args.network);
}

void add_member_add(CLI::App& admin, int& exit_code) {
  struct Args {
    NetworkArgs network;
    MemberAddOptions add;
  };
  auto [cmd, args] = add_network_command<Args>(
      admin, exit_code, "member-add", "Register a member agency (POST /v1/admin/members).",
      [](const Args& a, const NetworkOptions& o) { return run_admin_member_add(o, a.add, std::cout, std::cerr); });
  cmd.add_option("--member", args.add.member, "Member id, e.g. AUS-ABF")->required();
  cmd.add_option("--role", args.add.role, "reporter, analyst or admin")->required()->check(CLI::IsMember({"reporter", "analyst", "admin"}));
  cmd.add_flag("--name-opt-in", args.add.name_opt_in, "The state agreed to be named in breakdowns by reporting state");
  add_network_options(cmd, args.network);
}

void add_enroll(CLI::App& admin, int& exit_code) {
  struct Args {
    NetworkArgs network;
    AdminEnrollOptions enroll;
    std::string request;
    std::string out;
  };
  auto [cmd, args] = add_network_command<Args>(
      admin, exit_code, "enroll",
      "Sign a member's enrol-request.json: registers the member with --role if new (an existing\n"
      "member must already have that role), asks the server for a certificate, and writes the\n"
      "bundle (certificate + CA chain, public data, 0644) to --out for the member to install.\n"
      "A certificate for an existing member needs its proof (`vrs-client enroll --renew`); without\n"
      "it, and for the first certificate of an analyst or administrator, the request waits for a\n"
      "second administrator (`vrs-client admin approve`).",
      [](const Args& a, const NetworkOptions& o) {
        AdminEnrollOptions enroll = a.enroll;
        enroll.request = a.request;
        enroll.out = a.out;
        return run_admin_enroll(o, enroll, std::cout, std::cerr);
      });
  cmd.alias("enrol");  // the first spelling; scripts keep working
  cmd.add_option("--request", args.request, "enrol-request.json from the member")->required();
  cmd.add_option("--role", args.enroll.role, "reporter, analyst or admin")
      ->required()
      ->check(CLI::IsMember({"reporter", "analyst", "admin"}));
  cmd.add_option("--days", args.enroll.days, "Certificate validity in days")->check(CLI::Range(1, 825))->capture_default_str();
  cmd.add_option("--reason", args.enroll.reason, "Why the certificate is issued (kept in the inventory)")->capture_default_str();
  cmd.add_flag("--name-opt-in", args.enroll.name_opt_in, "When registering: the state agreed to be named");
  cmd.add_option("--out", args.out, "Bundle file to write (never overwritten)")->required();
  add_network_options(cmd, args.network);
}

void add_requests(CLI::App& admin, int& exit_code) {
  struct Args {
    NetworkArgs network;
  };
  auto [cmd, args] = add_network_command<Args>(
      admin, exit_code, "requests",
      "List certificate requests waiting for a second administrator (two-person rule: a certificate\n"
      "for an existing member without its proof, or the first one of an analyst or administrator).",
      [](const Args&, const NetworkOptions& o) { return run_admin_requests(o, std::cout, std::cerr); });
  add_network_options(cmd, args.network);
}

void add_approve(CLI::App& admin, int& exit_code) {
  struct Args {
    NetworkArgs network;
    std::int64_t id = 0;
    std::string out;
  };
  auto [cmd, args] = add_network_command<Args>(
      admin, exit_code, "approve",
      "Approve a certificate request another administrator made (`admin requests` lists them); the\n"
      "certificate is issued and its bundle written to --out. You cannot approve your own request.\n"
      "A member that had a certificate is told at its next connection.",
      [](const Args& a, const NetworkOptions& o) { return run_admin_approve(o, a.id, a.out, std::cout, std::cerr); });
  cmd.add_option("request", args.id, "Request id")->required()->check(CLI::PositiveNumber);
  cmd.add_option("--out", args.out, "Bundle file to write (never overwritten)")->required();
  add_network_options(cmd, args.network);
}

void add_revoke(CLI::App& admin, int& exit_code) {
  struct Args {
    NetworkArgs network;
    std::string serial;
    std::string reason;
  };
  auto [cmd, args] = add_network_command<Args>(
      admin, exit_code, "revoke",
      "Revoke a certificate at once: new connections with it are refused, open ones on their next request.",
      [](const Args& a, const NetworkOptions& o) { return run_admin_revoke(o, a.serial, a.reason, std::cout, std::cerr); });
  cmd.add_option("--serial", args.serial, "Certificate serial (hex, as `admin members` shows)")->required();
  cmd.add_option("--reason", args.reason, "key_compromise, affiliation_changed, superseded, cessation_of_operation or unspecified")
      ->required()
      ->check(CLI::IsMember({"key_compromise", "affiliation_changed", "superseded", "cessation_of_operation", "unspecified"}));
  add_network_options(cmd, args.network);
}

void add_audit(CLI::App& admin, int& exit_code) {
  struct Args {
    NetworkArgs network;
    AuditOptions audit;
    std::int64_t after = -1;
    int limit = 0;
    CLI::Option* after_opt = nullptr;
    CLI::Option* limit_opt = nullptr;
  };
  auto [cmd, args] = add_command<Args>(
      admin, exit_code, "audit",
      "Read the hash-chained audit log (seq, time, actor, action, object, outcome), a page at a\n"
      "time; or with --verify have the server recompute the whole chain: exit 1 naming the first\n"
      "broken seq if it is broken.",
      [](const Args& a) {
        return with_network(a.network, a.audit.verify ? "admin audit --verify" : "admin audit", [&](const NetworkOptions& o) {
          AuditOptions audit = a.audit;
          if (a.after_opt->count() > 0) audit.after = a.after;
          if (a.limit_opt->count() > 0) audit.limit = a.limit;
          return run_admin_audit(o, audit, std::cout, std::cerr);
        });
      });
  args.after_opt = cmd.add_option("--after", args.after, "Show entries after this seq")->check(CLI::NonNegativeNumber);
  args.limit_opt = cmd.add_option("--limit", args.limit, "Entries per page (1..1000, server default 100)")->check(CLI::Range(1, 1000));
  auto* verify_flag = cmd.add_flag("--verify", args.audit.verify, "Verify the chain instead of listing entries");
  verify_flag->excludes(args.after_opt)->excludes(args.limit_opt);
  add_network_options(cmd, args.network);
}

}  // namespace

void add_admin_command(CLI::App& app, int& exit_code) {
  auto* admin = app.add_subcommand(
      "admin", "Administrator commands (role admin): members, certificates, audit log. Admins see no incident data.");
  admin->require_subcommand(1);
  add_members(*admin, exit_code);
  add_member_add(*admin, exit_code);
  add_enroll(*admin, exit_code);
  add_requests(*admin, exit_code);
  add_approve(*admin, exit_code);
  add_revoke(*admin, exit_code);
  add_audit(*admin, exit_code);
}

}  // namespace vrs::client::commands
