#pragma once
/// `vrs-client status`: the outbox as the member sees it (no network).

#include <filesystem>
#include <iosfwd>
#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace vrs::client::commands {

/// Counts and a table of the outbox. Exit 0 (1 only if the outbox cannot be read, with one
/// `vrs-client: status: ...` line on `err`).
int run_status(const std::filesystem::path& home, std::ostream& out, std::ostream& err);

void add_status_command(CLI::App& app, int& exit_code);

}  // namespace vrs::client::commands
