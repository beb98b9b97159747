#pragma once
/// The `vrs-ca` command line: a table of subcommands (init, server, sign, revoke, crl, list),
/// one source per command under certs/src/cli/. main() only calls run(). docs/pki.md is the
/// administrator's guide.

namespace vrs::certs::cli {

/// Parses argv and runs the subcommand. Output goes to stdout; a failure is one line
/// "vrs-ca: <message>" on stderr. Returns the process exit code: 0 success, 1 the command
/// failed (including values the library checks: member id, role, days, CSR), 2 usage error
/// (CLI11 parse errors: unknown or missing options, bad option types). Private keys are
/// never printed. Not thread-safe (writes std::cout/std::cerr).
int run(int argc, char** argv);

}  // namespace vrs::certs::cli
