// vrs-client: the member agency's agent. Parses arguments and calls the vrs_client library.
// Exit codes: 0 ok, 1 failure (one `vrs-client: ...` line on stderr), 2 usage.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <iostream>
#include <optional>
#include <string>

#include "vrs/client/admin_commands.hpp"
#include "vrs/client/enrol_commands.hpp"
#include "vrs/client/gen_command.hpp"
#include "vrs/client/outbox_commands.hpp"
#include "vrs/client/profile.hpp"
#include "vrs/client/report_command.hpp"
#include "vrs/client/report_render.hpp"
#include "vrs/client/submit_command.hpp"
#include "vrs/client/validate_command.hpp"

namespace {

constexpr const char* kProfileHelp =
    "Profile directory (default: $VRS_HOME, else ~/.vrs; created with mode 0700)";

constexpr const char* kNetworkFooter =
    "\nThe command connects with the profile's certificate (member.crt, tls.key) to the server in\n"
    "client.toml, trusting only the pinned CA in ca-chain.pem, over TLS 1.3.\n"
    "Exit status: 0 ok, 1 failure (one line on stderr naming what failed, e.g. the server's\n"
    "problem code and detail), 2 usage error.";

struct NetworkArgs {
  std::optional<std::string> home;
  int timeout_seconds = 30;
};

void add_network_options(CLI::App* cmd, NetworkArgs& args) {
  cmd->add_option("--home", args.home, kProfileHelp);
  cmd->add_option("--timeout", args.timeout_seconds, "Seconds allowed for each connect, handshake, write and read")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->footer(kNetworkFooter);
}

// nullopt (after a message) when no profile directory can be determined.
std::optional<std::filesystem::path> resolve_home(const std::optional<std::string>& home) {
  std::optional<std::filesystem::path> explicit_home;
  if (home) explicit_home = std::filesystem::path(*home);
  auto resolved = vrs::client::Profile::resolve_home(explicit_home);
  if (!resolved) {
    std::cerr << "vrs-client: " << resolved.error().message() << "\n";
    return std::nullopt;
  }
  return *resolved;
}

std::optional<vrs::client::NetworkOptions> network_options(const NetworkArgs& args) {
  auto home = resolve_home(args.home);
  if (!home) return std::nullopt;
  return vrs::client::NetworkOptions{*home, std::chrono::seconds(args.timeout_seconds)};
}

constexpr const char* kSubmitFooter =
    "\nRecords are checked with the same rules as `validate` (and the server). By default one\n"
    "invalid record stops everything: every problem is listed with its file, line/record and\n"
    "field, and nothing is queued. The valid records are split into batches (--batch-size, and\n"
    "at most 8 MiB each); each batch gets a new submission id, is signed with this member's\n"
    "signing key, sealed to the server's current key (GET /v1/keys, cached in\n"
    "server-keys.json), committed to the encrypted outbox (outbox.db) and only then sent. A\n"
    "submission leaves the queue only with a receipt signed by the server that names its id,\n"
    "payload hash and records. If the server cannot be reached the submissions stay queued\n"
    "and the command exits 0: run `vrs-client sync` later. Rejections (HTTP 403, 409, 422)\n"
    "are kept as failed with the server's reason (`vrs-client status`).\n"
    "Exit status: 0 sent or queued, 1 invalid input or a rejected submission, 2 usage error.";

struct SubmitArgs {
  NetworkArgs network;
  std::vector<std::string> files;
  std::string format = "auto";
  std::size_t batch_size = vrs::client::kDefaultBatchSize;
  bool dry_run = false;
  bool skip_invalid = false;
  std::size_t max_errors = 200;
};

void add_submit_options(CLI::App* cmd, SubmitArgs& args) {
  cmd->add_option("files", args.files, "Incident files (.json or .csv)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--batch-size", args.batch_size, "Records per submission (1..5000)")
      ->check(CLI::Range(1, 5000))
      ->capture_default_str();
  cmd->add_flag("--dry-run", args.dry_run, "Validate and show the batches that would be sent; queue and send nothing");
  cmd->add_flag("--skip-invalid", args.skip_invalid, "Submit the valid records and list the invalid ones (default: all or nothing)");
  cmd->add_option("--format", args.format, "auto (by extension, then content), json or csv")
      ->check(CLI::IsMember({"auto", "json", "csv"}))
      ->capture_default_str();
  cmd->add_option("--max-errors", args.max_errors, "Problems printed (all are counted)")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  cmd->add_option("--home", args.network.home, kProfileHelp);
  cmd->add_option("--timeout", args.network.timeout_seconds, "Seconds allowed for each connect, handshake, write and read")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
}

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

struct QueryArgs {
  std::optional<std::string> region;
  std::optional<std::string> period;
  std::optional<std::string> route_country;
  std::optional<std::string> mode;
  std::optional<std::string> nationality;
};

std::vector<CLI::Option*> add_query_options(CLI::App* cmd, QueryArgs& args) {
  return {
      cmd->add_option("--region", args.region,
                      "Region: a name from the server's [regions] configuration, bali_process, or all (required)"),
      cmd->add_option("--period", args.period,
                      "Period by detection date: 2025 (year), 2025-Q1 (quarter), 2025-03 (month) or\n"
                      "2025-01-10..2025-02-20 (days, at most 10 years) (required)"),
      cmd->add_option("--route-country", args.route_country,
                      "Only incidents with a route leg in this country (ISO 3166-1 alpha-3, e.g. IDN)"),
      cmd->add_option("--mode", args.mode, "Only incidents with a route leg of this mode: air, land, sea or unknown")
          ->check(CLI::IsMember({"air", "land", "sea", "unknown"})),
      cmd->add_option("--nationality", args.nationality,
                      "Only incidents with a migrant group of this nationality (alpha-3, or XXA, XXB, XXC, XXX)")};
}

vrs::client::ReportQueryArgs to_query(const QueryArgs& args) {
  return {args.region, args.period, args.route_country, args.mode, args.nationality};
}

vrs::client::ProgressMode progress_mode() {
  return ::isatty(STDERR_FILENO) == 1 ? vrs::client::ProgressMode::Bar : vrs::client::ProgressMode::Lines;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"vrs-client: the VRS member agent: validate and submit incident files (signed, encrypted,\n"
               "queued in an encrypted outbox until the server's signed receipt is back), amend and\n"
               "withdraw records, enrol, fetch analyses and regional reports (HTML, CSV, JSON), and (for\n"
               "administrators) manage members, certificates and the audit log. Run `vrs-client COMMAND\n"
               "--help` for details."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "vrs-client 0.1.0");

