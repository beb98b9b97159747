// vrs-ca: the offline certificate authority of VRS. Parses arguments (CLI11) and calls
// vrs::certs::CaDirectory; everything that decides or writes lives in the vrs_pki library.
//
// Exit status: 0 success, 1 failure (one line "vrs-ca: <message>" on stderr), 2 usage error
// (CLI11 parse errors: unknown or missing options, bad option types). Values the library
// checks (member id, role, days, CSR) are failures (1), with the library's message.
// Private keys are never printed.
#include <CLI/CLI.hpp>

#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "vrs/certs/ca_directory.hpp"
#include "vrs/certs/csr.hpp"
#include "vrs/crypto/init.hpp"

namespace {

using namespace vrs::certs;
namespace fs = std::filesystem;

constexpr const char* kOfflineNote =
    "What stays offline: root.key is only needed to create issuing CAs. After init, move it to\n"
    "offline storage (e.g. an encrypted USB stick in a safe) and delete it from the CA directory;\n"
    "every other command works without it. Keep the whole CA directory on an offline machine;\n"
    "only issuing.key (copied to the server for online enrolment), the certificates and the CRL\n"
    "leave it.\n";

int failure(const vrs::Error& error) {
  std::cerr << "vrs-ca: " << error.message() << "\n";
  return 1;
}

int usage(const std::string& message) {
  std::cerr << "vrs-ca: " << message << " (see --help)\n";
  return 2;
}

KeyType key_type(const std::string& text) { return text == "ed25519" ? KeyType::Ed25519 : KeyType::EcdsaP256; }

vrs::Result<std::string> read_csr(const std::string& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) return vrs::fail(vrs::ErrorCode::NotFound, "cannot read CSR " + path + ": " + ec.message());
  if (size > kMaxCsrPem) return vrs::fail(vrs::ErrorCode::InvalidArgument, "CSR " + path + " is larger than 16 KiB");
  std::ifstream in(path, std::ios::binary);
  std::string pem(static_cast<std::size_t>(size), '\0');
  if (!in || !in.read(pem.data(), static_cast<std::streamsize>(pem.size()))) {
    return vrs::fail(vrs::ErrorCode::NotFound, "cannot read CSR " + path);
  }
  return pem;
}

// The CSR's CN comes from the member's machine: show it with anything but printable ASCII
// replaced, so it cannot smuggle terminal escape sequences into the administrator's screen.
std::string printable(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 64)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return out;
}

std::string validity_line(const IndexEntry& e) {
  return format_time(e.not_before) + " to " + format_time(e.not_after);
}

struct InitArgs {
  std::string dir, key_type = "p256", root_name = "VRS Root CA", issuing_name = "VRS Issuing CA";
  int root_days = 7300, issuing_days = 3650;
};
struct ServerArgs {
  std::string dir, key, cert, key_type = "p256", reason;
  std::vector<std::string> names;
  int days = 397;
};
struct SignArgs {
  std::string dir, csr, member, role, out, reason;
  int days = 397;
};
struct RevokeArgs {
  std::string dir, serial, cert, reason;
  int next_update_days = 7;
};
struct CrlArgs {
  std::string dir, out;
  int next_update_days = 7;
};
struct ListArgs {
  std::string dir;
};

int run_init(const InitArgs& a) {
  CaInitOptions options;
  options.key_type = key_type(a.key_type);
  options.root_name = a.root_name;
  options.issuing_name = a.issuing_name;
  options.root_days = std::chrono::days(a.root_days);
  options.issuing_days = std::chrono::days(a.issuing_days);
  auto ca = CaDirectory::init(a.dir, options);
  if (!ca) return failure(ca.error());
  const auto f = [&](const char* name) { return ca->file(name).string(); };
  std::cout << "created CA directory " << ca->path().string() << " (mode 0700)\n"
            << "  root CA     " << ca->root().common_name() << ", valid until " << format_time(ca->root().not_after()) << "\n"
            << "  issuing CA  " << ca->issuing().common_name() << ", valid until "
            << format_time(ca->issuing().not_after()) << "\n"
            << "  " << f(CaFiles::kRootKey) << "     (mode 0600) root CA private key: MOVE TO OFFLINE STORAGE\n"
            << "  " << f(CaFiles::kIssuingKey) << "  (mode 0600) issuing CA private key: copy to the server only\n"
            << "  " << f(CaFiles::kChain) << " trust anchors for servers and members\n"
            << "  " << f(CaFiles::kCrl) << "      CRL number 1 (empty)\n"
            << "next: move " << f(CaFiles::kRootKey)
            << " to offline storage now; it is not needed again until a new issuing CA is made.\n";
  return 0;
}

