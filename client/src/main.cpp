// vrs-client: the member agency's agent. Parses arguments and calls the vrs_client library.
#include <CLI/CLI.hpp>

#include <iostream>

#include "vrs/client/validate_command.hpp"

int main(int argc, char** argv) {
  CLI::App app{"vrs-client: the VRS member agent (validate incident files; more commands come with the server)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "vrs-client 0.1.0");

  vrs::client::ValidateOptions validate;
  std::string format = "auto";
  auto* cmd = app.add_subcommand(
      "validate",
      "Check incident files (JSON or CSV) locally with the same rules the server applies.\n"
      "Every problem is listed with its file, CSV line or JSON record index, and field path.\n"
      "Exit status: 0 all records valid, 1 some record invalid, 2 a file unreadable or malformed as a whole.\n"
      "CSV columns: docs/csv-format.md. JSON: one incident, an array, or {\"schema\":\"vrs.incident/1\",\"records\":[...]}.");
  cmd->add_option("files", validate.files, "Incident files (.json or .csv)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--format", format, "auto (by extension, then content), json or csv")
      ->check(CLI::IsMember({"auto", "json", "csv"}))
      ->capture_default_str();
  cmd->add_option("--max-errors", validate.max_errors, "Problems printed per file (all are counted)")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();

  CLI11_PARSE(app, argc, argv);

  if (cmd->parsed()) {
    validate.format = vrs::client::parse_input_format(format).value_or(vrs::client::InputFormat::Auto);
    return vrs::client::run_validate(validate, std::cout, std::cerr);
  }
  return 2;
}
