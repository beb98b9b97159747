#include "vrs/server/cli/cli.hpp"

#include <iostream>
#include <string>

#include "cli/db_cli.hpp"
#include "cli/keys_cli.hpp"
#include "cli/server_cli.hpp"
#include "vrs/crypto/init.hpp"

namespace vrs::server::cli {

int run_cli(int argc, char** argv) {
  CLI::App app{"vrs-server: the VRS reporting server and its store administration.", "vrs-server"};
  app.require_subcommand(1);
  app.footer("Run 'vrs-server <command> --help' for the options of a command.");
  int exit_code = 0;
  add_db_commands(app, exit_code);
  add_server_commands(app, exit_code);
  add_key_commands(app, exit_code);

  if (auto init = crypto::init(); !init) {
    std::cerr << "vrs-server: " << init.error().message() << "\n";
    return 1;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e, std::cout, std::cerr);  // --help
    std::cerr << "vrs-server: " << e.what() << " (see --help)\n";
    return 2;
  }
  return exit_code;
}

}  // namespace vrs::server::cli
