#pragma once
// Internal: the `keys` and `tls` subcommand tables (CLI11 stays out of public headers).

#include <CLI/CLI.hpp>

namespace vrs::server::cli {

/// Adds `keys list|rotate|retire` and `tls renew` to `app`; `exit_code` receives the result.
void add_key_commands(CLI::App& app, int& exit_code);

}  // namespace vrs::server::cli
