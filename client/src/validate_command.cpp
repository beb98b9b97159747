#include "vrs/client/validate_command.hpp"

#include <ostream>

#include "vrs/schema/field_error.hpp"

namespace vrs::client {

namespace {

/// Returns 0, 1 or 2 as run_validate documents, for one file.
int validate_one(const std::string& file, const ValidateOptions& options, std::ostream& out, std::ostream& err) {
  auto read = read_incident_file(file, options.format, options.today);
  if (!read) {
    // A missing or oversized file names itself; a malformed one is prefixed with its name.
    err << "vrs-client: " << read.error().message() << "\n";
    return 2;
  }
  const InputFormat format = read->format;
  const auto* records = &read->records;
  std::size_t printed = 0;
  std::size_t total_errors = 0;
  for (const auto& record : *records) {
    for (const auto& line : schema::describe(record)) {
      ++total_errors;
      if (printed < options.max_errors) {
        err << file << ": " << line << "\n";
        ++printed;
      }
    }
  }
  if (total_errors > printed) err << file << ": ... and " << (total_errors - printed) << " more problems\n";
  const std::size_t invalid = schema::count_invalid(*records);
  out << file << ": " << records->size() << (records->size() == 1 ? " record, " : " records, ")
      << (records->size() - invalid) << " valid, " << invalid << " invalid ("
      << (format == InputFormat::Json ? "JSON" : "CSV") << ")\n";
  return invalid == 0 ? 0 : 1;
}

}  // namespace

int run_validate(const ValidateOptions& options, std::ostream& out, std::ostream& err) {
  int worst = 0;
  for (const auto& file : options.files) worst = std::max(worst, validate_one(file, options, out, err));
  return worst;
}

}  // namespace vrs::client
