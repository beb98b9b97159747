#include "sign_command.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string_view>

#include "vrs/certs/ca_directory.hpp"
#include "vrs/certs/csr.hpp"
#include "vrs/schema/terminal_text.hpp"

namespace vrs::certs::cli {
namespace {

// The help text of the command, shown by `vrs-ca sign --help`.
constexpr const char* kHelp =
    "Sign a member's CSR (made on the member's own machine; only the CSR travels) and write the\n"
    "member certificate to --out (mode 0644; refuses to overwrite). The member id and role come\n"
    "from --member and --role, never from the CSR. Validity at most 825 days. The certificate is\n"
    "recorded in index.tsv with --reason. Renewal is a new CSR signed the same way; then revoke\n"
    "the old certificate with reason superseded. Needs issuing.key (0600); not root.key.";

namespace fs = std::filesystem;

struct SignArgs {
  std::string dir, csr, member, role, out, reason;
  int days = 397;
};

void add_options(CLI::App& sign, SignArgs& args) {
  sign.add_option("--csr", args.csr, "The member's CSR (PEM)")->required()->type_name("FILE");
  sign.add_option("--member", args.member, "Member id <ISO3>-<AGENCY>, e.g. AUS-ABF")->required()->type_name("ID");
  sign.add_option("--role", args.role, "reporter, analyst or admin")->required()->type_name("ROLE");
  sign.add_option("--out", args.out, "Where to write the certificate")->required()->type_name("FILE");
  sign.add_option("--days", args.days, "Validity in days (1 to 825)")->capture_default_str();
  sign.add_option("--reason", args.reason, "Why it is issued, e.g. 'enrolment ticket 42' (kept in index.tsv)")
      ->type_name("TEXT");
}

Result<std::string> read_csr(const std::string& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) return fail(ErrorCode::NotFound, "cannot read CSR " + path + ": " + ec.message());
  if (size > kMaxCsrPem) return fail(ErrorCode::InvalidArgument, "CSR " + path + " is larger than 16 KiB");
  std::ifstream in(path, std::ios::binary);
  std::string pem(static_cast<std::size_t>(size), '\0');
  if (!in || !in.read(pem.data(), static_cast<std::streamsize>(pem.size()))) {
    return fail(ErrorCode::NotFound, "cannot read CSR " + path);
  }
  return pem;
}

// The CSR's CN comes from the member's machine: show it made terminal-safe, so it cannot
// smuggle escape sequences into the administrator's screen. Its first 64 bytes are shown, with
// no "..." after a longer name (as vrs-ca always did).
std::string printable(std::string_view text) {
  constexpr std::size_t kShown = 64;
  return schema::terminal_safe(text.substr(0, kShown), kShown);
}

Result<void> run_sign(const SignArgs& a) {
  VRS_TRY(const auto member, parse_member_id(a.member));
  VRS_TRY(const auto role, parse_role(a.role));
  VRS_TRY(auto pem, read_csr(a.csr));
  VRS_TRY(auto ca, CaDirectory::open(a.dir));
  MemberRequest request;
  request.csr_pem = std::move(pem);
  request.csr_label = "CSR " + a.csr;
  request.identity = Identity{member, role};
  request.days = std::chrono::days(a.days);
  request.cert_out = a.out;
  request.note = a.reason;
  VRS_TRY(const auto issued, ca.sign_member(request));
  const auto& e = issued.entry;
  std::cout << "signed member certificate for " << e.subject << " (role " << to_string(*e.role) << ")\n"
            << "  serial   " << e.serial_hex << "\n"
            << "  valid    " << validity_line(e) << "\n"
            << "  sha256   " << e.fingerprint_sha256 << "\n"
            << "  cert     " << a.out << " (mode 0644)\n";
  if (issued.csr_common_name != e.subject) {
    std::cout << "note: the CSR asked for the name \"" << printable(issued.csr_common_name)
              << "\"; the certificate binds " << e.subject << " as given by --member\n";
  }
  std::cout << "send " << a.out << " and " << ca.file(CaFiles::kChain).string() << " to " << e.subject
            << "; register the certificate on the server.\n";
  return {};
}

}  // namespace

Command sign_command(CLI::App& app) {
  return make_command<SignArgs>(app, {.name = "sign", .help = kHelp, .options = add_options, .run = run_sign});
}

}  // namespace vrs::certs::cli
