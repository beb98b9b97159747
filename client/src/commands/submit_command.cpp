#include "vrs/client/commands/submit_command.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "commands/command.hpp"
#include "outbox/send_session.hpp"
#include "table_text.hpp"
#include "vrs/client/commands/cli_options.hpp"
#include "vrs/client/commands/failure.hpp"
#include "vrs/client/net/api.hpp"
#include "vrs/client/net/incident_history.hpp"
#include "vrs/db/clock.hpp"

namespace vrs::client::commands {

using namespace vrs::client::net;
using namespace vrs::client::outbox;

namespace {


// Member id for sizing a dry run: the profile's if there is one (the id only changes the
// payload size by a few bytes).
std::string dry_run_member(const NetworkOptions& network) {
  auto profile = Profile::open(network.home);
  if (profile && profile->config()) return profile->config()->member;
  return "XXX-UNKNOWN";
}

// Queues `records` as batches (committed) and sends them. The exit code of submit.
int queue_and_send(Session& session, const std::vector<InputRecord>& records, std::size_t batch_size,
                   ProgressMode progress, std::string_view command, std::ostream& out, std::ostream& err) {
  const auto complain = [&](const Error& error) { return command_failure(err, command, error); };
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
  auto summary = send_entries(session, entries, DeliveryOptions{}, progress, out, err);
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
    return command_failure(err, command,
                           Error(ErrorCode::FailedPrecondition,
                                 count_text(summary->failed, "submission was", "submissions were") +
                                     " rejected (listed above; `vrs-client status` keeps the reasons)"));
  }
  if (summary->rejected_receipts > 0) {
    return command_failure(err, command,
                           Error(ErrorCode::DataLoss, count_text(summary->rejected_receipts, "receipt", "receipts") +
                                                          " did not verify; the submissions stay queued (`vrs-client status`)"));
  }
  return 0;
}

}  // namespace

int run_submit(const SubmitOptions& options, std::ostream& out, std::ostream& err) {
  const std::string command = options.amend ? "amend" : "submit";
  const auto complain = [&](const Error& error) { return command_failure(err, command, error); };
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
  auto session = open_session(options.network);
  if (!session) return complain(session.error());
  return queue_and_send(**session, loaded->valid, options.batch_size, options.progress, command, out, err);
}

int run_withdraw(const WithdrawOptions& options, std::ostream& out, std::ostream& err) {
  const auto complain = [&](const Error& error) { return command_failure(err, "withdraw", error); };
  if (options.ref.empty()) return complain(Error(ErrorCode::InvalidArgument, "REF must not be empty"));
  auto session = open_session(options.network);
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

// ---------------------------------------------------------------------------------------------
// Command line

namespace {

constexpr const char* kSubmitFooter =
    "\nRecords are checked with the same rules as `validate` (and the server). By default one\n"
    "invalid record stops everything: every problem is listed with its file, line/record and\n"
    "field, and nothing is queued. The valid records are split into batches (--batch-size, and\n"
    "at most 8 MiB each); each batch gets a new submission id, is signed with this member's\n"
    "signing key, sealed to the server's current key (GET /v1/keys, cached in\n"
    "server-keys.json), committed to the encrypted outbox (outbox.db) and only then sent. A\n"
    "submission leaves the queue only with a receipt signed by the server that names its id,\n"
    "payload hash and records. If the server cannot be reached the submissions stay queued\n"
    "and the command exits 0: run `vrs-client sync` later. Rejections (HTTP 403, 409, 422)\n"
    "are kept as failed with the server's reason (`vrs-client status`).\n"
    "Exit status: 0 sent or queued, 1 invalid input or a rejected submission, 2 usage error.";

struct SubmitArgs {
  NetworkArgs network;
  std::vector<std::string> files;
  std::string format = "auto";
  std::size_t batch_size = kDefaultBatchSize;
  bool dry_run = false;
  bool skip_invalid = false;
  std::size_t max_errors = 200;
};

// `submit` and `amend` take the same options.
void add_submit_like(CLI::App& app, int& exit_code, const char* name, const char* help, bool amend) {
  auto [cmd, args] = add_network_command<SubmitArgs>(app, exit_code, name, help, [amend](const SubmitArgs& a, const auto& network) {
    SubmitOptions submit;
    submit.network = network;
    submit.files = a.files;
    submit.format = parse_input_format(a.format).value_or(InputFormat::Auto);
    submit.batch_size = a.batch_size;
    submit.dry_run = a.dry_run;
    submit.skip_invalid = a.skip_invalid;
    submit.amend = amend;
    submit.max_errors = a.max_errors;
    submit.progress = progress_mode();
    return run_submit(submit, std::cout, std::cerr);
  });
  cmd.add_option("files", args.files, "Incident files (.json or .csv)")->required()->check(CLI::ExistingFile);
  cmd.add_option("--batch-size", args.batch_size, "Records per submission (1..5000)")
      ->check(CLI::Range(1, 5000))
      ->capture_default_str();
  cmd.add_flag("--dry-run", args.dry_run, "Validate and show the batches that would be sent; queue and send nothing");
  cmd.add_flag("--skip-invalid", args.skip_invalid, "Submit the valid records and list the invalid ones (default: all or nothing)");
  cmd.add_option("--format", args.format, "auto (by extension, then content), json or csv")
      ->check(CLI::IsMember({"auto", "json", "csv"}))
      ->capture_default_str();
  cmd.add_option("--max-errors", args.max_errors, "Problems printed (all are counted)")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  add_home_and_timeout(cmd, args.network);
  cmd.footer(kSubmitFooter);
}

}  // namespace

void add_submit_commands(CLI::App& app, int& exit_code) {
  add_submit_like(app, exit_code, "submit",
                  "Submit incident files (JSON or CSV) to the server as signed, encrypted submissions, and\n"
                  "keep the server's signed receipts.",
                  false);
  add_submit_like(app, exit_code, "amend",
                  "Submit new versions of records already submitted: like `submit`, but every record must\n"
                  "carry base_version, the version it replaces (see `vrs-client incidents REF`). A base that\n"
                  "is no longer the latest version is refused by the server (409 version_conflict), so two\n"
                  "offices cannot silently overwrite each other.",
                  true);
}

void add_withdraw_command(CLI::App& app, int& exit_code) {
  struct Args {
    NetworkArgs network;
    WithdrawOptions withdraw;
    std::optional<std::string> reason;
  };
  auto [cmd, args] = add_network_command<Args>(
      app, exit_code, "withdraw",
      "Withdraw one of this member's records: fetches its latest version (GET /v1/incidents/REF),\n"
      "makes a new version with status withdrawn naming --base-version, and submits it like\n"
      "`submit` (signed, queued, receipted). The record's history stays on the server; the ref\n"
      "cannot be re-created. A stale --base-version is refused by the server (409).",
      [](const Args& a, const auto& network) {
        WithdrawOptions withdraw = a.withdraw;
        withdraw.network = network;
        withdraw.reason = a.reason;
        return run_withdraw(withdraw, std::cout, std::cerr);
      });
  cmd.add_option("ref", args.withdraw.ref, "The record's ref")->required();
  cmd.add_option("--base-version", args.withdraw.base_version, "The version being withdrawn (the latest)")
      ->required()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 53));
  cmd.add_option("--reason", args.reason, "Why (kept in the withdrawn version's notes, at most 2000 bytes)");
  add_network_options(cmd, args.network);
}

}  // namespace vrs::client::commands
