#include "vrs/client/commands/sync_command.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands/command.hpp"
#include "outbox/send_session.hpp"
#include "table_text.hpp"
#include "vrs/client/commands/cli_options.hpp"
#include "vrs/client/commands/failure.hpp"
#include "vrs/client/net/api.hpp"
#include "vrs/client/net/submission_list.hpp"
#include "vrs/db/clock.hpp"

namespace vrs::client::commands {

using namespace vrs::client::outbox;

namespace {

// The earliest next attempt among queued entries (UTC text, which sorts as time).
std::string earliest_attempt(const std::vector<OutboxEntry>& queued) {
  std::string next = queued.empty() ? std::string() : queued.front().next_attempt_at;
  for (const auto& e : queued) next = std::min(next, e.next_attempt_at);
  return next;
}

// --resend-lost: the sent submissions (still in their resend window) that the server no longer
// lists are queued again. Nothing to do without an outbox.
Result<void> requeue_lost(const SyncOptions& options, std::ostream& out) {
  VRS_TRY(auto opened, open_existing(options.network.home));
  if (!opened) return {};
  Outbox& outbox = *opened;
  VRS_TRY(const auto candidates, outbox.resendable(Clock::now()));
  VRS_TRY(auto http, net::connect_home(options.network));
  VRS_TRY(const auto stored, net::list_submission_ids(http));
  std::size_t requeued = 0;
  std::size_t records = 0;
  for (const auto& entry : candidates) {
    if (stored.count(entry.submission_id) != 0) continue;
    VRS_TRY_VOID(outbox.requeue_lost(entry.submission_id, Clock::now()));
    ++requeued;
    records += entry.record_count;
  }
  out << "resend-lost: the server lists " << stored.size() << " submissions of this member; "
      << count_text(candidates.size(), "sent submission", "sent submissions") << " in the resend window, "
      << requeued << " of them missing from the server and queued again (" << records << " records)\n";
  return {};
}

}  // namespace

int run_sync(const SyncOptions& options, std::ostream& out, std::ostream& err) {
  const auto complain = [&](const Error& error) { return command_failure(err, "sync", error); };
  if (options.max_attempts < 0) {
    return command_failure(err, "sync", Error(ErrorCode::InvalidArgument, "--max-attempts must not be negative"),
                           FailureKind::Usage);
  }
  if (options.resend_lost) {
    auto requeued = requeue_lost(options, out);
    if (!requeued) return complain(requeued.error());
  }
  {
    // Nothing to do without an outbox; no need for keys or a connection then.
    auto opened = open_existing(options.network.home);
    if (!opened) return complain(opened.error());
    if (!*opened) {
      out << "nothing to send (no submissions from this profile yet)\n";
      return 0;
    }
    Outbox& existing = **opened;
    auto due = existing.due(Clock::now(), options.all || options.resend_lost);
    if (!due) return complain(due.error());
    if (due->empty()) {
      auto queued = existing.list(EnvelopeState::Queued);
      auto counts = existing.counts();
      if (!queued || !counts) return complain(!queued ? queued.error() : counts.error());
      if (queued->empty()) {
        out << "nothing to send";
      } else {
        out << "nothing due: " << count_text(queued->size(), "submission", "submissions") << " queued, next attempt at "
            << earliest_attempt(*queued) << " (use --now to send now)";
      }
      if (counts->failed > 0) out << "; " << counts->failed << " failed (`vrs-client status`)";
      out << "\n";
      return counts->queued + counts->failed == 0 ? 0 : 1;
    }
  }

  auto session = open_session(options.network);
  if (!session) return complain(session.error());
  auto due = (*session)->outbox.due(Clock::now(), options.all || options.resend_lost);
  if (!due) return complain(due.error());
  auto summary = send_entries(**session, *due, DeliveryOptions{options.max_attempts}, options.progress, out, err);
  if (!summary) return complain(summary.error());
  auto counts = (*session)->outbox.counts();
  if (!counts) return complain(counts.error());

  out << "sync: " << summary->sent << " sent, " << summary->failed << " failed";
  if (summary->stop_reason) out << " (server unreachable: " << *summary->stop_reason << ")";
  // Whatever still waits (sent now and retried later, or not due yet) is named with its time:
  // someone who runs sync by hand expects everything sent, or to be told what waits and until
  // when.
  if (counts->queued > 0) {
    auto queued = (*session)->outbox.list(EnvelopeState::Queued);
    if (!queued) return complain(queued.error());
    out << "; " << counts->queued << " still queued, next attempt at " << earliest_attempt(*queued)
        << " (`vrs-client sync --now` tries now)";
  }
  out << "; outbox: " << counts->queued << " queued, " << counts->sent << " sent, " << counts->failed << " failed\n";
  return counts->queued + counts->failed == 0 ? 0 : 1;
}

void add_sync_command(CLI::App& app, int& exit_code) {
  struct Args {
    NetworkArgs network;
    SyncOptions sync;
  };
  auto [cmd, args] = add_network_command<Args>(
      app, exit_code, "sync",
      "Send the queued submissions of the outbox whose next attempt is due (all of them with\n"
      "--now), store and verify their receipts, and print the outcome of each. Failed sends are\n"
      "retried later with exponential backoff (15 s doubling, at most 10 min); rejections are\n"
      "marked failed. Exit status: 0 nothing left queued or failed, 1 otherwise.",
      [](const Args& a, const net::NetworkOptions& network) {
        SyncOptions options = a.sync;
        options.network = network;
        options.progress = progress_mode();
        return run_sync(options, std::cout, std::cerr);
      });
  cmd.add_flag("--now", args.sync.all, "Send every queued submission now, ignoring the backoff");
  cmd.add_flag("--resend-lost", args.sync.resend_lost,
               "After the server was restored from a backup: queue again every submission sent in the\n"
               "last 14 days that the server no longer has (its old receipt is kept), then send now");
  cmd.add_option("--max-attempts", args.sync.max_attempts,
                  "Mark a submission failed once it has been tried this many times (0: retry for ever)")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  add_network_options(cmd, args.network);
}

}  // namespace vrs::client::commands
