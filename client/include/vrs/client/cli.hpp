#pragma once
/// The `vrs-client` command line (CLI11 subcommand table). main() only calls run_cli.

namespace vrs::client {

/// Parses argv and runs the command. Output goes to stdout; a failure is one line on stderr
/// starting with "vrs-client: " (commands/failure.hpp). Returns the process exit code: 0
/// success, 1 the command failed, 2 usage error.
int run_cli(int argc, char** argv);

}  // namespace vrs::client
