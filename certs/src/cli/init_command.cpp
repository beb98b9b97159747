#include "init_command.hpp"

#include <chrono>
#include <iostream>

#include "vrs/certs/ca_directory.hpp"

namespace vrs::certs::cli {
namespace {

// The help text of the command, shown by `vrs-ca init --help`.
constexpr const char* kHelp =
    "Create a new CA in --dir (a new or empty directory, made mode 0700):\n"
    "  root.key (0600) + root.crt   the root CA (self-signed, default 7300 days)\n"
    "  issuing.key (0600) + issuing.crt  the issuing CA, signed by the root (default 3650 days)\n"
    "  ca-chain.pem  issuing + root certificate: what servers and members trust\n"
    "  index.tsv     the record of every certificate issued (header only)\n"
    "  crlnumber, crl.pem  CRL number 1, empty, signed by the issuing CA\n"
    "After init, move root.key to offline storage: no other command needs it.";

struct InitArgs {
  std::string dir, key_type = "p256", root_name = "VRS Root CA", issuing_name = "VRS Issuing CA";
  int root_days = 7300, issuing_days = 3650;
};

void add_options(CLI::App& init, InitArgs& args) {
  init.add_option("--key-type", args.key_type, "CA key type: p256 (ECDSA P-256) or ed25519")
      ->check(CLI::IsMember({"p256", "ed25519"}))
      ->capture_default_str();
  init.add_option("--root-name", args.root_name, "Common name of the root CA")->capture_default_str();
  init.add_option("--issuing-name", args.issuing_name, "Common name of the issuing CA")->capture_default_str();
  init.add_option("--root-days", args.root_days, "Root CA validity in days")->capture_default_str();
  init.add_option("--issuing-days", args.issuing_days, "Issuing CA validity in days (at most --root-days)")
      ->capture_default_str();
}

Result<void> run_init(const InitArgs& a) {
  CaInitOptions options;
  options.key_type = key_type(a.key_type);
  options.root_name = a.root_name;
  options.issuing_name = a.issuing_name;
  options.root_days = std::chrono::days(a.root_days);
  options.issuing_days = std::chrono::days(a.issuing_days);
  VRS_TRY(auto ca, CaDirectory::init(a.dir, options));
  const auto f = [&](const char* name) { return ca.file(name).string(); };
  std::cout << "created CA directory " << ca.path().string() << " (mode 0700)\n"
            << "  root CA     " << ca.root().common_name() << ", valid until " << format_time(ca.root().not_after()) << "\n"
            << "  root CA SHA-256 fingerprint " << ca.root().fingerprint_sha256() << "\n"
            << "              (give it to every member by another channel: `vrs-client install --ca-fingerprint`)\n"
            << "  issuing CA  " << ca.issuing().common_name() << ", valid until "
            << format_time(ca.issuing().not_after()) << "\n"
            << "  " << f(CaFiles::kRootKey) << "     (mode 0600) root CA private key: MOVE TO OFFLINE STORAGE\n"
            << "  " << f(CaFiles::kIssuingKey) << "  (mode 0600) issuing CA private key: copy to the server only\n"
            << "  " << f(CaFiles::kChain) << " trust anchors for servers and members\n"
            << "  " << f(CaFiles::kCrl) << "      CRL number 1 (empty)\n"
            << "next: move " << f(CaFiles::kRootKey)
            << " to offline storage now; it is not needed again until a new issuing CA is made.\n";
  return {};
}

}  // namespace

Command init_command(CLI::App& app) {
  return make_command<InitArgs>(app, {.name = "init", .help = kHelp, .options = add_options, .run = run_init});
}

}  // namespace vrs::certs::cli
