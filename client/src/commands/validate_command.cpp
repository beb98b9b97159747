#include "vrs/client/commands/validate_command.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "commands/command.hpp"
#include "table_text.hpp"
#include "vrs/client/commands/failure.hpp"
#include "vrs/schema/field_error.hpp"

namespace vrs::client::commands {

namespace {

/// Returns 0, 1 or 2 as run_validate documents, for one file.
int validate_one(const std::string& file, const ValidateOptions& options, std::ostream& out, std::ostream& err) {
  auto read = read_incident_file(file, options.format, options.today);
  if (!read) {
    // A missing or oversized file names itself; a malformed one is prefixed with its name.
    return command_failure(err, "", read.error(), FailureKind::Usage);
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
  out << file << ": " << count_text(records->size(), "record", "records") << ", "
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

void add_validate_command(CLI::App& app, int& exit_code) {
  struct Args {
    ValidateOptions validate;
    std::string format = "auto";
  };
  auto [cmd, args] = add_command<Args>(
      app, exit_code, "validate",
      "Check incident files (JSON or CSV) locally with the same rules the server applies.\n"
      "Every problem is listed with its file, CSV line or JSON record index, and field path.\n"
      "Exit status: 0 all records valid, 1 some record invalid, 2 a file unreadable or malformed as a whole.\n"
      "CSV columns: docs/csv-format.md. JSON: one incident, an array, or {\"schema\":\"vrs.incident/1\",\"records\":[...]}.",
      [](const Args& a) {
        ValidateOptions options = a.validate;
        options.format = parse_input_format(a.format).value_or(InputFormat::Auto);
        return run_validate(options, std::cout, std::cerr);
      });
  cmd.add_option("files", args.validate.files, "Incident files (.json or .csv)")->required()->check(CLI::ExistingFile);
  cmd.add_option("--format", args.format, "auto (by extension, then content), json or csv")
      ->check(CLI::IsMember({"auto", "json", "csv"}))
      ->capture_default_str();
  cmd.add_option("--max-errors", args.validate.max_errors, "Problems printed per file (all are counted)")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
}

}  // namespace vrs::client::commands
