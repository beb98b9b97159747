#include "vrs/client/submit_command.hpp"

#include <ostream>

#include "command_support.hpp"
#include "vrs/client/api.hpp"
#include "vrs/client/incidents.hpp"

namespace vrs::client {

namespace {

using detail::count_text;

// Member id for sizing a dry run: the profile's if there is one (the id only changes the
// payload size by a few bytes).
std::string dry_run_member(const NetworkOptions& network) {
  auto profile = Profile::open(network.home);
  if (profile && profile->config()) return profile->config()->member;
  return "XXX-UNKNOWN";
}

// Queues `records` as batches (committed) and sends them. The exit code of submit.
int queue_and_send(detail::Session& session, const std::vector<InputRecord>& records, std::size_t batch_size,
                   ProgressMode progress, std::string_view command, std::ostream& out, std::ostream& err) {
  const auto complain = [&](const Error& error) {
    err << "vrs-client: " << command << ": " << error.message() << "\n";
    return 1;
  };
  const std::string& member = session.profile.config()->member;
  auto plan = plan_batches(records, member, PlanOptions{batch_size, kTargetPayloadBytes});
  if (!plan) return complain(plan.error());
  auto submissions = build_submissions(records, *plan, member, Clock::now());
  if (!submissions) return complain(submissions.error());
  // Committed before anything is sent: from here on nothing the user submitted is lost.
  if (auto queued = session.outbox.enqueue(*submissions, Clock::now()); !queued) return complain(queued.error());

  std::vector<OutboxEntry> entries;
  entries.reserve(submissions->size());
  for (const auto& s : *submissions) {
    auto entry = session.outbox.find(s.submission_id);
    if (!entry) return complain(entry.error());
    if (!*entry) return complain(Error(ErrorCode::Internal, "a queued submission vanished from the outbox"));
    entries.push_back(std::move(**entry));
  }
  auto summary = detail::send_entries(session, entries, DeliveryOptions{}, progress, out, err);
  if (!summary) return complain(summary.error());

  if (summary->sent > 0) {
    out << command << ": " << count_text(summary->sent_records, "record", "records") << " in "
        << count_text(summary->sent, "submission", "submissions") << " sent; receipts verified and stored\n";
  }
  if (summary->stop_reason) {
    out << "queued " << count_text(summary->queued, "submission", "submissions") << " (server unreachable: "
        << *summary->stop_reason << "); run `vrs-client sync`\n";
  }
  if (summary->failed > 0) {
    err << "vrs-client: " << command << ": " << count_text(summary->failed, "submission was", "submissions were")
        << " rejected (listed above; `vrs-client status` keeps the reasons)\n";
    return 1;
  }
  if (summary->rejected_receipts > 0) {
    err << "vrs-client: " << command << ": " << count_text(summary->rejected_receipts, "receipt", "receipts")
        << " did not verify; the submissions stay queued (`vrs-client status`)\n";
    return 1;
  }
  return 0;
}

}  // namespace

int run_submit(const SubmitOptions& options, std::ostream& out, std::ostream& err) {
  const std::string command = options.amend ? "amend" : "submit";
  const auto complain = [&](const Error& error) {
    err << "vrs-client: " << command << ": " << error.message() << "\n";
    return 1;
  };
  if (options.files.empty()) return complain(Error(ErrorCode::InvalidArgument, "no input files"));
  LoadOptions load;
  load.files = options.files;
  load.format = options.format;
  load.today = options.today;
  load.require_base_version = options.amend;
  auto loaded = load_records(load);
  if (!loaded) return complain(loaded.error());

  std::size_t printed = 0;
  for (const auto& problem : loaded->problems) {
    if (printed++ == options.max_errors) {
      err << "... and " << (loaded->problems.size() - options.max_errors) << " more problems\n";
      break;
    }
    err << problem << "\n";
  }
  if (loaded->invalid > 0 && !options.skip_invalid) {
    return complain(Error(ErrorCode::InvalidArgument,
                          std::to_string(loaded->invalid) + " of " + count_text(loaded->total, "record", "records") +
                              " invalid; nothing was queued (fix them, or submit the valid ones with --skip-invalid)"));
  }
  if (loaded->invalid > 0) {
    err << command << ": skipping " << count_text(loaded->invalid, "invalid record", "invalid records") << " of "
        << loaded->total << "\n";
  }
  if (loaded->valid.empty()) return complain(Error(ErrorCode::InvalidArgument, "no valid records to submit"));

  if (options.dry_run) {
    auto plan = plan_batches(loaded->valid, dry_run_member(options.network), PlanOptions{options.batch_size, kTargetPayloadBytes});
    if (!plan) return complain(plan.error());
    out << format_plan(loaded->valid, *plan);
    return 0;
  }
  auto session = detail::open_session(options.network);
  if (!session) return complain(session.error());
  return queue_and_send(**session, loaded->valid, options.batch_size, options.progress, command, out, err);
}

int run_withdraw(const WithdrawOptions& options, std::ostream& out, std::ostream& err) {
  const auto complain = [&](const Error& error) {
    err << "vrs-client: withdraw: " << error.message() << "\n";
    return 1;
  };
  if (options.ref.empty()) return complain(Error(ErrorCode::InvalidArgument, "REF must not be empty"));
  auto session = detail::open_session(options.network);
  if (!session) return complain(session.error());
  std::string target = "/v1/incidents/";
  target += encode_path_segment(options.ref);
  auto body = (*session)->transport.get(target);
  if (!body) return complain(body.error());
  auto history = parse_incident_history(*body);
  if (!history) return complain(history.error());
  auto record = withdrawal_record(*history, options.base_version, options.reason, options.today);
  if (!record) return complain(record.error());
  std::string source = "withdraw ";
  source += options.ref;
  std::vector<InputRecord> records;
  records.push_back(InputRecord{std::move(*record), std::move(source), 0, 0});
  return queue_and_send(**session, records, 1, ProgressMode::Off, "withdraw", out, err);
}

int run_incidents(const NetworkOptions& options, const std::string& ref, std::ostream& out, std::ostream& err) {
  const auto complain = [&](const Error& error) {
    err << "vrs-client: incidents: " << error.message() << "\n";
    return 1;
  };
  auto profile = Profile::open(options.home);
  if (!profile) return complain(profile.error());
  HttpsSubmissionTransport transport(*profile, options.timeout);
  std::string target = "/v1/incidents/";
  target += encode_path_segment(ref);
  auto body = transport.get(target);
  if (!body) return complain(body.error());
  auto history = parse_incident_history(*body);
  if (!history) return complain(history.error());
  out << format_incident_history(*history);
  return 0;
}

}  // namespace vrs::client
