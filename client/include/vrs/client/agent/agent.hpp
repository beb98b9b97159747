#pragma once
/// `vrs-client agent` (docs/agent.md): a long-running process that takes a state's export
/// files from an inbox folder as they appear, validates, signs, seals and queues them, sends
/// the outbox in the background with backoff, and tells a person only when something needs
/// one. `vrs-client agent status` reads what it last wrote.
///
/// Thread-safety: one agent per profile and inbox; single-threaded.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <iosfwd>

#include "vrs/client/net/network_options.hpp"
#include "vrs/client/outbox/batch_plan.hpp"

namespace vrs::client::agent {

struct AgentOptions {
  net::NetworkOptions network;
  std::filesystem::path inbox;
  std::chrono::seconds rescan{30};           ///< full rescan of the inbox (inotify's fallback)
  std::chrono::milliseconds settle{2000};    ///< a rescanned file must look the same this long
  std::size_t batch_size = outbox::kDefaultBatchSize;
  std::chrono::days certificate_warning{30};
  bool once = false;  ///< one round (take what is there, send what is due), then exit
};

/// Runs until SIGTERM or SIGINT (then exit 0), or one round with `once`. Log lines on `log`.
/// Exit 1 for a failure it cannot go on from (profile not installed, inbox missing, outbox
/// unwritable), naming it.
int run_agent(const AgentOptions& options, std::ostream& log);

/// `agent status`: prints the status; exit 0 running with nothing to see to, 1 running with
/// warnings (rejected files, failed submissions, a certificate close to expiry), 2 not
/// running (no status, stopped, or not updated for three rescan periods).
int run_agent_status(const std::filesystem::path& home, std::ostream& out, std::ostream& err);

}  // namespace vrs::client::agent
