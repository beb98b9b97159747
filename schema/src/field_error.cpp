#include "vrs/schema/field_error.hpp"

namespace vrs::schema {

std::string describe(const FieldError& error) {
  if (error.path.empty()) return error.message;
  return error.path + ": " + error.message;
}

std::vector<std::string> describe(const RecordResult& record) {
  const std::string prefix = record.line > 0 ? "line " + std::to_string(record.line) + ": "
                                             : "record " + std::to_string(record.index) + ": ";
  std::vector<std::string> lines;
  lines.reserve(record.errors.size());
  for (const auto& e : record.errors) lines.push_back(prefix + describe(e));
  return lines;
}

namespace {
Error join(const std::vector<std::string>& lines, std::size_t total, std::size_t max_lines) {
  std::string message;
  std::size_t shown = 0;
  for (const auto& line : lines) {
    if (shown == max_lines) break;
    if (!message.empty()) message += '\n';
    message += line;
    ++shown;
  }
  if (total > shown) message += "\n... and " + std::to_string(total - shown) + " more";
  return {ErrorCode::InvalidArgument, std::move(message)};
}
}  // namespace

Error to_error(const std::vector<RecordResult>& records, std::size_t max_lines) {
  std::vector<std::string> lines;
  std::size_t total = 0;
  for (const auto& r : records) {
    total += r.errors.size();
    if (lines.size() >= max_lines) continue;
    for (auto& line : describe(r)) lines.push_back(std::move(line));
  }
  return join(lines, total, max_lines);
}

Error to_error(const FieldErrors& errors, std::size_t max_lines) {
  std::vector<std::string> lines;
  for (const auto& e : errors) {
    if (lines.size() >= max_lines) break;
    lines.push_back(describe(e));
  }
  return join(lines, errors.size(), max_lines);
}

std::size_t count_invalid(const std::vector<RecordResult>& records) noexcept {
  std::size_t n = 0;
  for (const auto& r : records)
    if (!r.ok()) ++n;
  return n;
}

}  // namespace vrs::schema
