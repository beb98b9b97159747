#pragma once
/// What `vrs-client agent` tells a person or a monitoring system (docs/agent.md "Watching
/// it"): HOME/agent-status.json, rewritten (atomically, 0600) after every round, and read by
/// `vrs-client agent status`.
///
/// Thread-safety: plain values and functions.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "vrs/common/error.hpp"

namespace vrs::client::agent {

/// What happened to one file, for the status (the last kMaxRecent).
struct RecentFile {
  std::string name;
  std::string outcome;  ///< queued, duplicate, rejected, deferred
  std::string detail;
  std::string at;
};
inline constexpr std::size_t kMaxRecent = 20;

struct AgentStatus {
  std::int64_t pid = 0;
  std::string state;       ///< "running" or "stopped"
  std::string updated_at;  ///< UTC text
  std::int64_t rescan_seconds = 30;
  std::string inbox;
  std::size_t queued = 0;
  std::size_t sent = 0;
  std::size_t failed = 0;
  std::string next_attempt;          ///< earliest next attempt of a queued submission, or ""
  std::string last_delivery_error;   ///< why the last send stopped, or ""
  std::string certificate_not_after;
  std::int64_t certificate_days_left = 0;
  std::vector<std::string> warnings;
  std::vector<RecentFile> recent;    ///< newest first
};

std::filesystem::path status_path(const std::filesystem::path& home);
std::string to_json(const AgentStatus& status);
Result<AgentStatus> parse_status(std::string_view json);
Result<void> write_status(const std::filesystem::path& home, const AgentStatus& status);
Result<AgentStatus> read_status(const std::filesystem::path& home);

}  // namespace vrs::client::agent
