#pragma once
// Internal: the `init`, `run` and `admin bootstrap` subcommands (CLI11 stays out of public
// headers).

#include <CLI/CLI.hpp>

namespace vrs::server::cli {

void add_server_commands(CLI::App& app, int& exit_code);

}  // namespace vrs::server::cli
