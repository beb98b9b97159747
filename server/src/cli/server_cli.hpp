#pragma once
// Internal: the `init`, `run` and `admin bootstrap` subcommands (CLI11 stays out of public
// headers).

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "vrs/server/config.hpp"

namespace vrs::server::cli {

/// The configuration at `path`; else its error is printed, `exit_code` set to 1, and nullopt.
std::optional<Config> config_or_report(const std::string& path, int& exit_code);

void add_server_commands(CLI::App& app, int& exit_code);

}  // namespace vrs::server::cli
