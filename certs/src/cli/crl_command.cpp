#include "crl_command.hpp"

#include <chrono>
#include <filesystem>
#include <iostream>

#include "vrs/certs/ca_directory.hpp"

namespace vrs::certs::cli {
namespace {

// The help text of the command, shown by `vrs-ca crl --help`.
constexpr const char* kHelp =
    "Issue a fresh CRL listing every revoked certificate, with the next CRL number, signed by the\n"
    "issuing CA, and write it to --out (default DIR/crl.pem, mode 0644). Re-issue it before its\n"
    "nextUpdate passes. Needs issuing.key (0600).";

struct CrlArgs {
  std::string dir, out;
  int next_update_days = 7;
};

void add_options(CLI::App& crl, CrlArgs& args) {
  crl.add_option("--out", args.out, "Where to write the CRL (default DIR/crl.pem)")->type_name("FILE");
  crl.add_option("--next-update-days", args.next_update_days, "Days until the CRL's nextUpdate (1 to 366)")
      ->check(CLI::Range(1, 366))
      ->capture_default_str();
}

Result<void> run_crl(const CrlArgs& a) {
  VRS_TRY(auto ca, CaDirectory::open(a.dir));
  VRS_TRY(const auto crl, ca.build_crl(std::chrono::hours(24 * a.next_update_days)));
  const std::filesystem::path out = a.out.empty() ? ca.file(CaFiles::kCrl) : std::filesystem::path(a.out);
  VRS_TRY_VOID(CaDirectory::write_crl(crl, out));
  std::cout << "wrote CRL number " << ca.crl_number() << " (" << crl.size() << " revoked, next update "
            << format_time(crl.next_update()) << ") to " << out.string() << "\n";
  return {};
}

}  // namespace

Command crl_command(CLI::App& app) {
  return make_command<CrlArgs>(app, {.name = "crl", .help = kHelp, .options = add_options, .run = run_crl});
}

}  // namespace vrs::certs::cli
