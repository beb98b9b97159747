#include "list_command.hpp"

#include <iostream>
#include <memory>

#include "vrs/certs/ca_directory.hpp"

namespace vrs::certs::cli {
namespace {

// The help text of the command, shown by `vrs-ca list --help`.
constexpr const char* kHelp =
    "Show every certificate issued by this CA (index.tsv): serial, kind, subject, role, expiry,\n"
    "status (valid, EXPIRING within 30 days, expired, revoked) and the reason it was issued.\n"
    "Warns if root.key is still in the directory. Reads no private key.";

Result<void> run_list(const std::string& dir) {
  VRS_TRY(const auto ca, CaDirectory::open(dir));
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
  auto dir = std::make_shared<std::string>();
  auto* list = add_command(app, "list", kHelp, *dir);
  return {list, [dir] { return exit_code(run_list(*dir)); }};
}

}  // namespace vrs::certs::cli
