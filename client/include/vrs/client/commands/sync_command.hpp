#pragma once
/// `vrs-client sync`: sends the queued submissions of the outbox that are due. Prints to
/// `out`; a failure is one `vrs-client: sync: ...` line on `err` (commands/failure.hpp).

#include <filesystem>
#include <iosfwd>
#include <string>

#include "vrs/client/net/network_options.hpp"
#include "vrs/client/outbox/progress_mode.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace vrs::client::commands {

struct SyncOptions {
  net::NetworkOptions network;
  bool all = false;      ///< --now: every queued submission, due or not
  int max_attempts = 0;  ///< > 0: mark failed after this many attempts
  /// --resend-lost: first ask the server for its list of this member's submissions and queue
  /// again every sent one, still in its resend window, that the list lacks (a server restored
  /// from an older backup); then send everything queued now.
  bool resend_lost = false;
  outbox::ProgressMode progress = outbox::ProgressMode::Lines;
};

/// Sends the due queued submissions. Exit 0 when nothing is left queued or failed in the
/// outbox afterwards, 1 otherwise (or on a local failure), 2 a negative max_attempts.
int run_sync(const SyncOptions& options, std::ostream& out, std::ostream& err);

void add_sync_command(CLI::App& app, int& exit_code);

}  // namespace vrs::client::commands
