#pragma once
// Internal: the `db` subcommand table (CLI11 stays out of public headers).

#include <CLI/CLI.hpp>

namespace vrs::server::cli {

/// Adds `db init` and `db check` to `app`. `exit_code` receives the command's result when one
/// of them runs.
void add_db_commands(CLI::App& app, int& exit_code);

}  // namespace vrs::server::cli
