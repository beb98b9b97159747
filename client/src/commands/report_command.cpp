#include "vrs/client/commands/report_command.hpp"

#include <sys/stat.h>

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <system_error>

#include "commands/command.hpp"
#include "vrs/client/commands/cli_options.hpp"
#include "vrs/client/commands/failure.hpp"
#include "vrs/client/net/api.hpp"
#include "vrs/client/net/https_client.hpp"
#include "vrs/client/report/audit.hpp"
#include "vrs/client/report/render.hpp"
#include "vrs/common/text_file.hpp"
#include "vrs/schema/report/contract.hpp"

namespace vrs::client::commands {

namespace fs = std::filesystem;
using namespace vrs::client::net;
using namespace vrs::client::report;

namespace {

// Reports are a few MiB at most; the server's body limit is the client's (16 MiB).
constexpr std::size_t kMaxSavedReport = std::size_t{64} << 20;
constexpr mode_t kReportFileMode = 0600;

Error usage(std::string_view option, std::string_view value, std::string_view problem) {
  std::string message(option);
  message += " \"";
  message += printable(value, 80);
  message += "\": ";
  message += problem;
  return {ErrorCode::InvalidArgument, std::move(message)};
}

bool is_region(std::string_view r) {
  if (r.empty() || r.size() > 64) return false;
  for (const char c : r) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

// Three letters, upper-cased; nullopt otherwise.
std::optional<std::string> alpha3(std::string_view code) {
  if (code.size() != 3) return std::nullopt;
  std::string out(code);
  for (auto& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') return std::nullopt;
  }
  return out;
}

void add_param(std::string& query, std::string_view name, std::string_view value) {
  if (!query.empty()) query += '&';
  query += name;
  query += '=';
  query += encode_path_segment(value);
}

// GET target with the profile's certificate; the body of a 2xx, else the server's problem.
Result<std::string> fetch(const NetworkOptions& network, const std::string& target) {
  VRS_TRY(auto http, connect_home(network));
  auto body = http.get(target);
  http.close();
  if (!body) return fail(body.error().with_context(std::string("GET ") + target));
  return body;
}

std::string short_summary(const boost::json::object& doc) {
  std::string out;
  const auto* params = doc.if_contains("parameters");
  if (params != nullptr && params->is_object()) {
    for (const auto* key : {"region", "period"}) {
      const auto* v = params->get_object().if_contains(key);
      if (v != nullptr && v->is_string()) {
        if (!out.empty()) out += ' ';
        out += printable(std::string_view(v->get_string().data(), v->get_string().size()), 80);
      }
    }
  }
  return out;
}

void reciprocity_note(const boost::json::object& doc, std::ostream& err) {
  const auto* r = doc.if_contains("reciprocity");
  if (r == nullptr || !r->is_object()) return;
  const auto* regional = r->get_object().if_contains("regional");
  if (regional == nullptr || !regional->is_bool() || regional->get_bool()) return;
  err << "note: reciprocity: the report holds only your own data";
  const auto* reason = r->get_object().if_contains("reason");
  if (reason != nullptr && reason->is_string()) {
    err << ": " << printable(std::string_view(reason->get_string().data(), reason->get_string().size()));
  }
  err << "\n";
}

}  // namespace

Result<ReportFormat> parse_report_format(std::string_view text) {
  if (text == "html") return ReportFormat::Html;
  if (text == "csv") return ReportFormat::Csv;
  if (text == "json") return ReportFormat::Json;
  return fail(usage("--format", text, "expected html, csv or json"));
}

Result<std::string> report_query(const ReportQueryArgs& args) {
  if (!args.region) return fail(ErrorCode::InvalidArgument, "--region is required (a region from the server's configuration, bali_process or all)");
  if (!args.period) return fail(ErrorCode::InvalidArgument, "--period is required (2025, 2025-Q1, 2025-03 or 2025-01..2025-06)");
  if (!is_region(*args.region)) return fail(usage("--region", *args.region, "expected 1 to 64 of A-Z a-z 0-9 _ -"));
  if (!schema::report::parse_period(*args.period)) {
    return fail(usage("--period", *args.period, "expected YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD"));
  }
  std::string query;
  add_param(query, "region", *args.region);
  add_param(query, "period", *args.period);
  if (args.route_country) {
    const auto code = alpha3(*args.route_country);
    if (!code) return fail(usage("--route-country", *args.route_country, "expected an ISO 3166-1 alpha-3 code, e.g. IDN"));
    add_param(query, "route_country", *code);
  }
  if (args.mode) {
    const std::string& m = *args.mode;
    if (m != "air" && m != "land" && m != "sea" && m != "unknown") {
      return fail(usage("--mode", m, "expected air, land, sea or unknown"));
    }
    add_param(query, "mode", m);
  }
  if (args.nationality) {
    const auto code = alpha3(*args.nationality);
    if (!code) {
      return fail(usage("--nationality", *args.nationality, "expected an ISO 3166-1 alpha-3 code or XXA, XXB, XXC, XXX"));
    }
    add_param(query, "nationality", *code);
  }
  return query;
}

Result<void> check_report_options(const ReportOptions& options) {
  VRS_TRY_VOID(parse_report_format(options.format));
  if (!options.out || options.out->empty()) return fail(ErrorCode::InvalidArgument, "--out is required (the file, or for csv the folder, to write)");
  if (options.from_json) {
    const auto& q = options.query;
    if (q.region || q.period || q.route_country || q.mode || q.nationality) {
      return fail(ErrorCode::InvalidArgument,
                  "--from-json renders a saved report: --region, --period and the filters are the saved report's own");
    }
    return {};
  }
  VRS_TRY_VOID(report_query(options.query));
  return {};
}

Result<std::vector<fs::path>> write_report(const boost::json::object& doc, std::string_view body, ReportFormat format,
                                           const fs::path& out) {
  std::error_code ec;
  const auto status = fs::status(out, ec);
  std::vector<fs::path> written;
  if (format != ReportFormat::Csv) {
    if (fs::is_directory(status)) {
      return fail(ErrorCode::InvalidArgument, std::string("--out ") + out.string() + " is a folder; html and json write one file");
    }
    std::string content;
    if (format == ReportFormat::Json) {
      content = body;
    } else {
      VRS_TRY(auto html, render_report_html(doc));
      content = std::move(html);
    }
    VRS_TRY_VOID(write_file_atomically(out, content, kReportFileMode, Replace::Yes));
    written.push_back(out);
    return written;
  }
  VRS_TRY(auto files, render_report_csv(doc));
  if (fs::exists(status) && !fs::is_directory(status)) {
    return fail(ErrorCode::InvalidArgument, std::string("--out ") + out.string() + " is a file; csv writes a folder of files");
  }
  if (!fs::exists(status)) {
    if (!fs::create_directory(out, ec) || ec) {
      return fail(ErrorCode::Unavailable, std::string("cannot create the folder ") + out.string() + ": " + ec.message());
    }
    ::chmod(out.c_str(), 0700);
  }
  for (const auto& file : files) {
    const fs::path path = out / file.name;
    VRS_TRY_VOID(write_file_atomically(path, file.content, kReportFileMode, Replace::Yes));
    written.push_back(path);
  }
  return written;
}

int run_report(const ReportOptions& options, std::ostream& out, std::ostream& err) {
  constexpr std::string_view command = "report";
  if (auto checked = check_report_options(options); !checked) return command_failure(err, command, checked.error(), FailureKind::Usage);
  const ReportFormat format = *parse_report_format(options.format);

  std::string body;
  if (options.from_json) {
    err << "reading " << options.from_json->string() << "…\n";
    auto text = read_text_file(*options.from_json, kMaxSavedReport);
    if (!text) return command_failure(err, command, text.error());
    body = std::move(*text);
  } else {
    const std::string query = *report_query(options.query);
    const std::string target = std::string("/v1/reports/regional?") + query;
    err << "requesting report " << *options.query.region << " " << *options.query.period << "…\n";
    err.flush();
    auto fetched = fetch(options.network, target);
    if (!fetched) return command_failure(err, command, fetched.error());
    body = std::move(*fetched);
    err << "received " << body.size() << " bytes\n";
  }
  auto doc = parse_report(body);
  if (!doc) return command_failure(err, command, doc.error());
  err << "sha256 verified: " << schema::report::digest(*doc) << "\n";
  reciprocity_note(*doc, err);
  auto written = write_report(*doc, body, format, *options.out);
  if (!written) return command_failure(err, command, written.error());
  for (const auto& path : *written) err << "wrote " << path.string() << "\n";
  out << "report " << short_summary(*doc) << ": " << options.format << " written to " << options.out->string() << "\n";
  return 0;
}

Result<void> check_analyze_options(const AnalyzeOptions& options) {
  if (!schema::report::is_section(options.name)) {
    std::string message = "unknown analysis \"";
    message += printable(options.name, 64);
    message += "\"; the analyses are: ";
    message += schema::report::section_list();
    return fail(ErrorCode::InvalidArgument, std::move(message));
  }
  VRS_TRY_VOID(report_query(options.query));
  return {};
}

int run_analyze(const AnalyzeOptions& options, std::ostream& out, std::ostream& err) {
  constexpr std::string_view command = "analyze";
  if (auto checked = check_analyze_options(options); !checked) return command_failure(err, command, checked.error(), FailureKind::Usage);
  const std::string target = std::string("/v1/analyses/") + encode_path_segment(options.name) + "?" + *report_query(options.query);
  err << "requesting analysis " << options.name << " " << *options.query.region << " " << *options.query.period << "…\n";
  err.flush();
  auto body = fetch(options.network, target);
  if (!body) return command_failure(err, command, body.error());
  auto doc = parse_report(*body);
  if (!doc) return command_failure(err, command, doc.error());
  if (options.json) {
    out << *body;
    if (body->empty() || body->back() != '\n') out << "\n";
    return 0;
  }
  auto table = render_section_table(*doc, options.name);
  if (!table) return command_failure(err, command, table.error());
  out << *table;
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Command line

namespace {

constexpr const char* kReportFooter =
    "\nFormats (--format):\n"
    "  html  one self-contained page (inline CSS and SVG charts, no script, no external resource):\n"
    "        summary figures with the change from the previous period, monthly trend, route flows,\n"
    "        migrants by nationality and sex, fee box plots, ranked methods, roles and transit\n"
    "        countries, a table for every section, the coverage grid and a note on methods and\n"
    "        disclosure control. Opens offline in any browser and prints cleanly.\n"
    "  csv   --out is a folder (created 0700): parameters.csv and one <section>.csv per section.\n"
    "        Columns: one per dimension (codes as sent, * = all, XXX = unknown), one per measure,\n"
    "        previous_<m> and change_pct_<m> for sections compared with the previous period,\n"
    "        own_<m> when your own contribution is shown, and OBS_STATUS: C (confidential) for a\n"
    "        suppressed cell, whose measure columns are then empty. coverage.csv: member, named,\n"
    "        own and one column per month (1 reported, 0 not); its first row (member *) counts\n"
    "        the reporting members.\n"
    "  json  the server's vrs.report/1 document exactly as received (docs/reports.md); render it\n"
    "        later with --from-json.\n"
    "Every report carries a SHA-256 of its content; it is checked before anything is written and\n"
    "a mismatch is refused. Files are written atomically with mode 0600: they hold sensitive data.\n"
    "Progress goes to stderr. Exit status: 0 written, 1 failure (network, the server's refusal\n"
    "with its problem detail, a sha256 mismatch, disk), 2 usage error.";

std::vector<CLI::Option*> add_query_options(CLI::App& cmd, ReportQueryArgs& args) {
  return {
      cmd.add_option("--region", args.region,
                     "Region: a name from the server's [regions] configuration, bali_process, or all (required)"),
      cmd.add_option("--period", args.period,
                     "Period by detection date: 2025 (year), 2025-Q1 (quarter), 2025-03 (month) or\n"
                     "2025-01..2025-06 (a range of whole months, at most 10 years; a range of days must\n"
                     "start on the first and end on the last day of a month) (required)"),
      cmd.add_option("--route-country", args.route_country,
                     "Only incidents with a route leg in this country (ISO 3166-1 alpha-3, e.g. IDN)"),
      cmd.add_option("--mode", args.mode, "Only incidents with a route leg of this mode: air, land, sea or unknown")
          ->check(CLI::IsMember({"air", "land", "sea", "unknown"})),
      cmd.add_option("--nationality", args.nationality,
                     "Only incidents with a migrant group of this nationality (alpha-3, or XXA, XXB, XXC, XXX)")};
}

}  // namespace

void add_report_command(CLI::App& app, int& exit_code) {
  struct Args {
    NetworkArgs network;
    ReportQueryArgs query;
    std::string format;
    std::optional<std::string> out;
    std::optional<std::string> from_json;
  };
  auto [cmd, args] = add_command<Args>(
      app, exit_code, "report",
      "Fetch the regional report for a region and period (GET /v1/reports/regional; reporters and\n"
      "analysts) and write it as an HTML page, a folder of CSV files or the server's JSON. The\n"
      "server computes every figure with disclosure control (docs/reports.md): suppressed cells\n"
      "arrive without numbers and are shown as such.",
      [](const Args& a) {
        ReportOptions report;
        report.query = a.query;
        report.format = a.format;
        if (a.out) report.out = *a.out;
        if (a.from_json) {
          report.from_json = *a.from_json;
          return run_report(report, std::cout, std::cerr);
        }
        return with_network(a.network, "report", [&](const auto& network) {
          report.network = network;
          return run_report(report, std::cout, std::cerr);
        });
      });
  auto query_opts = add_query_options(cmd, args.query);
  cmd.add_option("--format", args.format, "html, csv or json (see below)")
      ->required()
      ->check(CLI::IsMember({"html", "csv", "json"}));
  cmd.add_option("--out", args.out, "File to write (html, json), or folder (csv); replaced if it exists")->required();
  auto* from_json_opt = cmd.add_option(
      "--from-json", args.from_json,
      "Render a report saved with --format json instead of asking the server (offline; its\n"
      "sha256 is checked). Takes no --region, --period or filters.");
  for (auto* opt : query_opts) from_json_opt->excludes(opt);
  add_home_and_timeout(cmd, args.network);
  cmd.footer(kReportFooter);
}

void add_analyze_command(CLI::App& app, int& exit_code) {
  struct Args {
    NetworkArgs network;
    ReportQueryArgs query;
    std::string name;
    bool json = false;
  };
  auto [cmd, args] = add_network_command<Args>(
      app, exit_code, "analyze",
      "Fetch one analysis (one section of the report, GET /v1/analyses/NAME) and print it as a\n"
      "table: dimensions, then measures; a suppressed value shows as C, your own contribution as\n"
      "(own N); * is the total over a dimension, XXX unknown. The header names the region,\n"
      "period and k, and why you see only your own data when the reciprocity rule applies.",
      [](const Args& a, const auto& network) {
        return run_analyze(AnalyzeOptions{network, a.name, a.query, a.json}, std::cout, std::cerr);
      });
  cmd.add_option("name", args.name, std::string("The analysis: ") + schema::report::section_list())->required();
  add_query_options(cmd, args.query);
  cmd.add_flag("--json", args.json, "Print the server's vrs.report/1 document (after checking its sha256)");
  add_network_options(cmd, args.network);
  cmd.footer(
      "\nThe command connects with the profile's certificate to the server in client.toml (TLS 1.3,\n"
      "pinned CA). The document's sha256 is checked. Exit status: 0 ok, 1 failure (the server's\n"
      "problem code and detail, a sha256 mismatch), 2 usage error (e.g. an unknown NAME).");
}

// ---------------------------------------------------------------------------------------------
// audit-report: the attacker's problem on a saved report (report/audit)
namespace {

constexpr std::string_view kAuditCommand = "audit-report";

}  // namespace

int run_audit_report(const std::filesystem::path& file, std::ostream& out, std::ostream& err) {
  auto text = read_text_file(file, kMaxSavedReport);
  if (!text) return command_failure(err, kAuditCommand, text.error());
  auto doc = report::parse_report(*text);
  if (!doc) return command_failure(err, kAuditCommand, doc.error().with_context(file.string()));
  auto audit = report::audit_report(*doc);
  if (!audit) return command_failure(err, kAuditCommand, audit.error().with_context(file.string()));
  out << report::format_report_audit(*audit);
  if (audit->narrow > 0) {
    return command_failure(err, kAuditCommand,
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
      app, exit_code, std::string(kAuditCommand),
      "Check the protection of a saved report (a vrs.report/1 JSON file, as `report --format json`\n"
      "writes it): solve the attacker's linear programs from your own position, over every number\n"
      "of every section of the file, your own contributions and the additive relations between\n"
      "the cells, and print, for every suppressed cell, the interval of the others' incidents and\n"
      "persons that can be derived. A cell is protected when its interval is at least the report's\n"
      "k persons and min_incidents incidents wide, or shows by itself that the cell is not small.\n"
      "A report whose figures carry noise (disclosure.perturbation) is audited with each published\n"
      "figure of the others known only within its largest deviation, as you know it.",
      [](const Args& a) { return run_audit_report(a.file, std::cout, std::cerr); });
  cmd.add_option("FILE", args.file, "The saved report (JSON)")->required();
  cmd.footer(
      "\nNot covered: other periods and filters (each report is audited alone), the previous\n"
      "period's figures of the trend sections, and fee observation counts. docs/disclosure.md has\n"
      "the model.\n"
      "Exit status: 0 every suppressed cell protected, 1 some cell narrower than the protection\n"
      "level or a failure (unreadable file, sha256 mismatch), 2 usage error.");
}

}  // namespace vrs::client::commands
