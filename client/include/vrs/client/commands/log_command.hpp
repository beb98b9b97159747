#pragma once
/// `vrs-client log verify` (docs/transparency.md): checks the server's transparency log against
/// what this member holds, the tree heads in its receipts and the head kept by the last run,
/// and keeps the server's current head (log-head.json) when everything holds.

#include <iosfwd>

#include "vrs/client/net/network_options.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace vrs::client::commands {

/// Exit 0 when every receipt's entry is proved in its head and every held head is a prefix of
/// the server's current log; 1 naming each problem (FORK, REWRITTEN, a bad proof) otherwise,
/// and the kept head is then left as it was.
int run_log_verify(const net::NetworkOptions& options, std::ostream& out, std::ostream& err);

void add_log_command(CLI::App& app, int& exit_code);

}  // namespace vrs::client::commands