  // validate ------------------------------------------------------------------------------
  vrs::client::ValidateOptions validate;
  std::string format = "auto";
  auto* validate_cmd = app.add_subcommand(
      "validate",
      "Check incident files (JSON or CSV) locally with the same rules the server applies.\n"
      "Every problem is listed with its file, CSV line or JSON record index, and field path.\n"
      "Exit status: 0 all records valid, 1 some record invalid, 2 a file unreadable or malformed as a whole.\n"
      "CSV columns: docs/csv-format.md. JSON: one incident, an array, or {\"schema\":\"vrs.incident/1\",\"records\":[...]}.");
  validate_cmd->add_option("files", validate.files, "Incident files (.json or .csv)")->required()->check(CLI::ExistingFile);
  validate_cmd->add_option("--format", format, "auto (by extension, then content), json or csv")
      ->check(CLI::IsMember({"auto", "json", "csv"}))
      ->capture_default_str();
  validate_cmd->add_option("--max-errors", validate.max_errors, "Problems printed per file (all are counted)")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();

  // enroll --------------------------------------------------------------------------------
  std::optional<std::string> enroll_home;
  vrs::client::EnrollOptions enroll;
  std::string key_type = "p256";
  auto* enroll_cmd = app.add_subcommand(
      "enroll",
      "Start enrolment: make this member's keys on this machine and an enrolment request.\n"
      "Writes into the profile directory: tls.key (TLS private key, 0600), signing.key (Ed25519\n"
      "signing key seed, 0600), client.toml (server URL, member id) and enrol-request.json\n"
      "({member_id, csr, signing_key}). Only enrol-request.json is sent to the administrator: it\n"
      "holds the certificate request and the public signing key, never a private key. Existing\n"
      "keys are never overwritten. Then run `vrs-client install` on the bundle you get back.\n"
      "Exit status: 0 ok, 1 failure, 2 usage error.");
  enroll_cmd->add_option("--member", enroll.member, "Member id: ISO 3166-1 alpha-3 state and agency, e.g. AUS-ABF")->required();
  enroll_cmd->add_option("--server", enroll.server, "Server URL, https://HOST:PORT")->required();
  enroll_cmd->add_option("--home", enroll_home, kProfileHelp);
  enroll_cmd->add_option("--key-type", key_type, "TLS key type")->check(CLI::IsMember({"p256", "ed25519"}))->capture_default_str();

