#include "outbox/send_session.hpp"

#include "table_text.hpp"

namespace vrs::client::outbox {

using namespace vrs::client::net;

Result<std::unique_ptr<Session>> open_session(const net::NetworkOptions& options) {
  VRS_TRY(auto profile, Profile::open(options.home));
  VRS_TRY_VOID(profile.require_installed());
  VRS_TRY(auto signer, profile.signing_key());
  VRS_TRY(auto box, Outbox::open(profile.outbox_path(), profile.outbox_key_path(), Outbox::Mode::OpenOrCreate));
  return std::make_unique<Session>(std::move(profile), std::move(signer), std::move(box), options.timeout);
}

Result<std::optional<Outbox>> open_existing(const std::filesystem::path& home) {
  VRS_TRY(const auto profile, Profile::open(home));
  return open_existing(profile);
}

Result<std::optional<Outbox>> open_existing(const Profile& profile) {
  auto box = Outbox::open(profile.outbox_path(), profile.outbox_key_path(), Outbox::Mode::OpenExisting);
  if (!box && box.error().code() == ErrorCode::NotFound) return std::optional<Outbox>();
  if (!box) return fail(box.error());
  return std::optional<Outbox>(std::move(*box));
}

Progress::Progress(std::ostream& err, ProgressMode mode, std::size_t batches, std::size_t records)
    : err_(&err), mode_(batches > 1 ? mode : ProgressMode::Off), batches_(batches), records_(records) {}

void Progress::update(std::size_t done_batches, std::size_t done_records) {
  if (mode_ == ProgressMode::Off) return;
  std::string line = "batch ";
  line += std::to_string(done_batches);
  line += '/';
  line += std::to_string(batches_);
  line += ": ";
  line += std::to_string(done_records);
  line += '/';
  line += std::to_string(records_);
  line += " records";
  if (mode_ == ProgressMode::Lines) {
    *err_ << line << "\n";
  } else {
    *err_ << '\r' << line;
    drawn_ = true;
    width_ = line.size();
  }
  err_->flush();
}

void Progress::clear() {
  if (!drawn_) return;
  *err_ << '\r' << std::string(width_, ' ') << '\r';
  err_->flush();
  drawn_ = false;
}

void Progress::finish() {
  if (drawn_) *err_ << "\n";
  drawn_ = false;
}

Result<SendSummary> send_entries(Session& session, const std::vector<OutboxEntry>& entries, DeliveryOptions options,
                                 ProgressMode progress_mode, std::ostream& out, std::ostream& err) {
  Delivery delivery(session.outbox, session.transport, session.keys, session.signer, options);
  SendSummary summary;
  std::size_t total_records = 0;
  for (const auto& e : entries) total_records += e.record_count;
  Progress progress(err, progress_mode, entries.size(), total_records);
  std::size_t done_records = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& entry = entries[i];
    if (delivery.stop_reason()) {
      ++summary.queued;
      continue;
    }
    auto result = delivery.deliver(entry, Clock::now());
    if (!result) {
      progress.finish();
      return fail(result.error());
    }
    done_records += entry.record_count;
    progress.clear();  // the outcome line takes the bar's place
    switch (result->outcome) {
      case DeliveryOutcome::Sent:
        ++summary.sent;
        summary.sent_records += result->record_count;
        out << "sent " << result->submission_id << ": " << count_text(result->record_count, "record", "records")
            << ", receipt verified (audit seq " << result->receipt->audit_seq << ")\n";
        break;
      case DeliveryOutcome::Queued:
        ++summary.queued;
        if (!delivery.stop_reason()) ++summary.rejected_receipts;
        out << "queued " << result->submission_id << ": " << count_text(result->record_count, "record", "records")
            << " (attempt " << result->attempts << ", next at " << result->next_attempt_at << "): " << result->reason << "\n";
        break;
      case DeliveryOutcome::Failed:
        ++summary.failed;
        out << "FAILED " << result->submission_id << ": " << count_text(result->record_count, "record", "records") << ": "
            << result->reason << "\n";
        break;
    }
    out.flush();
    progress.update(i + 1, done_records);
  }
  progress.finish();
  summary.stop_reason = delivery.stop_reason();
  return summary;
}

}  // namespace vrs::client::outbox
