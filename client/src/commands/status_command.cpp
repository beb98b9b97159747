#include "vrs/client/commands/status_command.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <optional>

#include "commands/command.hpp"
#include "outbox/send_session.hpp"
#include "table_text.hpp"
#include "vrs/client/commands/cli_options.hpp"
#include "vrs/client/commands/failure.hpp"

namespace vrs::client::commands {

using namespace vrs::client::outbox;

namespace {

// Sent submissions listed by `status`; `receipts` lists them all.
constexpr std::size_t kSentShown = 20;

void print_row(std::ostream& out, const OutboxEntry& e) {
  out << pad(e.submission_id, 36) << "  " << pad(to_string(e.state), 6) << "  " << pad(std::to_string(e.record_count), 7)
      << "  " << pad(std::to_string(e.attempts), 8) << "  "
      << pad(e.state == EnvelopeState::Queued ? e.next_attempt_at : std::string("-"), 24) << "  " << e.source;
  if (!e.last_error.empty()) out << "\n    " << (e.state == EnvelopeState::Failed ? "reason: " : "last error: ") << e.last_error;
  out << "\n";
}

}  // namespace

int run_status(const std::filesystem::path& home, std::ostream& out, std::ostream& err) {
  const auto complain = [&](const Error& error) { return command_failure(err, "status", error); };
  auto box = outbox::open_existing(home);
  if (!box) return complain(box.error());
  if (!*box) {
    out << "outbox: 0 queued, 0 sent, 0 failed (nothing submitted from this profile yet)\n";
    return 0;
  }
  auto counts = (*box)->counts();
  if (!counts) return complain(counts.error());
  out << "outbox: " << counts->queued << " queued, " << counts->sent << " sent, " << counts->failed << " failed\n";
  auto entries = (*box)->list(std::nullopt);
  if (!entries) return complain(entries.error());
  if (entries->empty()) return 0;
  out << pad("SUBMISSION", 36) << "  " << pad("STATE", 6) << "  " << pad("RECORDS", 7) << "  " << pad("ATTEMPTS", 8) << "  "
      << pad("NEXT ATTEMPT", 24) << "  SOURCE\n";
  // Queued and failed first (what needs attention), then the most recent sent ones.
  for (const auto& e : *entries) {
    if (e.state != EnvelopeState::Sent) print_row(out, e);
  }
  const std::size_t skipped = counts->sent > kSentShown ? counts->sent - kSentShown : 0;
  std::size_t seen = 0;
  for (const auto& e : *entries) {
    if (e.state == EnvelopeState::Sent && seen++ >= skipped) print_row(out, e);
  }
  if (skipped > 0) out << "(" << skipped << " older sent submissions not shown; `vrs-client receipts` lists them)\n";
  if (counts->queued > 0) out << "run `vrs-client sync` to send the queued submissions\n";
  if (counts->failed > 0) {
    out << "failed submissions are not retried: fix the records and submit again, then `vrs-client discard ID`\n";
  }
  return 0;
}

void add_status_command(CLI::App& app, int& exit_code) {
  struct Args {
    std::optional<std::string> home;
  };
  auto [cmd, args] = add_home_command<Args>(
      app, exit_code, "status",
      "Show the outbox: how many submissions are queued, sent and failed, and a table with the\n"
      "records, attempts, next attempt, source file and the reason of each failure. No network.",
      [](const Args&, const auto& dir) { return run_status(dir, std::cout, std::cerr); });
  add_home_option(cmd, args.home);
}

}  // namespace vrs::client::commands
