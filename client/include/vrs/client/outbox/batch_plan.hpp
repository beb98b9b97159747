#pragma once
/// From incident files to submissions (docs/architecture.md "Submission path"): read and validate every record with the
/// code `validate` uses, refuse or skip invalid ones, split the valid ones into batches of at
/// most `batch_size` records whose payload stays under a byte budget, and encode each batch
/// (schema::encode_batch) with a fresh submission id.
///
/// Thread-safety: pure functions (build_submissions draws random ids).

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "vrs/client/input_file.hpp"
#include "vrs/client/outbox/outbox.hpp"
#include "vrs/common/error.hpp"
#include "vrs/schema/model.hpp"

namespace vrs::client::outbox {

inline constexpr std::size_t kDefaultBatchSize = 500;
/// Payload budget per batch: well under schema::kMaxPayloadBytes (11 MiB), so the base64
/// envelope stays far below the server's 16 MiB request limit.
inline constexpr std::size_t kTargetPayloadBytes = std::size_t{8} << 20;

/// One valid record and where it came from.
struct InputRecord {
  schema::Incident incident;
  std::string file;
  std::size_t line = 0;   ///< CSV: 1-based line; JSON: 0
  std::size_t index = 0;  ///< 0-based record index in its file
};

struct LoadOptions {
  std::vector<std::string> files;
  InputFormat format = InputFormat::Auto;
  schema::Date today = schema::today_utc();
  /// `amend`: every record must name the version it replaces (base_version).
  bool require_base_version = false;
};

struct LoadedRecords {
  std::vector<InputRecord> valid;     ///< in input order
  std::vector<std::string> problems;  ///< "<file>: line 17: migrants[0].count: ..." as `validate` prints
  std::size_t total = 0;              ///< records read
  std::size_t invalid = 0;            ///< records with at least one problem
};

/// Reads every file. Besides the schema rules, a `ref` that appears twice in the input is a
/// problem of the later record, and so is a missing base_version with require_base_version.
/// Fails (with the file named) only when a file as a whole is unusable.
Result<LoadedRecords> load_records(const LoadOptions& options);

struct PlanOptions {
  std::size_t batch_size = kDefaultBatchSize;           ///< 1..schema::kMaxBatchRecords
  std::size_t max_payload_bytes = kTargetPayloadBytes;  ///< per batch payload
};

/// A run of consecutive records forming one batch, and its exact payload size.
struct PlannedBatch {
  std::size_t first = 0;
  std::size_t count = 0;
  std::size_t payload_bytes = 0;
};

/// Splits `records` in order. InvalidArgument for a batch size out of range, no records, or a
/// single record whose payload alone exceeds the budget.
Result<std::vector<PlannedBatch>> plan_batches(const std::vector<InputRecord>& records, std::string_view member,
                                               const PlanOptions& options = {});

/// Encodes each planned batch as a submission (random UUIDv4, created_at = `now` in UTC,
/// `member`); `source` names the batch's files. InvalidArgument if an encoded payload exceeds
/// schema::kMaxPayloadBytes.
Result<std::vector<NewSubmission>> build_submissions(const std::vector<InputRecord>& records,
                                                     const std::vector<PlannedBatch>& plan, std::string_view member,
                                                     Clock::time_point now);

/// What `--dry-run` prints: one line per batch (records, bytes, first and last ref) and a
/// summary.
std::string format_plan(const std::vector<InputRecord>& records, const std::vector<PlannedBatch>& plan);

}  // namespace vrs::client::outbox
