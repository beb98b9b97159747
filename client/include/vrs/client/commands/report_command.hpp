#pragma once
/// `vrs-client report`, `analyze` and `audit-report`: GET /v1/reports/regional and
/// GET /v1/analyses/{name} (docs/reports.md), the check of the document's sha256, the audit of
/// a saved report's protection (report/audit.hpp), and the
/// renderings of report/render.hpp written to disk (HTML, CSV folder, JSON as received) or
/// printed as a terminal table. Progress goes to `err`, results to `out`; on failure exactly one
/// line `vrs-client: <command>: <why>` goes to `err`.
///
/// Exit codes of the run functions: 0 ok, 1 failure (network, server refusal, sha256 mismatch,
/// disk), 2 usage (an option missing or with a bad value: nothing is sent).

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "vrs/client/net/network_options.hpp"
#include "vrs/common/error.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace vrs::client::commands {

enum class ReportFormat { Html, Csv, Json };

/// "html" | "csv" | "json"; InvalidArgument naming --format and the value otherwise.
Result<ReportFormat> parse_report_format(std::string_view text);

/// The query options as typed; checked by report_query().
struct ReportQueryArgs {
  std::optional<std::string> region;
  std::optional<std::string> period;
  std::optional<std::string> route_country;
  std::optional<std::string> mode;
  std::optional<std::string> nationality;
};

/// Checks the options and builds the query string "region=R&period=P[&route_country=C]
/// [&mode=M][&nationality=N]" (values percent-encoded; alpha-3 codes upper-cased).
/// InvalidArgument naming the option and its value: a missing --region or --period, a region
/// that is not 1..64 of [A-Za-z0-9_-], a period that schema::report::parse_period refuses
/// (not YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD of real dates, or a range that ends
/// before it starts or spans more than 10 years), a country or nationality that is not three
/// letters, a mode other than air, land, sea or unknown. The server checks that the region exists.
Result<std::string> report_query(const ReportQueryArgs& args);

struct ReportOptions {
  net::NetworkOptions network;
  ReportQueryArgs query;
  std::string format;                          ///< html | csv | json (required)
  std::optional<std::filesystem::path> out;    ///< file (html, json) or folder (csv); required
  std::optional<std::filesystem::path> from_json;  ///< render a saved document instead of asking the server
};

/// The usage checks of run_report (no network, no disk): InvalidArgument naming the option.
/// With from_json, region/period/filters must not be given; without it, report_query() applies.
Result<void> check_report_options(const ReportOptions& options);

/// Writes the document: Json → `body` exactly as received; Html → one file; Csv → the folder
/// `out` (created 0700 if missing) with one file per section. Every file is written atomically
/// with mode 0600 (report data is sensitive), replacing an older one. Returns the paths written.
/// InvalidArgument when `out` is a folder for html/json or a file for csv; the writer's errors.
Result<std::vector<std::filesystem::path>> write_report(const boost::json::object& doc, std::string_view body,
                                                        ReportFormat format, const std::filesystem::path& out);

int run_report(const ReportOptions& options, std::ostream& out, std::ostream& err);

struct AnalyzeOptions {
  net::NetworkOptions network;
  std::string name;  ///< a section name (schema::report::kSections)
  ReportQueryArgs query;
  bool json = false;  ///< print the server's document instead of a table
};

/// Usage checks of run_analyze: the name (InvalidArgument listing the names that exist) and
/// report_query().
Result<void> check_analyze_options(const AnalyzeOptions& options);

int run_analyze(const AnalyzeOptions& options, std::ostream& out, std::ostream& err);

void add_report_command(CLI::App& app, int& exit_code);
void add_analyze_command(CLI::App& app, int& exit_code);

/// `vrs-client audit-report FILE`: the attacker's problem solved on a saved report, from the
/// viewer's own position (vrs/client/report/audit.hpp, docs/disclosure.md).
/// Reads, checks (sha256) and audits the report in `file`; prints the table on `out`. Exit 0
/// when every suppressed cell is protected, 1 when some is not or on a failure (one line on
/// `err` naming the file).
int run_audit_report(const std::filesystem::path& file, std::ostream& out, std::ostream& err);

void add_audit_report_command(CLI::App& app, int& exit_code);

}  // namespace vrs::client::commands