int run_server(const ServerArgs& a) {
  auto ca = CaDirectory::open(a.dir);
  if (!ca) return failure(ca.error());
  ServerRequest request;
  request.names = a.names;
  request.key_out = a.key;
  request.cert_out = a.cert;
  request.days = std::chrono::days(a.days);
  request.key_type = key_type(a.key_type);
  request.note = a.reason;
  auto issued = ca->issue_server(request);
  if (!issued) return failure(issued.error());
  const auto& e = issued->entry;
  std::cout << "issued server certificate for " << e.subject << "\n"
            << "  serial   " << e.serial_hex << "\n"
            << "  valid    " << validity_line(e) << "\n"
            << "  sha256   " << e.fingerprint_sha256 << "\n"
            << "  key      " << a.key << " (mode 0600)\n"
            << "  cert     " << a.cert << " (mode 0644)\n"
            << "the server trusts member certificates through " << ca->file(CaFiles::kChain).string() << "\n";
  return 0;
}

int run_sign(const SignArgs& a) {
  auto member = parse_member_id(a.member);
  if (!member) return failure(member.error());
  auto role = parse_role(a.role);
  if (!role) return failure(role.error());
  auto pem = read_csr(a.csr);
  if (!pem) return failure(pem.error());
  auto ca = CaDirectory::open(a.dir);
  if (!ca) return failure(ca.error());
  MemberRequest request;
  request.csr_pem = std::move(*pem);
  request.csr_label = "CSR " + a.csr;
  request.identity = Identity{*member, *role};
  request.days = std::chrono::days(a.days);
  request.cert_out = a.out;
  request.note = a.reason;
  auto issued = ca->sign_member(request);
  if (!issued) return failure(issued.error());
  const auto& e = issued->entry;
  std::cout << "signed member certificate for " << e.subject << " (role " << to_string(*e.role) << ")\n"
            << "  serial   " << e.serial_hex << "\n"
            << "  valid    " << validity_line(e) << "\n"
            << "  sha256   " << e.fingerprint_sha256 << "\n"
            << "  cert     " << a.out << " (mode 0644)\n";
  if (issued->csr_common_name != e.subject) {
    std::cout << "note: the CSR asked for the name \"" << printable(issued->csr_common_name)
              << "\"; the certificate binds " << e.subject << " as given by --member\n";
  }
  std::cout << "send " << a.out << " and " << ca->file(CaFiles::kChain).string() << " to " << e.subject
            << "; register the certificate on the server.\n";
  return 0;
}

int run_revoke(const RevokeArgs& a) {
  auto reason = parse_revocation_reason(a.reason);
  if (!reason) return failure(reason.error());
  auto ca = CaDirectory::open(a.dir);
  if (!ca) return failure(ca.error());
  std::string serial = a.serial;
  if (!a.cert.empty()) {
    auto cert = Certificate::load(a.cert);
    if (!cert) return failure(cert.error());
    auto found = ca->serial_of(*cert);
    if (!found) return failure(found.error());
    serial = *found;
  }
  auto revoked = ca->revoke(serial, *reason, std::chrono::hours(24 * a.next_update_days));
  if (!revoked) return failure(revoked.error());
  const auto& e = revoked->entry;
  std::cout << "revoked certificate " << e.serial_hex << " (" << to_string(e.kind) << " " << e.subject << ") at "
            << format_time(*e.revoked_at) << ", reason " << to_string(*e.reason) << "\n"
            << "wrote CRL number " << ca->crl_number() << " (" << revoked->crl.size() << " revoked, next update "
            << format_time(revoked->crl.next_update()) << ") to " << ca->file(CaFiles::kCrl).string() << "\n"
            << "install the new CRL on the server and reload it (SIGHUP).\n";
  return 0;
}

