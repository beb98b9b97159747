#pragma once
/// Command-line pieces shared by the commands: the profile directory (--home), the network
/// options (--home, --timeout and the footer on the connection) and the progress display.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "vrs/client/net/network_options.hpp"
#include "vrs/client/outbox/progress_mode.hpp"
#include "vrs/common/error.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace vrs::client::commands {

inline constexpr const char* kProfileHelp =
    "Profile directory (default: $VRS_HOME, else ~/.vrs; created with mode 0700)";

struct NetworkArgs {
  std::optional<std::string> home;
  int timeout_seconds = 30;
};

/// --home (kProfileHelp).
void add_home_option(CLI::App& cmd, std::optional<std::string>& home);
/// --home and --timeout, without a footer.
void add_home_and_timeout(CLI::App& cmd, NetworkArgs& args);
/// --home, --timeout and the footer on how the command connects.
void add_network_options(CLI::App& cmd, NetworkArgs& args);

/// The profile directory: --home, else $VRS_HOME, else ~/.vrs.
Result<std::filesystem::path> resolve_home(const std::optional<std::string>& home);
Result<net::NetworkOptions> network_options(const NetworkArgs& args);

/// The exit code of `run` given the resolved profile directory, or, when it cannot be
/// resolved, command_failure() naming `command` (exit 1). For command callbacks.
int with_home(const std::optional<std::string>& home, std::string_view command,
              const std::function<int(const std::filesystem::path&)>& run);
/// The same with the network options (network_options()).
int with_network(const NetworkArgs& args, std::string_view command,
                 const std::function<int(const net::NetworkOptions&)>& run);

/// Bar when stderr is a terminal, else Lines.
outbox::ProgressMode progress_mode();

}  // namespace vrs::client::commands
