#include "vrs/client/commands/cli_options.hpp"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <iostream>

#include "vrs/client/commands/failure.hpp"
#include "vrs/client/profile.hpp"

namespace vrs::client::commands {

namespace {

constexpr const char* kNetworkFooter =
    "\nThe command connects with the profile's certificate (member.crt, tls.key) to the server in\n"
    "client.toml, trusting only the pinned CA in ca-chain.pem, over TLS 1.3.\n"
    "Exit status: 0 ok, 1 failure (one line on stderr naming what failed, e.g. the server's\n"
    "problem code and detail), 2 usage error.";

}  // namespace

void add_home_option(CLI::App& cmd, std::optional<std::string>& home) { cmd.add_option("--home", home, kProfileHelp); }

void add_home_and_timeout(CLI::App& cmd, NetworkArgs& args) {
  add_home_option(cmd, args.home);
  cmd.add_option("--timeout", args.timeout_seconds, "Seconds allowed for each connect, handshake, write and read")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
}

void add_network_options(CLI::App& cmd, NetworkArgs& args) {
  add_home_and_timeout(cmd, args);
  cmd.footer(kNetworkFooter);
}

Result<std::filesystem::path> resolve_home(const std::optional<std::string>& home) {
  std::optional<std::filesystem::path> explicit_home;
  if (home) explicit_home = std::filesystem::path(*home);
  return Profile::resolve_home(explicit_home);
}

Result<net::NetworkOptions> network_options(const NetworkArgs& args) {
  VRS_TRY(auto home, resolve_home(args.home));
  return net::NetworkOptions{std::move(home), std::chrono::seconds(args.timeout_seconds)};
}

int with_home(const std::optional<std::string>& home, std::string_view command,
              const std::function<int(const std::filesystem::path&)>& run) {
  auto resolved = resolve_home(home);
  return resolved ? run(*resolved) : command_failure(std::cerr, command, resolved.error());
}

int with_network(const NetworkArgs& args, std::string_view command,
                 const std::function<int(const net::NetworkOptions&)>& run) {
  auto options = network_options(args);
  return options ? run(*options) : command_failure(std::cerr, command, options.error());
}

outbox::ProgressMode progress_mode() {
  return ::isatty(STDERR_FILENO) == 1 ? outbox::ProgressMode::Bar : outbox::ProgressMode::Lines;
}

}  // namespace vrs::client::commands
