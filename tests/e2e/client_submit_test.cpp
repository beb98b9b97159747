// Submissions with the real binaries (docs/architecture.md "Submission path", docs/api.md): vrs-ca and vrs-server set up a
// CA and a server on 127.0.0.1 (ephemeral port), a reporter enrols through `vrs-client admin
// enrol` as in client_admin_test.cpp; then `vrs-client submit` of JSON and CSV files (receipts
// stored and verified), a multi-batch file with progress, an invalid file (nothing queued),
// the server stopped (submit queues, exit 0, nothing lost), restarted (`sync` delivers exactly
// once), amend, withdraw, version conflicts, and every command's bad input.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

#include <boost/json.hpp>

#include "vrs/schema/json_codec.hpp"
#include "vrs/test/file_checks.hpp"
#include "vrs/test/process.hpp"
#include "vrs/test/server_process.hpp"
#include "vrs/test/temp_dir.hpp"
#include "vrs/test/tls_client.hpp"
#include "deployment.hpp"

using vrs::test::describe;
using vrs::test::ProcessResult;
using vrs::test::run_process;
using vrs::test::ServerProcess;
namespace fs = std::filesystem;
namespace schema = vrs::schema;

using vrs::e2e::bin;
using vrs::e2e::Deployment;

namespace {

using vrs::test::mode_of;

const char* kRecord = R"({"ref":"X","date":"2024-05-03","conduct":["smuggling"],
  "detection":{"country":"NZL","location":"airport"},
  "route":[{"country":"CHN","role":"origin","mode":"air"},{"country":"NZL","role":"destination","mode":"air"}],
  "migrants":[{"nationality":"CHN","sex":"female","age":"adult","count":2}],
  "fees":[{"amount":9000,"currency":"USD","per":"person","covers":"full_journey"}]})";

// A JSON file of records `prefix`0 .. `prefix`(n-1), optionally amending `base_version`.
std::string json_records(std::size_t n, const std::string& prefix, std::optional<std::uint64_t> base = std::nullopt) {
  boost::json::array array;
  for (std::size_t i = 0; i < n; ++i) {
    auto r = schema::decode_incident(kRecord).value();
    r.ref = prefix + std::to_string(i);
    r.base_version = base;
    array.push_back(schema::to_json(r));
  }
  return boost::json::serialize(array);
}

const char* kCsv =
    "ref,date,conduct,detection_country,detection_location,route,migrants,fees\n"
    "NZL-INZ-C0,2024-06,smuggling;document_fraud,NZL,airport,IND:origin:air;MYS:transit:air;NZL:destination:air,"
    "IND:male:adult:3,4000:USD:person:full_journey:hawala\n"
    "NZL-INZ-C1,2024-07-01,irregular_migration,NZL,seaport,XXX:origin:sea;NZL:destination:sea,XXX:unknown:unknown:1,\n";

std::size_t count_lines_with(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + needle.size())) ++n;
  return n;
}

}  // namespace

