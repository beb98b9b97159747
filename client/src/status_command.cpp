#include <ostream>

#include "command_support.hpp"
#include "vrs/client/outbox_commands.hpp"

namespace vrs::client {

namespace {

// Sent submissions listed by `status`; `receipts` lists them all.
constexpr std::size_t kSentShown = 20;

std::string pad(std::string_view text, std::size_t width) {
  std::string out(text);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

void print_row(std::ostream& out, const OutboxEntry& e) {
  out << pad(e.submission_id, 36) << "  " << pad(to_string(e.state), 6) << "  " << pad(std::to_string(e.record_count), 7)
      << "  " << pad(std::to_string(e.attempts), 8) << "  "
      << pad(e.state == EnvelopeState::Queued ? e.next_attempt_at : std::string("-"), 24) << "  " << e.source;
  if (!e.last_error.empty()) out << "\n    " << (e.state == EnvelopeState::Failed ? "reason: " : "last error: ") << e.last_error;
  out << "\n";
}

// Opens an existing outbox; nullopt (after a message) when there is none yet.
Result<std::optional<Outbox>> open_existing(const std::filesystem::path& home) {
  auto profile = Profile::open(home);
  if (!profile) return fail(profile.error());
  auto outbox = Outbox::open(profile->outbox_path(), profile->outbox_key_path(), Outbox::Mode::OpenExisting);
  if (!outbox && outbox.error().code() == ErrorCode::NotFound) return std::optional<Outbox>();
  if (!outbox) return fail(outbox.error());
  return std::optional<Outbox>(std::move(*outbox));
}

}  // namespace

int run_status(const std::filesystem::path& home, std::ostream& out, std::ostream& err) {
  const auto complain = [&](const Error& error) {
    err << "vrs-client: status: " << error.message() << "\n";
    return 1;
  };
  auto outbox = open_existing(home);
  if (!outbox) return complain(outbox.error());
  if (!*outbox) {
    out << "outbox: 0 queued, 0 sent, 0 failed (nothing submitted from this profile yet)\n";
    return 0;
  }
  auto counts = (*outbox)->counts();
  if (!counts) return complain(counts.error());
  out << "outbox: " << counts->queued << " queued, " << counts->sent << " sent, " << counts->failed << " failed\n";
  auto entries = (*outbox)->list(std::nullopt);
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

int run_discard(const std::filesystem::path& home, const std::string& submission_id, std::ostream& out, std::ostream& err) {
  const auto complain = [&](const Error& error) {
    err << "vrs-client: discard: " << error.message() << "\n";
    return 1;
  };
  auto outbox = open_existing(home);
  if (!outbox) return complain(outbox.error());
  if (!*outbox) return complain(Error(ErrorCode::NotFound, "no outbox yet; nothing to discard"));
  if (auto done = (*outbox)->discard(submission_id); !done) return complain(done.error());
  out << "discarded failed submission " << submission_id << "\n";
  return 0;
}

}  // namespace vrs::client
