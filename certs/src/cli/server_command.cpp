#include "server_command.hpp"

#include <chrono>
#include <iostream>
#include <vector>

#include "vrs/certs/ca_directory.hpp"

namespace vrs::certs::cli {
namespace {

// The help text of the command, shown by `vrs-ca server --help`.
constexpr const char* kHelp =
    "Issue the TLS server certificate: generates a new key (written to --key, mode 0600) and a\n"
    "certificate (written to --cert, mode 0644) for the given DNS names / IP addresses, signed by\n"
    "the issuing CA (serverAuth), and records it in index.tsv. Refuses to overwrite either file.\n"
    "Needs issuing.key (mode 0600); not root.key.";

struct ServerArgs {
  std::string dir, key, cert, key_type = "p256", reason;
  std::vector<std::string> names;
  int days = 397;
};

void add_options(CLI::App& server, ServerArgs& args) {
  server.add_option("--name", args.names, "DNS name or IP address of the server (repeat for more)")
      ->required()
      ->type_name("NAME");
  server.add_option("--key", args.key, "Where to write the new private key (0600)")->required()->type_name("FILE");
  server.add_option("--cert", args.cert, "Where to write the certificate (0644)")->required()->type_name("FILE");
  server.add_option("--days", args.days, "Validity in days (1 to 825)")->capture_default_str();
  server.add_option("--key-type", args.key_type, "p256 or ed25519")
      ->check(CLI::IsMember({"p256", "ed25519"}))
      ->capture_default_str();
  server.add_option("--reason", args.reason, "Why it is issued (kept in index.tsv, at most 200 characters)")
      ->type_name("TEXT");
}

Result<void> run_server(const ServerArgs& a) {
  VRS_TRY(auto ca, CaDirectory::open(a.dir));
  ServerRequest request;
  request.names = a.names;
  request.key_out = a.key;
  request.cert_out = a.cert;
  request.days = std::chrono::days(a.days);
  request.key_type = key_type(a.key_type);
  request.note = a.reason;
  VRS_TRY(const auto issued, ca.issue_server(request));
  const auto& e = issued.entry;
  std::cout << "issued server certificate for " << e.subject << "\n"
            << "  serial   " << e.serial_hex << "\n"
            << "  valid    " << validity_line(e) << "\n"
            << "  sha256   " << e.fingerprint_sha256 << "\n"
            << "  key      " << a.key << " (mode 0600)\n"
            << "  cert     " << a.cert << " (mode 0644)\n"
            << "the server trusts member certificates through " << ca.file(CaFiles::kChain).string() << "\n";
  return {};
}

}  // namespace

Command server_command(CLI::App& app) {
  return make_command<ServerArgs>(app, {.name = "server", .help = kHelp, .options = add_options, .run = run_server});
}

}  // namespace vrs::certs::cli
