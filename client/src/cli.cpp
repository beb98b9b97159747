#include "vrs/client/cli.hpp"

#include <CLI/CLI.hpp>

#include "vrs/client/commands/log_command.hpp"
#include "vrs/client/commands/admin_command.hpp"
#include "vrs/client/commands/discard_command.hpp"
#include "vrs/client/commands/enroll_command.hpp"
#include "vrs/client/commands/failure.hpp"
#include "vrs/client/commands/gen_command.hpp"
#include "vrs/client/commands/incidents_command.hpp"
#include "vrs/client/commands/receipts_command.hpp"
#include "vrs/client/commands/report_command.hpp"
#include "vrs/client/commands/status_command.hpp"
#include "vrs/client/commands/submit_command.hpp"
#include "vrs/client/commands/sync_command.hpp"
#include "vrs/client/commands/agent_command.hpp"
#include "vrs/client/commands/validate_command.hpp"
#include "vrs/client/commands/whoami_command.hpp"

namespace vrs::client {

int run_cli(int argc, char** argv) {
  CLI::App app{"vrs-client: the VRS member agent: validate and submit incident files (signed, encrypted,\n"
               "queued in an encrypted outbox until the server's signed receipt is back), amend and\n"
               "withdraw records, enrol, fetch analyses and regional reports (HTML, CSV, JSON), and (for\n"
               "administrators) manage members, certificates and the audit log. Run `vrs-client COMMAND\n"
               "--help` for details."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "vrs-client 0.1.0");

  // Each command sets the exit code from its callback; the order is the order of --help.
  int exit_code = commands::kExitUsage;
  commands::add_validate_command(app, exit_code);
  commands::add_enroll_command(app, exit_code);
  commands::add_install_command(app, exit_code);
  commands::add_whoami_command(app, exit_code);
  commands::add_certificates_command(app, exit_code);
  commands::add_admin_command(app, exit_code);
  commands::add_submit_commands(app, exit_code);
  commands::add_withdraw_command(app, exit_code);
  commands::add_sync_command(app, exit_code);
  commands::add_agent_command(app, exit_code);
  commands::add_status_command(app, exit_code);
  commands::add_receipts_command(app, exit_code);
  commands::add_discard_command(app, exit_code);
  commands::add_log_command(app, exit_code);
  commands::add_incidents_command(app, exit_code);
  commands::add_gen_command(app, exit_code);
  commands::add_report_command(app, exit_code);
  commands::add_analyze_command(app, exit_code);
  commands::add_audit_report_command(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 prints --help/--version (exit 0) or the usage error with a hint (exit 2).
    return app.exit(e) == 0 ? commands::kExitOk : commands::kExitUsage;
  }
  return exit_code;
}

}  // namespace vrs::client