  // install -------------------------------------------------------------------------------
  std::optional<std::string> install_home;
  std::string bundle_file;
  auto* install_cmd = app.add_subcommand(
      "install",
      "Finish enrolment: install the administrator's bundle.json (certificate + CA chain).\n"
      "Checks that the certificate is for this profile's key (tls.key) and member id, and that it\n"
      "chains to the bundle's CA chain; then writes member.crt and ca-chain.pem (the only CA this\n"
      "client will trust). A renewal from a different root CA is refused.\n"
      "Exit status: 0 ok, 1 failure (naming the mismatch), 2 usage error.");
  install_cmd->add_option("bundle", bundle_file, "bundle.json from the administrator")->required();
  install_cmd->add_option("--home", install_home, kProfileHelp);

  // whoami --------------------------------------------------------------------------------
  NetworkArgs whoami_args;
  auto* whoami_cmd = app.add_subcommand(
      "whoami", "Ask the server who this profile is: member, role, certificate serial and expiry (days left).");
  add_network_options(whoami_cmd, whoami_args);

  // admin ---------------------------------------------------------------------------------
  auto* admin_cmd = app.add_subcommand(
      "admin", "Administrator commands (role admin): members, certificates, audit log. Admins see no incident data.");
  admin_cmd->require_subcommand(1);

  NetworkArgs members_args;
  bool members_json = false;
  auto* members_cmd = admin_cmd->add_subcommand(
      "members",
      "List members with role, status and every certificate (serial, status, expiry in days);\n"
      "active certificates expired or expiring within 30 days are flagged.");
  members_cmd->add_flag("--json", members_json, "Print the server's JSON instead of a table");
  add_network_options(members_cmd, members_args);

  NetworkArgs add_args;
  vrs::client::MemberAddOptions add;
  auto* add_cmd = admin_cmd->add_subcommand("member-add", "Register a member agency (POST /v1/admin/members).");
  add_cmd->add_option("--member", add.member, "Member id, e.g. AUS-ABF")->required();
  add_cmd->add_option("--role", add.role, "reporter, analyst or admin")->required()->check(CLI::IsMember({"reporter", "analyst", "admin"}));
  add_cmd->add_flag("--name-opt-in", add.name_opt_in, "The state agreed to be named in breakdowns by reporting state");
  add_network_options(add_cmd, add_args);

  NetworkArgs enrol_args;
  vrs::client::AdminEnrolOptions admin_enrol;
  std::string request_file;
  std::string out_file;
  auto* enrol_cmd = admin_cmd->add_subcommand(
      "enrol",
      "Sign a member's enrol-request.json: registers the member with --role if new (an existing\n"
      "member must already have that role), asks the server for a certificate, and writes the\n"
      "bundle (certificate + CA chain, public data, 0644) to --out for the member to install.");
  enrol_cmd->add_option("--request", request_file, "enrol-request.json from the member")->required();
  enrol_cmd->add_option("--role", admin_enrol.role, "reporter, analyst or admin")
      ->required()
      ->check(CLI::IsMember({"reporter", "analyst", "admin"}));
  enrol_cmd->add_option("--days", admin_enrol.days, "Certificate validity in days")->check(CLI::Range(1, 825))->capture_default_str();
  enrol_cmd->add_option("--reason", admin_enrol.reason, "Why the certificate is issued (kept in the inventory)")->capture_default_str();
  enrol_cmd->add_flag("--name-opt-in", admin_enrol.name_opt_in, "When registering: the state agreed to be named");
  enrol_cmd->add_option("--out", out_file, "Bundle file to write (never overwritten)")->required();
  add_network_options(enrol_cmd, enrol_args);

