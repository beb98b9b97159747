#pragma once
/// The `vrs-server` command line (CLI11 subcommand table). main() only calls run_cli.

namespace vrs::server::cli {

/// Parses argv and runs the subcommand. Output goes to stdout; errors are one line on stderr
/// starting with "vrs-server: ". Returns the process exit code: 0 success, 1 the command
/// failed, 2 usage error.
int run_cli(int argc, char** argv);

}  // namespace vrs::server::cli
