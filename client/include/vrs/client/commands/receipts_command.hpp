#pragma once
/// `vrs-client receipts`: the server's signed receipts kept in the outbox (no network).

#include <filesystem>
#include <iosfwd>
#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace vrs::client::commands {

/// Lists the stored receipts; with `verify`, re-checks each against the cached server receipt
/// keys (no network) and the outbox entry it belongs to: exit 1 if any fails.
int run_receipts(const std::filesystem::path& home, bool verify, std::ostream& out, std::ostream& err);

void add_receipts_command(CLI::App& app, int& exit_code);

}  // namespace vrs::client::commands
