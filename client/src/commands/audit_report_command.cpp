#include "vrs/client/commands/audit_report_command.hpp"

#include <iostream>

#include "commands/command.hpp"
#include "vrs/client/commands/failure.hpp"
#include "vrs/client/report/audit.hpp"
#include "vrs/client/report/render.hpp"
#include "vrs/common/text_file.hpp"

namespace vrs::client::commands {
namespace {

constexpr std::string_view kCommand = "audit-report";
// A saved report is well under this; the bound only keeps a wrong file from filling memory.
constexpr std::size_t kMaxReportBytes = std::size_t{64} << 20;

}  // namespace

int run_audit_report(const std::filesystem::path& file, std::ostream& out, std::ostream& err) {
  auto text = read_text_file(file, kMaxReportBytes);
  if (!text) return command_failure(err, kCommand, text.error());
  auto doc = report::parse_report(*text);
  if (!doc) return command_failure(err, kCommand, doc.error().with_context(file.string()));
  auto audit = report::audit_report(*doc);
  if (!audit) return command_failure(err, kCommand, audit.error().with_context(file.string()));
  out << report::format_report_audit(*audit);
  if (audit->narrow > 0) {
    return command_failure(err, kCommand,
                           Error(ErrorCode::FailedPrecondition,
                                 std::to_string(audit->narrow) +
                                     " suppressed cells can be narrowed below the protection level"));
  }
  return kExitOk;
}

void add_audit_report_command(CLI::App& app, int& exit_code) {
  struct Args {
    std::filesystem::path file;
  };
  auto [cmd, args] = add_command<Args>(
      app, exit_code, std::string(kCommand),
      "Check the protection of a saved report (a vrs.report/1 JSON file, as `report --format json`\n"
      "writes it): solve the attacker's linear programs from your own position, over every number\n"
      "of every section of the file, your own contributions and the additive relations between\n"
      "the cells, and print, for every suppressed cell, the interval of the others' incidents and\n"
      "persons that can be derived. A cell is protected when its interval is at least the report's\n"
      "k persons and min_incidents incidents wide, or shows by itself that the cell is not small.",
      [](const Args& a) { return run_audit_report(a.file, std::cout, std::cerr); });
  cmd.add_option("FILE", args.file, "The saved report (JSON)")->required();
  cmd.footer(
      "\nNot covered: other periods and filters (each report is audited alone), the previous\n"
      "period's figures of the trend sections, and fee cells. docs/disclosure.md has the model.\n"
      "Exit status: 0 every suppressed cell protected, 1 some cell narrower than the protection\n"
      "level or a failure (unreadable file, sha256 mismatch), 2 usage error.");
}

}  // namespace vrs::client::commands
