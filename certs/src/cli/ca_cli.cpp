#include "vrs/certs/cli/ca_cli.hpp"

#include <array>
#include <iostream>
#include <string>

#include "command.hpp"
#include "crl_command.hpp"
#include "init_command.hpp"
#include "list_command.hpp"
#include "revoke_command.hpp"
#include "server_command.hpp"
#include "sign_command.hpp"
#include "vrs/crypto/init.hpp"

namespace vrs::certs::cli {

int run(int argc, char** argv) {
  CLI::App app{"vrs-ca: the offline certificate authority of VRS. It creates the PKI, issues the server\n"
               "certificate, signs member CSRs, revokes certificates and publishes CRLs, all in one CA\n"
               "directory (see docs/pki.md).",
               "vrs-ca"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "vrs-ca 0.1.0");
  app.footer(kOfflineNote);  // inherited by the subcommands added below

  const std::array commands{init_command(app),   server_command(app), sign_command(app),
                            revoke_command(app), crl_command(app),    list_command(app)};

  app.footer(std::string("Run 'vrs-ca <command> --help' for the options of a command.\n\n") + kOfflineNote);

  if (auto ok = crypto::init(); !ok) return failure(ok.error());
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e, std::cout, std::cerr);  // --help, --version
    return usage(e.what());
  }
  for (const auto& command : commands) {
    if (command.app->parsed()) return command.run();
  }
  return usage("no command given");
}

}  // namespace vrs::certs::cli