TEST_CASE("submit, queue while the server is down, sync exactly once, amend and withdraw", "[e2e]") {
  Deployment d;
  const auto& dir = d.dir;
  const auto& member = d.member;
  auto& server = d.server;
  const auto as_member = [&](std::vector<std::string> args, int expected) { return d.as_member(std::move(args), expected); };
  const auto start_server = [&](const std::string& log) { d.start_server(log); };
  const auto server_submissions = [&] { return d.server_submissions(); };

  // 1. A JSON file and a CSV file: sent, receipts stored and verified.
  const auto json_file = dir / "incidents.json";
  vrs::test::write_file(json_file, json_records(3, "NZL-INZ-J"));
  const auto csv_file = dir / "incidents.csv";
  vrs::test::write_file(csv_file, kCsv);
  auto sent_json = as_member({"submit", json_file.string()}, 0);
  CHECK(count_lines_with(sent_json.out, "sent ") == 1);
  CHECK_THAT(sent_json.out, Catch::Contains(": 3 records, receipt verified (audit seq "));
  CHECK_THAT(sent_json.out, Catch::Contains("submit: 3 records in 1 submission sent; receipts verified and stored"));
  auto sent_csv = as_member({"submit", csv_file.string()}, 0);
  CHECK_THAT(sent_csv.out, Catch::Contains(": 2 records, receipt verified"));
  CHECK(mode_of(member / "outbox.key") == 0600);
  CHECK(mode_of(member / "outbox.db") == 0600);
  CHECK(mode_of(member / "server-keys.json") == 0644);
  auto verified = as_member({"receipts", "--verify"}, 0);
  CHECK(count_lines_with(verified.out, "  ok\n") == 2);
  CHECK_THAT(verified.out, Catch::EndsWith("2 receipts, 2 verified, 0 FAILED\n"));
  auto clean = as_member({"status"}, 0);
  CHECK_THAT(clean.out, Catch::StartsWith("outbox: 0 queued, 2 sent, 0 failed\n"));
  CHECK(server_submissions() == 2);

  // 2. A large file in several batches, with progress on stderr (not a terminal: lines).
  const auto big = dir / "big.json";
  vrs::test::write_file(big, json_records(1200, "NZL-INZ-B"));
  auto batches = as_member({"submit", big.string(), "--batch-size", "500"}, 0);
  CHECK(count_lines_with(batches.out, "sent ") == 3);
  CHECK_THAT(batches.err, Catch::Contains("batch 1/3: 500/1200 records\n"));
  CHECK_THAT(batches.err, Catch::Contains("batch 3/3: 1200/1200 records\n"));
  CHECK(server_submissions() == 5);

  // 3. An invalid file queues nothing, and names the problem.
  const auto invalid = dir / "invalid.csv";
  vrs::test::write_file(invalid, std::string(kCsv) +
                                     "NZL-INZ-C2,2024-07-01,smuggling,NZL,seaport,XXX:origin:sea;NZL:destination:sea,XYZ:male:adult:1,\n");
  auto refused = as_member({"submit", invalid.string()}, 1);
  CHECK_THAT(refused.err, Catch::Contains(invalid.string() + ": line 4: migrants[0].nationality: \"XYZ\""));
  CHECK_THAT(refused.err, Catch::Contains("nothing was queued"));
  CHECK_THAT(as_member({"status"}, 0).out, Catch::StartsWith("outbox: 0 queued, 5 sent, 0 failed\n"));
  CHECK(server_submissions() == 5);

  // 4. The server is down: submit queues and exits 0; nothing is lost. Without cached server
  //    keys the payload is queued signed but not yet sealed (sealed by the sync that sends it).
  REQUIRE(server->stop() == 0);
  fs::remove(member / "server-keys.json");
  const auto offline = dir / "offline.json";
  vrs::test::write_file(offline, json_records(2, "NZL-INZ-O"));
  auto queued = as_member({"submit", offline.string(), "--timeout", "5"}, 0);
  CHECK_THAT(queued.out, Catch::Contains("queued 1 submission (server unreachable: cannot get the server's keys: "));
  CHECK_THAT(queued.out, Catch::Contains("run `vrs-client sync`"));
  CHECK_THAT(as_member({"status"}, 0).out, Catch::StartsWith("outbox: 1 queued, 5 sent, 0 failed\n"));
  auto still_down = as_member({"sync", "--now", "--timeout", "5"}, 1);
  CHECK_THAT(still_down.out, Catch::Contains("0 sent, 0 failed (server unreachable: "));
  CHECK_THAT(still_down.out, Catch::Contains("; 1 still queued, next attempt at "));
  CHECK_THAT(still_down.out, Catch::Contains("; outbox: 1 queued, 5 sent, 0 failed"));

  // 5. Back up: a sync by hand while the submission waits for its backoff says what waits and
  //    until when, and exits 1; with --now it delivers exactly once; then nothing is left.
  start_server("server-3.log");
  auto waiting = as_member({"sync"}, 1);
  CHECK_THAT(waiting.out, Catch::StartsWith("nothing due: 1 submission queued, next attempt at "));
  CHECK_THAT(waiting.out, Catch::Contains("(use --now to send now)"));
  CHECK(server_submissions() == 5);
  auto synced = as_member({"sync", "--now"}, 0);
  CHECK(count_lines_with(synced.out, "sent ") == 1);
  CHECK_THAT(synced.out, Catch::Contains(": 2 records, receipt verified"));
  CHECK_THAT(synced.out, Catch::Contains("sync: 1 sent, 0 failed; outbox: 0 queued, 6 sent, 0 failed"));
  CHECK(server_submissions() == 6);
  auto again = as_member({"sync"}, 0);
  CHECK(again.out == "nothing to send\n");
  CHECK(server_submissions() == 6);

  // 6. Amend: a new version naming its base; a stale base is refused and kept as failed.
  const auto amend_file = dir / "amend.json";
  vrs::test::write_file(amend_file, json_records(1, "NZL-INZ-J", 1));
  auto amended = as_member({"amend", amend_file.string()}, 0);
  CHECK_THAT(amended.out, Catch::Contains("amend: 1 record in 1 submission sent"));
  auto history = as_member({"incidents", "NZL-INZ-J0"}, 0);
  CHECK_THAT(history.out, Catch::StartsWith("incident NZL-INZ-J0: 2 versions\n"));
  auto stale = as_member({"amend", amend_file.string()}, 1);
  CHECK_THAT(stale.out, Catch::Contains("FAILED "));
  CHECK_THAT(stale.out, Catch::Contains("HTTP 409 version_conflict"));
  CHECK_THAT(stale.out, Catch::Contains("records[0] (ref NZL-INZ-J0)"));
  CHECK_THAT(as_member({"status"}, 0).out, Catch::StartsWith("outbox: 0 queued, 7 sent, 1 failed\n"));
  CHECK(as_member({"sync"}, 1).out == "nothing to send; 1 failed (`vrs-client status`)\n");
  // A submit without base_version for an existing ref is a conflict too, through `amend` it is
  // refused locally.
  auto plain = as_member({"amend", json_file.string()}, 1);
  CHECK_THAT(plain.err, Catch::Contains("base_version: missing"));

  // 7. Withdraw: signed and receipted like a submission; a stale base is refused.
  auto withdrawn = as_member({"withdraw", "NZL-INZ-J1", "--base-version", "1", "--reason", "duplicate of NZL-INZ-J2"}, 0);
  CHECK_THAT(withdrawn.out, Catch::Contains(": 1 record, receipt verified"));
  auto tombstone = as_member({"incidents", "NZL-INZ-J1"}, 0);
  CHECK_THAT(tombstone.out, Catch::Contains("withdrawn"));
  auto withdrawn_twice = as_member({"withdraw", "NZL-INZ-J1", "--base-version", "1"}, 1);
  CHECK_THAT(withdrawn_twice.out, Catch::Contains("HTTP 409 version_conflict"));
  auto unknown = as_member({"withdraw", "NZL-INZ-NOPE", "--base-version", "1"}, 1);
  CHECK_THAT(unknown.err, Catch::StartsWith("vrs-client: withdraw: GET /v1/incidents/NZL-INZ-NOPE: HTTP 404"));

  // 8. Every receipt still verifies; failed ones can be discarded once dealt with.
  auto all = as_member({"receipts", "--verify"}, 0);
  CHECK_THAT(all.out, Catch::EndsWith("8 receipts, 8 verified, 0 FAILED\n"));
  CHECK(server_submissions() == 8);
  auto status = as_member({"status"}, 0);
  CHECK_THAT(status.out, Catch::StartsWith("outbox: 0 queued, 8 sent, 2 failed\n"));
  CHECK_THAT(status.out, Catch::Contains("reason: HTTP 409 version_conflict"));

  CHECK(server->stop() == 0);
}

