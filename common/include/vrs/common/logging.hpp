#pragma once
/// Logging set-up. Log lines are structured (`key=value` after the message) and never carry
/// key material or incident content.

#include <string_view>

namespace vrs {

enum class LogLevel { Debug, Info, Warn, Error, Off };

/// Parses "debug", "info", "warn", "error", "off"; returns false on anything else.
bool parse_log_level(std::string_view text, LogLevel& out) noexcept;

/// Configures the process-wide logger: stderr, ISO-8601 UTC time, level. Thread-safe to call
/// once at start-up before other threads run.
void init_logging(LogLevel level);

}  // namespace vrs
