#pragma once
// Internal: how every vrs-client subcommand is registered (CLI11 stays out of public headers).
// The option values live in a shared `Args` that the callback keeps; the callback sets the
// exit code of the run.

#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
#include <string>

#include "vrs/client/commands/cli_options.hpp"
#include "vrs/client/net/network_options.hpp"

namespace vrs::client::commands {

/// A registered subcommand and its option values, for declaring its options.
template <typename Args>
struct Command {
  CLI::App& cmd;
  Args& args;
};

/// Adds subcommand `name` with its help text to `parent`; once parsed, `exit_code` is set to
/// `run(args)`.
template <typename Args, typename Run>
Command<Args> add_command(CLI::App& parent, int& exit_code, const std::string& name, const std::string& help, Run run) {
  auto args = std::make_shared<Args>();
  auto* cmd = parent.add_subcommand(name, help);
  cmd->callback([args, &exit_code, run] { exit_code = run(*args); });
  return {*cmd, *args};
}

/// The name a command's failures carry: "admin members" for a subcommand of `admin`.
inline std::string failure_name(const CLI::App& parent, const std::string& name) {
  return parent.get_parent() == nullptr ? name : parent.get_name() + " " + name;
}

/// add_command() for a command of the profile directory: `Args` has the --home value `home`,
/// and `run(args, home)` gets the resolved directory (with_home()).
template <typename Args, typename Run>
Command<Args> add_home_command(CLI::App& parent, int& exit_code, const std::string& name, const std::string& help, Run run) {
  return add_command<Args>(parent, exit_code, name, help, [command = failure_name(parent, name), run](const Args& args) {
    return with_home(args.home, command, [&](const std::filesystem::path& home) { return run(args, home); });
  });
}

/// add_command() for a command that connects: `Args` has the NetworkArgs `network`, and
/// `run(args, options)` gets the network options (with_network()).
template <typename Args, typename Run>
Command<Args> add_network_command(CLI::App& parent, int& exit_code, const std::string& name, const std::string& help,
                                  Run run) {
  return add_command<Args>(parent, exit_code, name, help, [command = failure_name(parent, name), run](const Args& args) {
    return with_network(args.network, command, [&](const net::NetworkOptions& options) { return run(args, options); });
  });
}

}  // namespace vrs::client::commands
