#include <ostream>

#include "command_support.hpp"
#include "vrs/client/outbox_commands.hpp"
#include "vrs/db/clock.hpp"

namespace vrs::client {

using detail::count_text;

int run_sync(const SyncOptions& options, std::ostream& out, std::ostream& err) {
  const auto complain = [&](const Error& error) {
    err << "vrs-client: sync: " << error.message() << "\n";
    return 1;
  };
  if (options.max_attempts < 0) return complain(Error(ErrorCode::InvalidArgument, "--max-attempts must not be negative"));
  auto profile = Profile::open(options.network.home);
  if (!profile) return complain(profile.error());
  {
    // Nothing to do without an outbox; no need for keys or a connection then.
    auto existing = Outbox::open(profile->outbox_path(), profile->outbox_key_path(), Outbox::Mode::OpenExisting);
    if (!existing && existing.error().code() == ErrorCode::NotFound) {
      out << "nothing to send (no submissions from this profile yet)\n";
      return 0;
    }
    if (!existing) return complain(existing.error());
    auto due = existing->due(Clock::now(), options.all);
    if (!due) return complain(due.error());
    if (due->empty()) {
      auto queued = existing->list(EnvelopeState::Queued);
      auto counts = existing->counts();
      if (!queued || !counts) return complain(!queued ? queued.error() : counts.error());
      if (queued->empty()) {
        out << "nothing to send";
      } else {
        std::string next = queued->front().next_attempt_at;
        for (const auto& e : *queued) next = std::min(next, e.next_attempt_at);
        out << "nothing due: " << count_text(queued->size(), "submission", "submissions") << " queued, next attempt at "
            << next << " (use --now to send now)";
      }
      if (counts->failed > 0) out << "; " << counts->failed << " failed (`vrs-client status`)";
      out << "\n";
      return counts->queued + counts->failed == 0 ? 0 : 1;
    }
  }

  auto session = detail::open_session(options.network);
  if (!session) return complain(session.error());
  auto due = (*session)->outbox.due(Clock::now(), options.all);
  if (!due) return complain(due.error());
  auto summary = detail::send_entries(**session, *due, DeliveryOptions{options.max_attempts}, options.progress, out, err);
  if (!summary) return complain(summary.error());
  auto counts = (*session)->outbox.counts();
  if (!counts) return complain(counts.error());

  out << "sync: " << summary->sent << " sent, " << summary->failed << " failed, " << summary->queued << " still queued";
  if (summary->stop_reason) out << " (server unreachable: " << *summary->stop_reason << ")";
  out << "; outbox: " << counts->queued << " queued, " << counts->sent << " sent, " << counts->failed << " failed\n";
  return counts->queued + counts->failed == 0 ? 0 : 1;
}

}  // namespace vrs::client
