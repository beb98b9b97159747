#include "vrs/db/clock.hpp"

#include <cstdio>
#include <ctime>

namespace vrs::db {

std::string format_utc(std::chrono::system_clock::time_point time) {
  const auto ms_total = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  auto secs = static_cast<std::time_t>(ms_total / 1000);
  auto ms = static_cast<int>(ms_total % 1000);
  if (ms < 0) {  // before the epoch: floor, not truncate
    ms += 1000;
    --secs;
  }
  std::tm tm{};
  ::gmtime_r(&secs, &tm);
  char buf[96];  // generous: -Wformat-truncation reasons about full int ranges
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
  return buf;
}

std::string utc_now() { return format_utc(std::chrono::system_clock::now()); }

}  // namespace vrs::db
