#pragma once
/// `vrs-client sync`, `status`, `receipts` and `discard`: the outbox as the member sees it.
/// Each prints to `out`; failures are one `vrs-client: <command>: ...` line on `err`.

#include <filesystem>
#include <iosfwd>
#include <string>

#include "vrs/client/admin_commands.hpp"
#include "vrs/client/submit_command.hpp"

namespace vrs::client {

struct SyncOptions {
  NetworkOptions network;
  bool all = false;      ///< --now: every queued submission, due or not
  int max_attempts = 0;  ///< > 0: mark failed after this many attempts
  ProgressMode progress = ProgressMode::Lines;
};

/// Sends the due queued submissions. Exit 0 when nothing is left queued or failed in the
/// outbox afterwards, 1 otherwise (or on a local failure).
int run_sync(const SyncOptions& options, std::ostream& out, std::ostream& err);

/// Counts and a table of the outbox. Exit 0 (1 only if the outbox cannot be read).
int run_status(const std::filesystem::path& home, std::ostream& out, std::ostream& err);

/// Lists the stored receipts; with `verify`, re-checks each against the cached server receipt
/// keys (no network) and the outbox entry it belongs to: exit 1 if any fails.
int run_receipts(const std::filesystem::path& home, bool verify, std::ostream& out, std::ostream& err);

/// Removes a failed submission from the outbox (after the problem was dealt with).
int run_discard(const std::filesystem::path& home, const std::string& submission_id, std::ostream& out, std::ostream& err);

}  // namespace vrs::client
