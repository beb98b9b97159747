#include <chrono>
#include <ostream>

#include "vrs/client/agent/agent.hpp"
#include "vrs/client/agent/agent_status.hpp"
#include "vrs/db/clock.hpp"

namespace vrs::client::agent {
namespace {

// Seconds between two UTC texts of db::format_utc ("2026-12-05T07:00:00.000Z"); -1 if either
// does not parse.
std::int64_t seconds_between(const std::string& earlier, const std::string& later) {
  auto parse = [](const std::string& t) -> std::int64_t {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6) return -1;
    const auto days = std::chrono::sys_days(std::chrono::year(y) / mo / d).time_since_epoch().count();
    return days * 86400 + h * 3600 + mi * 60 + s;
  };
  const auto a = parse(earlier);
  const auto b = parse(later);
  return a < 0 || b < 0 ? -1 : b - a;
}

}  // namespace

int run_agent_status(const std::filesystem::path& home, std::ostream& out, std::ostream& err) {
  auto status = read_status(home);
  if (!status) {
    err << "vrs-client: agent status: " << status.error().message() << " (is the agent running with --home "
        << home.string() << "?)\n";
    return 2;
  }
  const auto& s = *status;
  const auto age = seconds_between(s.updated_at, db::utc_now());
  const bool stale = age < 0 || age > 3 * s.rescan_seconds + 60;
  out << "agent: " << s.state << " (pid " << s.pid << "), last update " << s.updated_at;
  if (stale && s.state == "running") out << " (" << age << " s ago: not running any more?)";
  out << "\ninbox: " << s.inbox << "\noutbox: " << s.queued << " queued, " << s.sent << " sent, " << s.failed
      << " failed";
  if (!s.next_attempt.empty()) out << "; next attempt " << s.next_attempt;
  out << "\n";
  if (!s.last_delivery_error.empty()) out << "last delivery problem: " << s.last_delivery_error << "\n";
  out << "certificate: valid until " << s.certificate_not_after << " (" << s.certificate_days_left << " days)\n";
  for (const auto& w : s.warnings) out << "WARNING: " << w << "\n";
  if (!s.recent.empty()) {
    out << "recent files (newest first):\n";
    for (const auto& f : s.recent) out << "  " << f.at << "  " << f.outcome << "  " << f.name << ": " << f.detail << "\n";
  }
  if (s.state != "running" || stale) return 2;
  return s.warnings.empty() ? 0 : 1;
}

}  // namespace vrs::client::agent
