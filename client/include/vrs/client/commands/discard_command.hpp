#pragma once
/// `vrs-client discard`: removes a failed submission from the outbox.

#include <filesystem>
#include <iosfwd>
#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace vrs::client::commands {

/// Removes a failed submission from the outbox (after the problem was dealt with). Exit 0, or
/// 1 with one `vrs-client: discard: ...` line on `err`.
int run_discard(const std::filesystem::path& home, const std::string& submission_id, std::ostream& out, std::ostream& err);

void add_discard_command(CLI::App& app, int& exit_code);

}  // namespace vrs::client::commands
