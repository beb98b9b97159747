#pragma once
// Internal to the agent: taking one file from the inbox (docs/agent.md "What happens to a
// file"). The file is first renamed into INBOX/.processing/ (so its writer cannot change what
// is read), then read, hashed and validated as `submit` validates. Valid: its records are
// planned into batches and queued, with the file's row in agent_files, in ONE outbox
// transaction, and the file moves to done/ with NAME.receipts.txt. Invalid: it moves to
// rejected/ with NAME.errors.txt listing every problem, and nothing is queued. Known by its
// SHA-256: it moves to done/ and is not queued again. A withdrawal file whose records cannot be
// fetched because the server is unreachable stays in .processing/ and is tried again later.

#include <cstddef>
#include <filesystem>
#include <string>

#include "outbox/send_session.hpp"
#include "vrs/client/outbox/batch_plan.hpp"
#include "vrs/client/agent/inbox.hpp"
#include "vrs/common/error.hpp"
#include "vrs/schema/model.hpp"

namespace vrs::client::agent {

struct IntakeOptions {
  std::size_t batch_size = outbox::kDefaultBatchSize;
  schema::Date today = schema::today_utc();
};

struct Intake {
  enum class Outcome { Queued, Duplicate, Rejected, Deferred } outcome = Outcome::Queued;
  std::string name;
  std::size_t records = 0;
  std::size_t submissions = 0;
  std::size_t problems = 0;
  std::string detail;  ///< one line for the log (never record content)
};

/// Claims `file` (in the inbox, or already in .processing/ after a crash) and takes it.
Result<Intake> take_file(outbox::Session& session, const Inbox& inbox, const std::filesystem::path& file,
                         const IntakeOptions& options);

/// Writes done/NAME.receipts.txt for every taken file whose submissions all have receipts
/// now, and marks it complete. The number of files completed.
Result<std::size_t> complete_files(outbox::Session& session, const Inbox& inbox);

}  // namespace vrs::client::agent