int run_crl(const CrlArgs& a) {
  auto ca = CaDirectory::open(a.dir);
  if (!ca) return failure(ca.error());
  auto crl = ca->build_crl(std::chrono::hours(24 * a.next_update_days));
  if (!crl) return failure(crl.error());
  const fs::path out = a.out.empty() ? ca->file(CaFiles::kCrl) : fs::path(a.out);
  if (auto written = CaDirectory::write_crl(*crl, out); !written) return failure(written.error());
  std::cout << "wrote CRL number " << ca->crl_number() << " (" << crl->size() << " revoked, next update "
            << format_time(crl->next_update()) << ") to " << out.string() << "\n";
  return 0;
}

int run_list(const ListArgs& a) {
  auto ca = CaDirectory::open(a.dir);
  if (!ca) return failure(ca.error());
  std::cout << format_inventory(ca->list());
  std::cout << "issuing CA valid until " << format_time(ca->issuing().not_after()) << "; last CRL number "
            << ca->crl_number() << "\n";
  if (ca->root_key_present()) {
    std::cout << "warning: " << ca->file(CaFiles::kRootKey).string()
              << " is still in the CA directory; move it to offline storage\n";
  }
  return 0;
}

void add_dir(CLI::App& cmd, std::string& dir) {
  cmd.add_option("--dir", dir, "CA directory")->required()->type_name("DIR");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"vrs-ca: the offline certificate authority of VRS. It creates the PKI, issues the server\n"
               "certificate, signs member CSRs, revokes certificates and publishes CRLs, all in one CA\n"
               "directory (see docs/pki.md).",
               "vrs-ca"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "vrs-ca 0.1.0");
  app.footer(kOfflineNote);  // inherited by the sub-commands added below

  InitArgs init_args;
  auto* init = app.add_subcommand(
      "init",
      "Create a new CA in --dir (a new or empty directory, made mode 0700):\n"
      "  root.key (0600) + root.crt   the root CA (self-signed, default 7300 days)\n"
      "  issuing.key (0600) + issuing.crt  the issuing CA, signed by the root (default 3650 days)\n"
      "  ca-chain.pem  issuing + root certificate: what servers and members trust\n"
      "  index.tsv     the record of every certificate issued (header only)\n"
      "  crlnumber, crl.pem  CRL number 1, empty, signed by the issuing CA\n"
      "After init, move root.key to offline storage: no other command needs it.");
  add_dir(*init, init_args.dir);
  init->add_option("--key-type", init_args.key_type, "CA key type: p256 (ECDSA P-256) or ed25519")
      ->check(CLI::IsMember({"p256", "ed25519"}))
      ->capture_default_str();
  init->add_option("--root-name", init_args.root_name, "Common name of the root CA")->capture_default_str();
  init->add_option("--issuing-name", init_args.issuing_name, "Common name of the issuing CA")->capture_default_str();
  init->add_option("--root-days", init_args.root_days, "Root CA validity in days")->capture_default_str();
  init->add_option("--issuing-days", init_args.issuing_days, "Issuing CA validity in days (at most --root-days)")
      ->capture_default_str();

  ServerArgs server_args;
  auto* server = app.add_subcommand(
      "server",
      "Issue the TLS server certificate: generates a new key (written to --key, mode 0600) and a\n"
      "certificate (written to --cert, mode 0644) for the given DNS names / IP addresses, signed by\n"
      "the issuing CA (serverAuth), and records it in index.tsv. Refuses to overwrite either file.\n"
      "Needs issuing.key (mode 0600); not root.key.");
  add_dir(*server, server_args.dir);
  server->add_option("--name", server_args.names, "DNS name or IP address of the server (repeat for more)")
      ->required()
      ->type_name("NAME");
  server->add_option("--key", server_args.key, "Where to write the new private key (0600)")->required()->type_name("FILE");
  server->add_option("--cert", server_args.cert, "Where to write the certificate (0644)")->required()->type_name("FILE");
  server->add_option("--days", server_args.days, "Validity in days (1 to 825)")->capture_default_str();
  server->add_option("--key-type", server_args.key_type, "p256 or ed25519")
      ->check(CLI::IsMember({"p256", "ed25519"}))
      ->capture_default_str();
  server->add_option("--reason", server_args.reason, "Why it is issued (kept in index.tsv, at most 200 characters)")
      ->type_name("TEXT");

  SignArgs sign_args;
  auto* sign = app.add_subcommand(
      "sign",
      "Sign a member's CSR (made on the member's own machine; only the CSR travels) and write the\n"
      "member certificate to --out (mode 0644; refuses to overwrite). The member id and role come\n"
      "from --member and --role, never from the CSR. Validity at most 825 days. The certificate is\n"
      "recorded in index.tsv with --reason. Renewal is a new CSR signed the same way; then revoke\n"
      "the old certificate with reason superseded. Needs issuing.key (0600); not root.key.");
  add_dir(*sign, sign_args.dir);
  sign->add_option("--csr", sign_args.csr, "The member's CSR (PEM)")->required()->type_name("FILE");
  sign->add_option("--member", sign_args.member, "Member id <ISO3>-<AGENCY>, e.g. AUS-ABF")->required()->type_name("ID");
  sign->add_option("--role", sign_args.role, "reporter, analyst or admin")->required()->type_name("ROLE");
  sign->add_option("--out", sign_args.out, "Where to write the certificate")->required()->type_name("FILE");
  sign->add_option("--days", sign_args.days, "Validity in days (1 to 825)")->capture_default_str();
  sign->add_option("--reason", sign_args.reason, "Why it is issued, e.g. 'enrolment ticket 42' (kept in index.tsv)")
      ->type_name("TEXT");

  RevokeArgs revoke_args;
  auto* revoke = app.add_subcommand(
      "revoke",
      "Revoke a certificate issued by this CA (by --serial or from its --cert file): marks it revoked\n"
      "in index.tsv, then writes a fresh CRL (next number) to DIR/crl.pem. Install that CRL on the\n"
      "server. Unknown or already revoked serials are refused. Needs issuing.key (0600).");
  add_dir(*revoke, revoke_args.dir);
  auto* serial_opt = revoke->add_option("--serial", revoke_args.serial, "Serial number (hex, as 'vrs-ca list' shows)")
                         ->type_name("HEX");
  auto* cert_opt = revoke->add_option("--cert", revoke_args.cert, "The certificate file to revoke")->type_name("FILE");
  serial_opt->excludes(cert_opt);
  revoke->add_option("--reason", revoke_args.reason,
                     "unspecified, key_compromise, affiliation_changed, superseded or cessation_of_operation")
      ->required()
      ->type_name("REASON");
  revoke->add_option("--next-update-days", revoke_args.next_update_days, "Days until the CRL's nextUpdate (1 to 366)")
      ->check(CLI::Range(1, 366))
      ->capture_default_str();

  CrlArgs crl_args;
  auto* crl = app.add_subcommand(
      "crl",
      "Issue a fresh CRL listing every revoked certificate, with the next CRL number, signed by the\n"
      "issuing CA, and write it to --out (default DIR/crl.pem, mode 0644). Re-issue it before its\n"
      "nextUpdate passes. Needs issuing.key (0600).");
  add_dir(*crl, crl_args.dir);
  crl->add_option("--out", crl_args.out, "Where to write the CRL (default DIR/crl.pem)")->type_name("FILE");
  crl->add_option("--next-update-days", crl_args.next_update_days, "Days until the CRL's nextUpdate (1 to 366)")
      ->check(CLI::Range(1, 366))
      ->capture_default_str();

  ListArgs list_args;
  auto* list = app.add_subcommand(
      "list",
      "Show every certificate issued by this CA (index.tsv): serial, kind, subject, role, expiry,\n"
      "status (valid, EXPIRING within 30 days, expired, revoked) and the reason it was issued.\n"
      "Warns if root.key is still in the directory. Reads no private key.");
  add_dir(*list, list_args.dir);

  app.footer(std::string("Run 'vrs-ca <command> --help' for the options of a command.\n\n") + kOfflineNote);

  if (auto ok = vrs::crypto::init(); !ok) return failure(ok.error());
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e, std::cout, std::cerr);  // --help, --version
    return usage(e.what());
  }

  if (init->parsed()) return run_init(init_args);
  if (server->parsed()) return run_server(server_args);
  if (sign->parsed()) return run_sign(sign_args);
  if (revoke->parsed()) {
    if (revoke_args.serial.empty() == revoke_args.cert.empty()) return usage("revoke needs exactly one of --serial or --cert");
    return run_revoke(revoke_args);
  }
  if (crl->parsed()) return run_crl(crl_args);
  if (list->parsed()) return run_list(list_args);
  return usage("no command given");
}
