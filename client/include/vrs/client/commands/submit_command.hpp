#pragma once
/// `vrs-client submit`, `amend` and `withdraw` (docs/architecture.md "Submission path", docs/api.md): validate, batch,
/// sign, seal, queue in the outbox (committed), send, verify and store the receipts.
///
/// Output: one line per submission on `out` ("sent <id>: N records, receipt verified (audit
/// seq S)"), record problems and progress on `err`, and a summary line. Exit codes: 0 every
/// submission sent — or queued because the server could not be reached (nothing is lost;
/// `vrs-client sync` sends it later); 1 invalid input (nothing queued), a rejected
/// submission, a receipt that did not verify, or a local failure (one `vrs-client: <command>:
/// ...` line on `err`).

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "vrs/client/outbox/batch_plan.hpp"
#include "vrs/client/input_file.hpp"
#include "vrs/client/net/network_options.hpp"
#include "vrs/client/outbox/progress_mode.hpp"
#include "vrs/schema/model.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace vrs::client::commands {

struct SubmitOptions {
  net::NetworkOptions network;
  std::vector<std::string> files;
  InputFormat format = InputFormat::Auto;
  std::size_t batch_size = outbox::kDefaultBatchSize;
  bool dry_run = false;       ///< validate and show the batches; no outbox, no network
  bool skip_invalid = false;  ///< submit the valid records, list the invalid ones
  bool amend = false;         ///< every record must carry base_version
  std::size_t max_errors = 200;
  outbox::ProgressMode progress = outbox::ProgressMode::Lines;
  schema::Date today = schema::today_utc();
};

int run_submit(const SubmitOptions& options, std::ostream& out, std::ostream& err);

struct WithdrawOptions {
  net::NetworkOptions network;
  std::string ref;
  std::uint64_t base_version = 0;  ///< the version being withdrawn (the latest)
  std::optional<std::string> reason;
  schema::Date today = schema::today_utc();
};

/// Fetches the record (GET /v1/incidents/{ref}), makes the withdrawal version and submits it
/// like `submit`.
int run_withdraw(const WithdrawOptions& options, std::ostream& out, std::ostream& err);

/// `submit` and `amend` (the same options).
void add_submit_commands(CLI::App& app, int& exit_code);
void add_withdraw_command(CLI::App& app, int& exit_code);

}  // namespace vrs::client::commands
