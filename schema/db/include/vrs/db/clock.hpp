#pragma once
/// Timestamps as stored in VRS databases: UTC ISO-8601 with milliseconds,
/// e.g. "2024-05-01T10:00:00.000Z" (sorts lexicographically in time order).

#include <chrono>
#include <string>

namespace vrs::db {

/// Formats `time` (UTC). Thread-safe.
std::string format_utc(std::chrono::system_clock::time_point time);
/// format_utc(system_clock::now()).
std::string utc_now();

}  // namespace vrs::db
