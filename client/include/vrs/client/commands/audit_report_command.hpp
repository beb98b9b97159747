#pragma once
/// `vrs-client audit-report FILE`: the attacker's problem solved on a saved report, from the
/// viewer's own position (vrs/client/report/audit.hpp, docs/disclosure.md): the interval that
/// can be derived for every suppressed cell, and whether each is protected.

#include <filesystem>
#include <iosfwd>

namespace CLI {
class App;
}  // namespace CLI

namespace vrs::client::commands {

/// Reads, checks (sha256) and audits the report in `file`; prints the table on `out`. Exit 0
/// when every suppressed cell is protected, 1 when some is not or on a failure (one line on
/// `err` naming the file).
int run_audit_report(const std::filesystem::path& file, std::ostream& out, std::ostream& err);

void add_audit_report_command(CLI::App& app, int& exit_code);

}  // namespace vrs::client::commands