TEST_CASE("a submission larger than max_body_bytes goes through (up to max_submission_bytes)", "[e2e]") {
  // docs/api.md: POST /v1/submissions takes bodies up to limits.max_submission_bytes (16 MiB),
  // above the 1 MiB of other requests; the client fills batches up to 8 MiB of payload.
  Deployment d;
  const auto big = d.dir / "big.json";
  vrs::test::write_file(big, json_records(4000, "NZL-INZ-L"));
  auto plan = d.as_member({"submit", big.string(), "--batch-size", "5000", "--dry-run"}, 0);
  CHECK_THAT(plan.out, Catch::StartsWith("batch 1/1: 4000 records, "));
  auto sent = d.as_member({"submit", big.string(), "--batch-size", "5000"}, 0);
  CHECK_THAT(sent.out, Catch::Contains(": 4000 records, receipt verified"));
  CHECK_THAT(d.as_member({"status"}, 0).out, Catch::StartsWith("outbox: 0 queued, 1 sent, 0 failed\n"));
  CHECK(d.server_submissions() == 1);
  CHECK(d.server->stop() == 0);
}

TEST_CASE("log verify proves the receipts in the server's log and keeps its head, and certificates lists consent", "[e2e]") {
  Deployment d;
  const auto file = d.dir / "two.json";
  vrs::test::write_file(file, json_records(2, "NZL-INZ-T"));
  d.as_member({"submit", file.string()}, 0);
  auto first = d.as_member({"log", "verify"}, 0);
  CHECK_THAT(first.out, Catch::Contains("1 receipt: 1 proved in a signed tree head"));
  CHECK_THAT(first.out, Catch::Contains("log verified"));
  REQUIRE(fs::exists(d.member / "log-head.json"));
  // Again: the receipt's head and the kept head are both prefixes of the server's log.
  auto second = d.as_member({"log", "verify"}, 0);
  CHECK_THAT(second.out, Catch::Contains("consistent with the server's log"));

  // A kept head that was altered is reported and left as it is (evidence).
  auto kept = vrs::test::read_text_file(d.member / "log-head.json");
  const auto at = kept.find("\"tree_size\":");
  REQUIRE(at != std::string::npos);
  auto altered = kept;
  altered.insert(at + 12, "1");
  vrs::test::write_file(d.member / "log-head.json", altered, 0644);
  auto refused = d.as_member({"log", "verify"}, 1);
  CHECK_THAT(refused.err, Catch::Contains("the kept tree head: the tree head's signature does not verify"));
  CHECK_THAT(refused.err, Catch::Contains("cannot be trusted"));
  CHECK(vrs::test::read_text_file(d.member / "log-head.json") == altered);

  auto certificates = d.as_member({"certificates"}, 0);
  CHECK_THAT(certificates.out, Catch::Contains("first enrolment, requested by AUS-ADM"));
  CHECK_THAT(certificates.out, Catch::Contains("* "));
  CHECK(d.server->stop() == 0);
}

