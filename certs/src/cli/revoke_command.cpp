#include "revoke_command.hpp"

#include <chrono>
#include <iostream>

#include "vrs/certs/ca_directory.hpp"

namespace vrs::certs::cli {
namespace {

// The help text of the command, shown by `vrs-ca revoke --help`.
constexpr const char* kHelp =
    "Revoke a certificate issued by this CA (by --serial or from its --cert file): marks it revoked\n"
    "in index.tsv, then writes a fresh CRL (next number) to DIR/crl.pem. Install that CRL on the\n"
    "server. Unknown or already revoked serials are refused. Needs issuing.key (0600).";

struct RevokeArgs {
  std::string dir, serial, cert, reason;
  int next_update_days = 7;
};

void add_options(CLI::App& revoke, RevokeArgs& args) {
  auto* serial_opt =
      revoke.add_option("--serial", args.serial, "Serial number (hex, as 'vrs-ca list' shows)")->type_name("HEX");
  auto* cert_opt = revoke.add_option("--cert", args.cert, "The certificate file to revoke")->type_name("FILE");
  serial_opt->excludes(cert_opt);
  revoke.add_option("--reason", args.reason,
                    "unspecified, key_compromise, affiliation_changed, superseded or cessation_of_operation")
      ->required()
      ->type_name("REASON");
  revoke.add_option("--next-update-days", args.next_update_days, "Days until the CRL's nextUpdate (1 to 366)")
      ->check(CLI::Range(1, 366))
      ->capture_default_str();
}

// CLI11 refuses both options together (excludes); neither is caught here.
const char* misuse(const RevokeArgs& args) {
  return args.serial.empty() == args.cert.empty() ? "revoke needs exactly one of --serial or --cert" : nullptr;
}

Result<void> run_revoke(const RevokeArgs& a) {
  VRS_TRY(const auto reason, parse_revocation_reason(a.reason));
  VRS_TRY(auto ca, CaDirectory::open(a.dir));
  std::string serial = a.serial;
  if (!a.cert.empty()) {
    VRS_TRY(const auto cert, Certificate::load(a.cert));
    VRS_TRY(serial, ca.serial_of(cert));
  }
  VRS_TRY(const auto revoked, ca.revoke(serial, reason, std::chrono::hours(24 * a.next_update_days)));
  const auto& e = revoked.entry;
  std::cout << "revoked certificate " << e.serial_hex << " (" << to_string(e.kind) << " " << e.subject << ") at "
            << format_time(*e.revoked_at) << ", reason " << to_string(*e.reason) << "\n"
            << "wrote CRL number " << ca.crl_number() << " (" << revoked.crl.size() << " revoked, next update "
            << format_time(revoked.crl.next_update()) << ") to " << ca.file(CaFiles::kCrl).string() << "\n"
            << "install the new CRL on the server and reload it (SIGHUP).\n";
  return {};
}

}  // namespace

Command revoke_command(CLI::App& app) {
  return make_command<RevokeArgs>(app, {.name = "revoke", .help = kHelp, .options = add_options,
                                                .run = run_revoke, .misuse = misuse});
}

}  // namespace vrs::certs::cli