  NetworkArgs revoke_args;
  std::string revoke_serial;
  std::string revoke_reason;
  auto* revoke_cmd = admin_cmd->add_subcommand(
      "revoke", "Revoke a certificate at once: new connections with it are refused, open ones on their next request.");
  revoke_cmd->add_option("--serial", revoke_serial, "Certificate serial (hex, as `admin members` shows)")->required();
  revoke_cmd->add_option("--reason", revoke_reason, "key_compromise, affiliation_changed, superseded, cessation_of_operation or unspecified")
      ->required()
      ->check(CLI::IsMember({"key_compromise", "affiliation_changed", "superseded", "cessation_of_operation", "unspecified"}));
  add_network_options(revoke_cmd, revoke_args);

  NetworkArgs audit_args;
  vrs::client::AuditOptions audit;
  std::int64_t audit_after = -1;
  int audit_limit = 0;
  auto* audit_cmd = admin_cmd->add_subcommand(
      "audit",
      "Read the hash-chained audit log (seq, time, actor, action, object, outcome), a page at a\n"
      "time; or with --verify have the server recompute the whole chain: exit 1 naming the first\n"
      "broken seq if it is broken.");
  auto* after_opt = audit_cmd->add_option("--after", audit_after, "Show entries after this seq")->check(CLI::NonNegativeNumber);
  auto* limit_opt = audit_cmd->add_option("--limit", audit_limit, "Entries per page (1..1000, server default 100)")->check(CLI::Range(1, 1000));
  auto* verify_flag = audit_cmd->add_flag("--verify", audit.verify, "Verify the chain instead of listing entries");
  verify_flag->excludes(after_opt)->excludes(limit_opt);
  add_network_options(audit_cmd, audit_args);

  // submit / amend ------------------------------------------------------------------------
  SubmitArgs submit_args;
  auto* submit_cmd = app.add_subcommand(
      "submit",
      "Submit incident files (JSON or CSV) to the server as signed, encrypted submissions, and\n"
      "keep the server's signed receipts.");
  add_submit_options(submit_cmd, submit_args);
  submit_cmd->footer(kSubmitFooter);

  SubmitArgs amend_args;
  auto* amend_cmd = app.add_subcommand(
      "amend",
      "Submit new versions of records already submitted: like `submit`, but every record must\n"
      "carry base_version, the version it replaces (see `vrs-client incidents REF`). A base that\n"
      "is no longer the latest version is refused by the server (409 version_conflict), so two\n"
      "offices cannot silently overwrite each other.");
  add_submit_options(amend_cmd, amend_args);
  amend_cmd->footer(kSubmitFooter);

