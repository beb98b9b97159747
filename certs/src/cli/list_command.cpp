#include "list_command.hpp"

#include <iostream>

#include "vrs/certs/ca_directory.hpp"

namespace vrs::certs::cli {
namespace {

// The help text of the command, shown by `vrs-ca list --help`.
constexpr const char* kHelp =
    "Show every certificate issued by this CA (index.tsv): serial, kind, subject, role, expiry,\n"
    "status (valid, EXPIRING within 30 days, expired, revoked) and the reason it was issued.\n"
    "Warns if root.key is still in the directory. Reads no private key.";

struct ListArgs {
  std::string dir;
};

Result<void> run_list(const ListArgs& a) {
  VRS_TRY(const auto ca, CaDirectory::open(a.dir));
  std::cout << format_inventory(ca.list());
  std::cout << "issuing CA valid until " << format_time(ca.issuing().not_after()) << "; last CRL number "
            << ca.crl_number() << "\n";
  if (ca.root_key_present()) {
    std::cout << "warning: " << ca.file(CaFiles::kRootKey).string()
              << " is still in the CA directory; move it to offline storage\n";
  }
  return {};
}

}  // namespace

Command list_command(CLI::App& app) {
  return make_command<ListArgs>(app, {.name = "list", .help = kHelp, .options = nullptr, .run = run_list});
}

}  // namespace vrs::certs::cli