TEST_CASE("submit commands refuse bad arguments", "[e2e]") {
  // FILE, MISSING and HOME stand for paths in this run's temporary directory (the generator's
  // table is made once, the directory once per run).
  auto [args, code, message] = GENERATE(table<std::vector<std::string>, int, std::string>({
      {{"submit"}, 2, "files is required"},
      {{"submit", "FILE", "--batch-size", "0"}, 2, "--batch-size"},
      {{"submit", "FILE", "--batch-size", "5001"}, 2, "--batch-size"},
      {{"submit", "FILE", "--format", "xml"}, 2, "--format"},
      {{"submit", "MISSING"}, 2, "missing.json"},
      {{"amend"}, 2, "files is required"},
      {{"withdraw", "NZL-INZ-1"}, 2, "--base-version is required"},
      {{"withdraw", "NZL-INZ-1", "--base-version", "0"}, 2, "--base-version"},
      {{"sync", "--max-attempts", "-1"}, 2, "--max-attempts"},
      {{"discard"}, 2, "submission is required"},
      {{"incidents"}, 2, "ref is required"},
      {{"receipts", "--verify", "--home", "HOME"}, 1, "no profile in"},
      {{"status", "--home", "HOME"}, 1, "no profile in"},
      {{"sync", "--home", "HOME"}, 1, "no profile in"},
      {{"discard", "1b4e28ba-2fa1-4d2e-883f-0016d3cca427", "--home", "HOME"}, 1, "no profile in"},
      {{"submit", "FILE", "--home", "HOME"}, 1, "no profile in"},
      {{"withdraw", "NZL-INZ-1", "--base-version", "1", "--home", "HOME"}, 1, "no profile in"},
      {{"incidents", "NZL-INZ-1", "--home", "HOME"}, 1, "no profile in"},
  }));
  vrs::test::TempDir dir;
  const auto file = dir / "in.json";
  vrs::test::write_file(file, json_records(1, "NZL-INZ-X"));
  std::vector<std::string> argv{bin("vrs-client")};
  for (const auto& a : args) {
    if (a == "FILE") {
      argv.push_back(file.string());
    } else if (a == "MISSING") {
      argv.push_back((dir / "missing.json").string());
    } else if (a == "HOME") {
      argv.push_back((dir / "home").string());
    } else {
      argv.push_back(a);
    }
  }
  auto r = run_process(argv);
  INFO(describe(argv, r));
  CHECK(r.exit_code == code);
  CHECK_THAT(r.err, Catch::Contains(message));
  CHECK_FALSE(fs::exists(dir / "home"));
}

TEST_CASE("every submit command explains itself", "[e2e]") {
  auto [command, needle] = GENERATE(table<std::string, std::string>({
      {"submit", "--skip-invalid"},
      {"amend", "base_version"},
      {"withdraw", "--base-version"},
      {"sync", "--max-attempts"},
      {"status", "failure"},
      {"receipts", "--verify"},
      {"discard", "failed submission"},
      {"incidents", "versions"},
  }));
  auto r = run_process({bin("vrs-client"), command, "--help"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains(needle));
}