  // withdraw ------------------------------------------------------------------------------
  NetworkArgs withdraw_args;
  vrs::client::WithdrawOptions withdraw;
  std::optional<std::string> withdraw_reason;
  auto* withdraw_cmd = app.add_subcommand(
      "withdraw",
      "Withdraw one of this member's records: fetches its latest version (GET /v1/incidents/REF),\n"
      "makes a new version with status withdrawn naming --base-version, and submits it like\n"
      "`submit` (signed, queued, receipted). The record's history stays on the server; the ref\n"
      "cannot be re-created. A stale --base-version is refused by the server (409).");
  withdraw_cmd->add_option("ref", withdraw.ref, "The record's ref")->required();
  withdraw_cmd->add_option("--base-version", withdraw.base_version, "The version being withdrawn (the latest)")
      ->required()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 53));
  withdraw_cmd->add_option("--reason", withdraw_reason, "Why (kept in the withdrawn version's notes, at most 2000 bytes)");
  add_network_options(withdraw_cmd, withdraw_args);

  // sync ----------------------------------------------------------------------------------
  NetworkArgs sync_args;
  vrs::client::SyncOptions sync;
  auto* sync_cmd = app.add_subcommand(
      "sync",
      "Send the queued submissions of the outbox whose next attempt is due (all of them with\n"
      "--now), store and verify their receipts, and print the outcome of each. Failed sends are\n"
      "retried later with exponential backoff (15 s doubling, at most 10 min); rejections are\n"
      "marked failed. Exit status: 0 nothing left queued or failed, 1 otherwise.");
  sync_cmd->add_flag("--now", sync.all, "Send every queued submission now, ignoring the backoff");
  sync_cmd->add_option("--max-attempts", sync.max_attempts,
                       "Mark a submission failed once it has been tried this many times (0: retry for ever)")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  add_network_options(sync_cmd, sync_args);

  // status / receipts / discard -----------------------------------------------------------
  std::optional<std::string> status_home;
  auto* status_cmd = app.add_subcommand(
      "status",
      "Show the outbox: how many submissions are queued, sent and failed, and a table with the\n"
      "records, attempts, next attempt, source file and the reason of each failure. No network.");
  status_cmd->add_option("--home", status_home, kProfileHelp);

  std::optional<std::string> receipts_home;
  bool receipts_verify = false;
  auto* receipts_cmd = app.add_subcommand(
      "receipts",
      "List the server's signed receipts kept in the outbox (submission id, time, records, audit\n"
      "seq, signing key). With --verify, check every signature again against the server receipt\n"
      "keys cached in server-keys.json and that each receipt matches what was sent (submission\n"
      "id, member, payload hash, refs): ok or FAILED per receipt, exit 1 if any failed. No network.");
  receipts_cmd->add_flag("--verify", receipts_verify, "Verify each receipt's signature and content");
  receipts_cmd->add_option("--home", receipts_home, kProfileHelp);

  std::optional<std::string> discard_home;
  std::string discard_id;
  auto* discard_cmd = app.add_subcommand(
      "discard",
      "Remove a failed submission from the outbox once its problem is dealt with (for instance\n"
      "resubmitted with corrected records). Queued and sent submissions cannot be discarded.");
  discard_cmd->add_option("submission", discard_id, "Submission id (as `status` shows)")->required();
  discard_cmd->add_option("--home", discard_home, kProfileHelp);

  // incidents -----------------------------------------------------------------------------
  NetworkArgs incidents_args;
  std::string incidents_ref;
  auto* incidents_cmd = app.add_subcommand(
      "incidents",
      "Show the versions of one of this member's records as the server holds them (GET\n"
      "/v1/incidents/REF): version, status, the version it replaced, submission, time, latest.");
  incidents_cmd->add_option("ref", incidents_ref, "The record's ref")->required();
  add_network_options(incidents_cmd, incidents_args);

  // gen -----------------------------------------------------------------------------------
  vrs::client::GenOptions gen;
  std::string gen_out;
  auto* gen_cmd = app.add_subcommand(
      "gen",
      "Write a seeded synthetic data set (plausible Asia-Pacific smuggling incidents: routes,\n"
      "nationalities incl. unknown origins, groups up to hundreds, fees) as a JSON incident file\n"
      "that `validate` and `submit` accept. The same options always give the same file. For demos,\n"
      "tests and benchmarks only: never mix it with real data.");
  gen_cmd->add_option("--count", gen.count, "Incidents to write")->check(CLI::Range(std::size_t{1}, vrs::client::kMaxGenCount))->capture_default_str();
  gen_cmd->add_option("--seed", gen.seed, "Seed of the generator")->capture_default_str();
  gen_cmd->add_option("--state", gen.state, "Reporting state (ISO 3166-1 alpha-3): most detections happen there")->capture_default_str();
  gen_cmd->add_option("--prefix", gen.prefix, "Refs are PREFIX-SEED-NNNNNN ([A-Za-z0-9._-])")->capture_default_str();
  gen_cmd->add_option("--from", gen.from, "First detection date YYYY-MM-DD (default 2024-01-01)");
  gen_cmd->add_option("--to", gen.to, "Last detection date YYYY-MM-DD (default 2025-12-31, never after today)");
  gen_cmd->add_option("--out", gen_out, "File to write (must not exist)")->required();
  gen_cmd->footer("Exit status: 0 written, 1 a bad option value or the file exists (one line on stderr), 2 usage.");

  // report / analyze ----------------------------------------------------------------------
  NetworkArgs report_args;
  QueryArgs report_query;
  std::string report_format;
  std::optional<std::string> report_out;
  std::optional<std::string> report_from_json;
  auto* report_cmd = app.add_subcommand(
      "report",
      "Fetch the regional report for a region and period (GET /v1/reports/regional; reporters and\n"
      "analysts) and write it as an HTML page, a folder of CSV files or the server's JSON. The\n"
      "server computes every figure with disclosure control (docs/reports.md): suppressed cells\n"
      "arrive without numbers and are shown as such.");
  auto query_opts = add_query_options(report_cmd, report_query);
  report_cmd->add_option("--format", report_format, "html, csv or json (see below)")
      ->required()
      ->check(CLI::IsMember({"html", "csv", "json"}));
  report_cmd->add_option("--out", report_out, "File to write (html, json), or folder (csv); replaced if it exists")->required();
  auto* from_json_opt = report_cmd->add_option(
      "--from-json", report_from_json,
      "Render a report saved with --format json instead of asking the server (offline; its\n"
      "sha256 is checked). Takes no --region, --period or filters.");
  for (auto* opt : query_opts) from_json_opt->excludes(opt);
  report_cmd->add_option("--home", report_args.home, kProfileHelp);
  report_cmd->add_option("--timeout", report_args.timeout_seconds, "Seconds allowed for each connect, handshake, write and read")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  report_cmd->footer(kReportFooter);

  NetworkArgs analyze_args;
  QueryArgs analyze_query;
  std::string analyze_name;
  bool analyze_json = false;
  auto* analyze_cmd = app.add_subcommand(
      "analyze",
      "Fetch one analysis (one section of the report, GET /v1/analyses/NAME) and print it as a\n"
      "table: dimensions, then measures; a suppressed value shows as C, your own contribution as\n"
      "(own N); * is the total over a dimension, XXX unknown. The header names the region,\n"
      "period and k, and why you see only your own data when the reciprocity rule applies.");
  analyze_cmd->add_option("name", analyze_name, std::string("The analysis: ") + vrs::client::report_section_list())->required();
  add_query_options(analyze_cmd, analyze_query);
  analyze_cmd->add_flag("--json", analyze_json, "Print the server's vrs.report/1 document (after checking its sha256)");
  add_network_options(analyze_cmd, analyze_args);
  analyze_cmd->footer(
      "\nThe command connects with the profile's certificate to the server in client.toml (TLS 1.3,\n"
      "pinned CA). The document's sha256 is checked. Exit status: 0 ok, 1 failure (the server's\n"
      "problem code and detail, a sha256 mismatch), 2 usage error (e.g. an unknown NAME).");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  if (validate_cmd->parsed()) {
    validate.format = vrs::client::parse_input_format(format).value_or(vrs::client::InputFormat::Auto);
    return vrs::client::run_validate(validate, std::cout, std::cerr);
  }
  if (enroll_cmd->parsed()) {
    auto home = resolve_home(enroll_home);
    if (!home) return 2;
    enroll.home = *home;
    enroll.key_type = key_type == "ed25519" ? vrs::certs::KeyType::Ed25519 : vrs::certs::KeyType::EcdsaP256;
    return vrs::client::run_enroll(enroll, std::cout, std::cerr);
  }
  if (install_cmd->parsed()) {
    auto home = resolve_home(install_home);
    if (!home) return 2;
    return vrs::client::run_install(*home, bundle_file, std::cout, std::cerr);
  }
  if (whoami_cmd->parsed()) {
    auto options = network_options(whoami_args);
    return options ? vrs::client::run_whoami(*options, std::cout, std::cerr) : 2;
  }
  if (members_cmd->parsed()) {
    auto options = network_options(members_args);
    return options ? vrs::client::run_admin_members(*options, members_json, std::cout, std::cerr) : 2;
  }
  if (add_cmd->parsed()) {
    auto options = network_options(add_args);
    return options ? vrs::client::run_admin_member_add(*options, add, std::cout, std::cerr) : 2;
  }
  if (enrol_cmd->parsed()) {
    auto options = network_options(enrol_args);
    if (!options) return 2;
    admin_enrol.request = request_file;
    admin_enrol.out = out_file;
    return vrs::client::run_admin_enrol(*options, admin_enrol, std::cout, std::cerr);
  }
  if (revoke_cmd->parsed()) {
    auto options = network_options(revoke_args);
    return options ? vrs::client::run_admin_revoke(*options, revoke_serial, revoke_reason, std::cout, std::cerr) : 2;
  }
  if (audit_cmd->parsed()) {
    auto options = network_options(audit_args);
    if (!options) return 2;
    if (after_opt->count() > 0) audit.after = audit_after;
    if (limit_opt->count() > 0) audit.limit = audit_limit;
    return vrs::client::run_admin_audit(*options, audit, std::cout, std::cerr);
  }
  for (auto* cmd : {submit_cmd, amend_cmd}) {
    if (!cmd->parsed()) continue;
    const SubmitArgs& args = cmd == submit_cmd ? submit_args : amend_args;
    auto options = network_options(args.network);
    if (!options) return 2;
    vrs::client::SubmitOptions submit;
    submit.network = *options;
    submit.files = args.files;
    submit.format = vrs::client::parse_input_format(args.format).value_or(vrs::client::InputFormat::Auto);
    submit.batch_size = args.batch_size;
    submit.dry_run = args.dry_run;
    submit.skip_invalid = args.skip_invalid;
    submit.amend = cmd == amend_cmd;
    submit.max_errors = args.max_errors;
    submit.progress = progress_mode();
    return vrs::client::run_submit(submit, std::cout, std::cerr);
  }
  if (withdraw_cmd->parsed()) {
    auto options = network_options(withdraw_args);
    if (!options) return 2;
    withdraw.network = *options;
    withdraw.reason = withdraw_reason;
    return vrs::client::run_withdraw(withdraw, std::cout, std::cerr);
  }
  if (sync_cmd->parsed()) {
    auto options = network_options(sync_args);
    if (!options) return 2;
    sync.network = *options;
    sync.progress = progress_mode();
    return vrs::client::run_sync(sync, std::cout, std::cerr);
  }
  if (status_cmd->parsed()) {
    auto home = resolve_home(status_home);
    return home ? vrs::client::run_status(*home, std::cout, std::cerr) : 2;
  }
  if (receipts_cmd->parsed()) {
    auto home = resolve_home(receipts_home);
    return home ? vrs::client::run_receipts(*home, receipts_verify, std::cout, std::cerr) : 2;
  }
  if (discard_cmd->parsed()) {
    auto home = resolve_home(discard_home);
    return home ? vrs::client::run_discard(*home, discard_id, std::cout, std::cerr) : 2;
  }
  if (gen_cmd->parsed()) {
    gen.out = gen_out;
    if (auto written = vrs::client::run_gen(gen, std::cout); !written) {
      std::cerr << "vrs-client: " << written.error().message() << "\n";
      return 1;
    }
    return 0;
  }
  if (incidents_cmd->parsed()) {
    auto options = network_options(incidents_args);
    return options ? vrs::client::run_incidents(*options, incidents_ref, std::cout, std::cerr) : 2;
  }
  if (report_cmd->parsed()) {
    vrs::client::ReportOptions report;
    report.query = to_query(report_query);
    report.format = report_format;
    if (report_out) report.out = *report_out;
    if (report_from_json) {
      report.from_json = *report_from_json;
    } else {
      auto options = network_options(report_args);
      if (!options) return 2;
      report.network = *options;
    }
    return vrs::client::run_report(report, std::cout, std::cerr);
  }
  if (analyze_cmd->parsed()) {
    auto options = network_options(analyze_args);
    if (!options) return 2;
    vrs::client::AnalyzeOptions analyze{*options, analyze_name, to_query(analyze_query), analyze_json};
    return vrs::client::run_analyze(analyze, std::cout, std::cerr);
  }
  return 2;
}
