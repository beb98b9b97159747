#include "vrs/client/outbox/batch_plan.hpp"

#include <map>
#include <set>
#include <sstream>

#include "table_text.hpp"
#include "vrs/crypto/random.hpp"
#include "vrs/db/clock.hpp"
#include "vrs/schema/envelope.hpp"
#include "vrs/schema/json_codec.hpp"

namespace vrs::client::outbox {

using namespace vrs::client::net;

namespace {

// "line 17" (CSV) or "record 3" (JSON), as schema::describe(RecordResult) prefixes.
std::string position(std::size_t line, std::size_t index) {
  std::string out = line > 0 ? "line " : "record ";
  out += std::to_string(line > 0 ? line : index);
  return out;
}

std::string problem(const std::string& file, std::size_t line, std::size_t index, std::string_view text) {
  std::string out = file;
  out += ": ";
  out += position(line, index);
  out += ": ";
  out += text;
  return out;
}

// A syntactically valid placeholder for sizing: the real id and time have the same lengths.
constexpr std::string_view kSizingId = "00000000-0000-4000-8000-000000000000";
constexpr std::string_view kSizingTime = "2000-01-01T00:00:00.000Z";

}  // namespace

Result<LoadedRecords> load_records(const LoadOptions& options) {
  LoadedRecords out;
  // ref -> where it was first seen, so a repeat names the first occurrence.
  std::map<std::string, std::string> seen;
  for (const auto& file : options.files) {
    VRS_TRY(auto read, read_incident_file(file, options.format, options.today));
    for (auto& record : read.records) {
      ++out.total;
      std::vector<std::string> problems;
      for (const auto& line : schema::describe(record)) {
        std::string text = file;
        text += ": ";
        text += line;
        problems.push_back(std::move(text));
      }
      if (record.incident) {
        const auto& incident = *record.incident;
        std::string here = file;
        here += ": ";
        here += position(record.line, record.index);
        const auto [it, fresh] = seen.emplace(incident.ref, here);
        if (!fresh) {
          std::string text = "ref: \"";
          text += incident.ref;
          text += "\" appears more than once in the input (first at ";
          text += it->second;
          text += ")";
          problems.push_back(problem(file, record.line, record.index, text));
        }
        if (options.require_base_version && !incident.base_version) {
          problems.push_back(problem(file, record.line, record.index,
                                     "base_version: missing; an amendment must name the version it replaces"));
        }
      }
      if (!problems.empty()) {
        ++out.invalid;
        for (auto& p : problems) out.problems.push_back(std::move(p));
        continue;
      }
      out.valid.push_back(InputRecord{std::move(*record.incident), file, record.line, record.index});
    }
  }
  return out;
}

Result<std::vector<PlannedBatch>> plan_batches(const std::vector<InputRecord>& records, std::string_view member,
                                               const PlanOptions& options) {
  if (options.batch_size < 1 || options.batch_size > schema::kMaxBatchRecords) {
    std::string message = "--batch-size must be 1..";
    message += std::to_string(schema::kMaxBatchRecords);
    message += ", not ";
    message += std::to_string(options.batch_size);
    return fail(ErrorCode::InvalidArgument, std::move(message));
  }
  if (records.empty()) return fail(ErrorCode::InvalidArgument, "no records to submit");
  schema::Batch empty{std::string(kSizingId), std::string(kSizingTime), std::string(member), {}};
  const std::size_t overhead = schema::encode_batch(empty).size();  // with "records":[]
  std::vector<PlannedBatch> plan;
  PlannedBatch current;
  current.payload_bytes = overhead;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const std::size_t size = schema::encode_canonical(records[i].incident).size();
    if (overhead + size > options.max_payload_bytes) {
      return fail(ErrorCode::InvalidArgument, records[i].file + ": " + position(records[i].line, records[i].index) +
                                                  ": the record alone is larger than a batch may be (" +
                                                  std::to_string(size) + " bytes)");
    }
    const std::size_t added = size + (current.count > 0 ? 1 : 0);  // a comma between records
    if (current.count == options.batch_size || current.payload_bytes + added > options.max_payload_bytes) {
      plan.push_back(current);
      current = PlannedBatch{i, 0, overhead};
    }
    if (current.count == 0) current.first = i;
    current.payload_bytes += size + (current.count > 0 ? 1 : 0);
    ++current.count;
  }
  plan.push_back(current);
  return plan;
}

Result<std::vector<NewSubmission>> build_submissions(const std::vector<InputRecord>& records,
                                                     const std::vector<PlannedBatch>& plan, std::string_view member,
                                                     Clock::time_point now) {
  const std::string created_at = db::format_utc(now);
  std::vector<NewSubmission> out;
  out.reserve(plan.size());
  for (const auto& planned : plan) {
    if (planned.count == 0 || planned.first + planned.count > records.size()) {
      return fail(ErrorCode::InvalidArgument, "a planned batch is outside the records");
    }
    schema::Batch batch;
    batch.submission_id = crypto::random_uuid_v4();
    batch.created_at = created_at;
    batch.member = std::string(member);
    NewSubmission submission;
    std::set<std::string> files;
    std::string source;
    for (std::size_t i = planned.first; i < planned.first + planned.count; ++i) {
      batch.records.push_back(records[i].incident);
      submission.refs.push_back(records[i].incident.ref);
      if (files.insert(records[i].file).second) {
        if (!source.empty()) source += ", ";
        source += records[i].file;
      }
    }
    submission.payload = schema::encode_batch(batch);
    if (submission.payload.size() > schema::kMaxPayloadBytes) {
      std::string message = "a batch of ";
      message += std::to_string(planned.count);
      message += " records is ";
      message += std::to_string(submission.payload.size());
      message += " bytes; at most ";
      message += std::to_string(schema::kMaxPayloadBytes);
      message += " (use a smaller --batch-size)";
      return fail(ErrorCode::InvalidArgument, std::move(message));
    }
    submission.submission_id = std::move(batch.submission_id);
    submission.created_at = created_at;
    submission.member = std::string(member);
    submission.source = std::move(source);
    out.push_back(std::move(submission));
  }
  return out;
}

std::string format_plan(const std::vector<InputRecord>& records, const std::vector<PlannedBatch>& plan) {
  std::ostringstream out;
  std::size_t total = 0;
  std::size_t bytes = 0;
  for (std::size_t b = 0; b < plan.size(); ++b) {
    const auto& p = plan[b];
    total += p.count;
    bytes += p.payload_bytes;
    out << "batch " << (b + 1) << "/" << plan.size() << ": " << count_text(p.count, "record", "records") << ", "
        << p.payload_bytes << " bytes, refs " << records[p.first].incident.ref;
    if (p.count > 1) out << " .. " << records[p.first + p.count - 1].incident.ref;
    out << "\n";
  }
  out << "would submit " << count_text(total, "record", "records") << " in "
      << count_text(plan.size(), "submission", "submissions") << " (" << bytes
      << " payload bytes); dry run: nothing was queued or sent\n";
  return out.str();
}

}  // namespace vrs::client::outbox
