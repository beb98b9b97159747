#pragma once
/// `vrs-client submit`, `amend` and `withdraw` (DESIGN §5, docs/api.md): validate, batch,
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

#include "vrs/client/admin_commands.hpp"
#include "vrs/client/batch_plan.hpp"
#include "vrs/client/input_file.hpp"
#include "vrs/schema/model.hpp"

namespace vrs::client {

/// How progress over many batches is shown on stderr.
enum class ProgressMode {
  Off,
  Lines,  ///< "batch 3/40: 1500/20000 records", one line per batch (logs, pipes)
  Bar,    ///< the same line redrawn with \r (a terminal)
};

struct SubmitOptions {
  NetworkOptions network;
  std::vector<std::string> files;
  InputFormat format = InputFormat::Auto;
  std::size_t batch_size = kDefaultBatchSize;
  bool dry_run = false;       ///< validate and show the batches; no outbox, no network
  bool skip_invalid = false;  ///< submit the valid records, list the invalid ones
  bool amend = false;         ///< every record must carry base_version
  std::size_t max_errors = 200;
  ProgressMode progress = ProgressMode::Lines;
  schema::Date today = schema::today_utc();
};

int run_submit(const SubmitOptions& options, std::ostream& out, std::ostream& err);

struct WithdrawOptions {
  NetworkOptions network;
  std::string ref;
  std::uint64_t base_version = 0;  ///< the version being withdrawn (the latest)
  std::optional<std::string> reason;
  schema::Date today = schema::today_utc();
};

/// Fetches the record (GET /v1/incidents/{ref}), makes the withdrawal version and submits it
/// like `submit`.
int run_withdraw(const WithdrawOptions& options, std::ostream& out, std::ostream& err);

/// `vrs-client incidents REF`: the versions of one of the member's records.
int run_incidents(const NetworkOptions& options, const std::string& ref, std::ostream& out, std::ostream& err);

}  // namespace vrs::client
