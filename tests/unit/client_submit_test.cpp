// From files to submissions (batch_plan.hpp), the server keys document (server_keys.hpp),
// incident histories and withdrawals (incidents.hpp), and the submit/sync/status/receipts
// commands' handling of bad input and missing profiles — everything before the network (the
// real server: tests/e2e/client_submit_test.cpp).
#include <catch2/catch.hpp>

#include <set>
#include <sstream>

#include <boost/json.hpp>

#include "vrs/client/commands/discard_command.hpp"
#include "vrs/client/commands/receipts_command.hpp"
#include "vrs/client/commands/status_command.hpp"
#include "vrs/client/commands/submit_command.hpp"
#include "vrs/client/commands/sync_command.hpp"
#include "vrs/client/net/incident_history.hpp"
#include "vrs/client/net/server_keys.hpp"
#include "vrs/client/outbox/batch_plan.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/init.hpp"
#include "vrs/schema/envelope.hpp"
#include "vrs/schema/json_codec.hpp"
#include "vrs/schema/key_retirement.hpp"
#include "vrs/test/temp_dir.hpp"

using namespace vrs::client;
using namespace vrs::client::commands;
using namespace vrs::client::net;
using namespace vrs::client::outbox;
using vrs::ErrorCode;
namespace crypto = vrs::crypto;
namespace schema = vrs::schema;
namespace fs = std::filesystem;

namespace {

const char* kRecord = R"({"ref":"X","date":"2024-05-03","conduct":["smuggling"],
  "detection":{"country":"AUS","location":"at_sea"},
  "route":[{"country":"IDN","role":"origin","mode":"sea"},{"country":"AUS","role":"destination","mode":"sea"}],
  "migrants":[{"nationality":"AFG","sex":"male","age":"adult","count":12}]})";

const schema::Date kToday{2026, 11, 23};

schema::Incident record(const std::string& ref) {
  auto r = schema::decode_incident(kRecord).value();
  r.ref = ref;
  return r;
}

std::vector<InputRecord> records(std::size_t n, const std::string& prefix = "AUS-ABF-") {
  std::vector<InputRecord> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(InputRecord{record(prefix + std::to_string(i)), "in.json", 0, i});
  return out;
}

// A JSON file of `n` records.
std::string json_file(std::size_t n, const std::string& prefix) {
  boost::json::array array;
  for (std::size_t i = 0; i < n; ++i) array.push_back(schema::to_json(record(prefix + std::to_string(i))));
  return boost::json::serialize(array);
}

const char* kCsvHeader = "ref,date,conduct,detection_country,detection_location,route,migrants,base_version\n";

struct Run {
  int code = -1;
  std::string out;
  std::string err;
};

template <typename F>
Run capture(F&& f) {
  std::ostringstream out;
  std::ostringstream err;
  Run r;
  r.code = f(out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Planning

TEST_CASE("records are split by count and the planned sizes are the exact payload sizes") {
  REQUIRE(crypto::init());
  const auto input = records(1200);
  auto plan = plan_batches(input, "AUS-ABF", PlanOptions{500, kTargetPayloadBytes});
  REQUIRE(plan);
  REQUIRE(plan->size() == 3);
  CHECK((*plan)[0].first == 0);
  CHECK((*plan)[0].count == 500);
  CHECK((*plan)[1].first == 500);
  CHECK((*plan)[1].count == 500);
  CHECK((*plan)[2].first == 1000);
  CHECK((*plan)[2].count == 200);
  const auto now = Clock::now();
  auto built = build_submissions(input, *plan, "AUS-ABF", now);
  REQUIRE(built);
  REQUIRE(built->size() == 3);
  std::set<std::string> ids;
  for (std::size_t b = 0; b < built->size(); ++b) {
    const auto& s = (*built)[b];
    CHECK(s.payload.size() == (*plan)[b].payload_bytes);
    CHECK(schema::is_uuid_v4(s.submission_id));
    ids.insert(s.submission_id);
    CHECK(s.member == "AUS-ABF");
    CHECK(s.source == "in.json");
    CHECK(s.refs.size() == (*plan)[b].count);
    auto decoded = schema::decode_batch(s.payload, kToday);
    REQUIRE(decoded);
    CHECK(decoded->submission_id == s.submission_id);
    CHECK(decoded->created_at == s.created_at);
    CHECK(decoded->records.front().ref == s.refs.front());
  }
  CHECK(ids.size() == 3);
  CHECK((*built)[2].refs.back() == "AUS-ABF-1199");
}

TEST_CASE("records are split so that no payload exceeds the byte budget") {
  const auto input = records(100);
  const std::size_t budget = 4000;
  auto plan = plan_batches(input, "AUS-ABF", PlanOptions{5000, budget});
  REQUIRE(plan);
  CHECK(plan->size() > 1);
  std::size_t total = 0;
  std::size_t next = 0;
  for (const auto& b : *plan) {
    CHECK(b.first == next);
    CHECK(b.payload_bytes <= budget);
    next = b.first + b.count;
    total += b.count;
  }
  CHECK(total == 100);
  auto built = build_submissions(input, *plan, "AUS-ABF", Clock::now());
  REQUIRE(built);
  for (const auto& s : *built) CHECK(s.payload.size() <= budget);
}

TEST_CASE("planning refuses bad batch sizes, no records and a record larger than a batch") {
  const auto input = records(3);
  for (std::size_t size : {std::size_t{0}, std::size_t{5001}}) {
    auto plan = plan_batches(input, "AUS-ABF", PlanOptions{size, kTargetPayloadBytes});
    REQUIRE_FALSE(plan);
    CHECK(plan.error().code() == ErrorCode::InvalidArgument);
    CHECK_THAT(plan.error().message(), Catch::Contains("--batch-size must be 1..5000"));
  }
  CHECK(plan_batches({}, "AUS-ABF").error().code() == ErrorCode::InvalidArgument);
  auto tiny = plan_batches(input, "AUS-ABF", PlanOptions{500, 300});
  REQUIRE_FALSE(tiny);
  CHECK_THAT(tiny.error().message(), Catch::Contains("in.json: record 0: the record alone is larger"));
}

TEST_CASE("a dry run describes the batches") {
  const auto input = records(3);
  auto plan = plan_batches(input, "AUS-ABF", PlanOptions{2, kTargetPayloadBytes}).value();
  const auto text = format_plan(input, plan);
  CHECK_THAT(text, Catch::StartsWith("batch 1/2: 2 records, "));
  CHECK_THAT(text, Catch::Contains("refs AUS-ABF-0 .. AUS-ABF-1\nbatch 2/2: 1 record, "));
  CHECK_THAT(text, Catch::Contains("would submit 3 records in 2 submissions"));
  CHECK_THAT(text, Catch::Contains("nothing was queued or sent"));
}

// ---------------------------------------------------------------------------------------------
// Loading

TEST_CASE("loading lists every problem with file and line, and repeated refs across files") {
  vrs::test::TempDir dir;
  const auto json = dir / "a.json";
  const auto csv = dir / "b.csv";
  vrs::test::write_file(json, json_file(2, "AUS-ABF-"));
  vrs::test::write_file(csv, std::string(kCsvHeader) +
                                 "AUS-ABF-9,2024-05-03,smuggling,AUS,at_sea,IDN:origin:sea;AUS:destination:sea,AFG:male:adult:3,\n"
                                 "AUS-ABF-1,2024-05-03,smuggling,AUS,at_sea,IDN:origin:sea;AUS:destination:sea,AFG:male:adult:3,\n"
                                 "AUS-ABF-8,2024-05-03,smuggling,AUS,at_sea,IDN:origin:sea;AUS:destination:sea,XYZ:male:adult:3,\n");
  LoadOptions options;
  options.files = {json.string(), csv.string()};
  options.today = kToday;
  auto loaded = load_records(options);
  REQUIRE(loaded);
  CHECK(loaded->total == 5);
  CHECK(loaded->invalid == 2);
  REQUIRE(loaded->valid.size() == 3);
  CHECK(loaded->valid[2].incident.ref == "AUS-ABF-9");
  CHECK(loaded->valid[2].line == 2);
  REQUIRE(loaded->problems.size() == 2);
  CHECK(loaded->problems[0] == csv.string() + ": line 3: ref: \"AUS-ABF-1\" appears more than once in the input (first at " +
                                   json.string() + ": record 1)");
  CHECK(loaded->problems[1] == csv.string() + ": line 4: migrants[0].nationality: \"XYZ\" is not an ISO 3166-1 alpha-3 code");
}

TEST_CASE("an amendment needs base_version on every record") {
  vrs::test::TempDir dir;
  const auto csv = dir / "amend.csv";
  vrs::test::write_file(csv, std::string(kCsvHeader) +
                                 "AUS-ABF-1,2024-05-03,smuggling,AUS,at_sea,IDN:origin:sea;AUS:destination:sea,AFG:male:adult:3,1\n"
                                 "AUS-ABF-2,2024-05-03,smuggling,AUS,at_sea,IDN:origin:sea;AUS:destination:sea,AFG:male:adult:3,\n");
  LoadOptions options;
  options.files = {csv.string()};
  options.today = kToday;
  options.require_base_version = true;
  auto loaded = load_records(options).value();
  CHECK(loaded.valid.size() == 1);
  CHECK(loaded.valid[0].incident.base_version == std::optional<std::uint64_t>(1));
  REQUIRE(loaded.problems.size() == 1);
  CHECK(loaded.problems[0] == csv.string() + ": line 3: base_version: missing; an amendment must name the version it replaces");
}

TEST_CASE("a file unusable as a whole fails the load naming it") {
  vrs::test::TempDir dir;
  const auto bad = dir / "bad.csv";
  vrs::test::write_file(bad, "not,a,header\n1,2,3\n");
  LoadOptions options;
  options.today = kToday;
  SECTION("bad header") { options.files = {bad.string()}; }
  SECTION("missing file") { options.files = {(dir / "none.json").string()}; }
  SECTION("not JSON") {
    vrs::test::write_file(dir / "x.json", "{oops");
    options.files = {(dir / "x.json").string()};
  }
  auto loaded = load_records(options);
  REQUIRE_FALSE(loaded);
  CHECK_THAT(loaded.error().message(), Catch::Contains(options.files[0]));
}

// ---------------------------------------------------------------------------------------------
// Commands before the network

TEST_CASE("submit refuses invalid input and queues nothing") {
  vrs::test::TempDir dir;
  const auto home = dir / "home";
  const auto csv = dir / "in.csv";
  vrs::test::write_file(csv, std::string(kCsvHeader) +
                                 "AUS-ABF-1,2024-05-03,smuggling,AUS,at_sea,IDN:origin:sea;AUS:destination:sea,AFG:male:adult:3,\n"
                                 "AUS-ABF-2,2024-05-03,smuggling,AUS,at_sea,IDN:origin:sea;AUS:destination:sea,AFG:male:adult:0,\n");
  SubmitOptions options;
  options.network.home = home;
  options.files = {csv.string()};
  options.today = kToday;

  SECTION("all or nothing") {
    auto r = capture([&](auto& out, auto& err) { return run_submit(options, out, err); });
    CHECK(r.code == 1);
    CHECK(r.out.empty());
    CHECK(r.err == csv.string() + ": line 3: migrants[0].count: \"0\" must be at least 1\n"
                       "vrs-client: submit: 1 of 2 records invalid; nothing was queued (fix them, or submit the valid ones "
                       "with --skip-invalid)\n");
  }
  SECTION("--skip-invalid with --dry-run plans the valid ones") {
    options.skip_invalid = true;
    options.dry_run = true;
    auto r = capture([&](auto& out, auto& err) { return run_submit(options, out, err); });
    CHECK(r.code == 0);
    CHECK_THAT(r.err, Catch::Contains("submit: skipping 1 invalid record of 2"));
    CHECK_THAT(r.out, Catch::Contains("would submit 1 record in 1 submission"));
  }
  SECTION("an amendment without base_version") {
    options.amend = true;
    options.skip_invalid = false;
    auto r = capture([&](auto& out, auto& err) { return run_submit(options, out, err); });
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("base_version: missing"));
    CHECK_THAT(r.err, Catch::Contains("vrs-client: amend: 2 of 2 records invalid; nothing was queued"));
  }
  SECTION("every record skipped") {
    vrs::test::write_file(csv, std::string(kCsvHeader) +
                                   "AUS-ABF-2,2024-05-03,smuggling,AUS,at_sea,IDN:origin:sea;AUS:destination:sea,AFG:male:adult:0,\n");
    options.skip_invalid = true;
    auto r = capture([&](auto& out, auto& err) { return run_submit(options, out, err); });
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::EndsWith("vrs-client: submit: no valid records to submit\n"));
  }
  SECTION("no profile") {
    vrs::test::write_file(csv, std::string(kCsvHeader) +
                                   "AUS-ABF-1,2024-05-03,smuggling,AUS,at_sea,IDN:origin:sea;AUS:destination:sea,AFG:male:adult:3,\n");
    auto r = capture([&](auto& out, auto& err) { return run_submit(options, out, err); });
    CHECK(r.code == 1);
    CHECK(r.err == "vrs-client: submit: no profile in " + home.string() + "; run `vrs-client enroll` first\n");
  }
  SECTION("a file that cannot be read") {
    options.files = {(dir / "missing.json").string()};
    auto r = capture([&](auto& out, auto& err) { return run_submit(options, out, err); });
    CHECK(r.code == 1);
    CHECK(r.err == "vrs-client: submit: " + (dir / "missing.json").string() + ": no such file\n");
  }
  CHECK_FALSE(fs::exists(home / "outbox.db"));
  CHECK_FALSE(fs::exists(home / "outbox.key"));
}

TEST_CASE("a dry run needs no profile and touches nothing") {
  vrs::test::TempDir dir;
  const auto json = dir / "in.json";
  vrs::test::write_file(json, json_file(7, "NZL-INZ-"));
  SubmitOptions options;
  options.network.home = dir / "home";
  options.files = {json.string()};
  options.today = kToday;
  options.dry_run = true;
  options.batch_size = 3;
  auto r = capture([&](auto& out, auto& err) { return run_submit(options, out, err); });
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  CHECK_THAT(r.out, Catch::Contains("batch 3/3: 1 record"));
  CHECK_THAT(r.out, Catch::Contains("would submit 7 records in 3 submissions"));
  CHECK_FALSE(fs::exists(dir / "home"));
}

TEST_CASE("outbox commands without a profile or outbox") {
  vrs::test::TempDir dir;
  const auto none = dir / "none";
  auto status = capture([&](auto& out, auto& err) { return run_status(none, out, err); });
  CHECK(status.code == 1);
  CHECK(status.err == "vrs-client: status: no profile in " + none.string() + "; run `vrs-client enroll` first\n");
  auto sync = capture([&](auto& out, auto& err) { return run_sync(SyncOptions{NetworkOptions{none}, false, 0}, out, err); });
  CHECK(sync.code == 1);
  CHECK_THAT(sync.err, Catch::StartsWith("vrs-client: sync: no profile in "));
  auto withdraw =
      capture([&](auto& out, auto& err) { return run_withdraw(WithdrawOptions{NetworkOptions{none}, "A-1", 1, {}}, out, err); });
  CHECK(withdraw.code == 1);
  CHECK_THAT(withdraw.err, Catch::StartsWith("vrs-client: withdraw: no profile in "));

  // A profile with client.toml but nothing submitted yet.
  const auto home = dir / "home";
  fs::create_directory(home);
  fs::permissions(home, fs::perms::owner_all, fs::perm_options::replace);
  vrs::test::write_file(home / "client.toml", "server = \"https://127.0.0.1:1\"\nmember = \"AUS-ABF\"\n");
  auto empty = capture([&](auto& out, auto& err) { return run_status(home, out, err); });
  CHECK(empty.code == 0);
  CHECK(empty.out == "outbox: 0 queued, 0 sent, 0 failed (nothing submitted from this profile yet)\n");
  auto nothing = capture([&](auto& out, auto& err) { return run_sync(SyncOptions{NetworkOptions{home}, true, 0}, out, err); });
  CHECK(nothing.code == 0);
  CHECK(nothing.out == "nothing to send (no submissions from this profile yet)\n");
  auto receipts = capture([&](auto& out, auto& err) { return run_receipts(home, true, out, err); });
  CHECK(receipts.code == 0);
  CHECK(receipts.out == "no receipts (nothing submitted from this profile yet)\n");
  auto discard = capture([&](auto& out, auto& err) { return run_discard(home, "x", out, err); });
  CHECK(discard.code == 1);
  CHECK(discard.err == "vrs-client: discard: no outbox yet; nothing to discard\n");
  // A profile that is not installed cannot submit: nothing is queued.
  const auto csv = dir / "in.csv";
  vrs::test::write_file(csv, std::string(kCsvHeader) +
                                 "AUS-ABF-1,2024-05-03,smuggling,AUS,at_sea,IDN:origin:sea;AUS:destination:sea,AFG:male:adult:3,\n");
  SubmitOptions submit;
  submit.network.home = home;
  submit.files = {csv.string()};
  submit.today = kToday;
  auto r = capture([&](auto& out, auto& err) { return run_submit(submit, out, err); });
  CHECK(r.code == 1);
  CHECK_THAT(r.err, Catch::StartsWith("vrs-client: submit: ") && Catch::Contains("tls.key"));
  CHECK_FALSE(fs::exists(home / "outbox.db"));
  // With no outbox, no status line about it either.
  CHECK_FALSE(fs::exists(home / "outbox.key"));
}

// ---------------------------------------------------------------------------------------------
// Server keys

namespace {

struct Keys {
  crypto::BoxKeyPair box = crypto::BoxKeyPair::generate().value();
  crypto::BoxKeyPair old_box = crypto::BoxKeyPair::generate().value();
  crypto::SigningKey receipt = crypto::SigningKey::generate().value();

  std::string json(const std::string& sealing_id_override = {}, bool old_current = false) const {
    const auto sid = sealing_id_override.empty() ? schema::sealing_key_id(box.public_key()) : sealing_id_override;
    return R"({"sealing":[{"key_id":")" + sid + R"(","public_key":")" + crypto::to_base64(box.public_key()) +
           R"(","current":true},{"key_id":")" + schema::sealing_key_id(old_box.public_key()) + R"(","public_key":")" +
           crypto::to_base64(old_box.public_key()) + R"(","current":)" + (old_current ? "true" : "false") +
           R"(}],"receipt":[{"key_id":")" + schema::receipt_key_id(receipt.public_key()) + R"(","public_key":")" +
           crypto::to_base64(receipt.public_key()) + R"(","current":true,"extra":1}],"future":[]})";
  }
};

}  // namespace

TEST_CASE("the server keys document parses, round-trips and names its problems") {
  REQUIRE(crypto::init());
  Keys k;
  auto keys = parse_server_keys(k.json());
  REQUIRE(keys);
  REQUIRE(keys->current_sealing() != nullptr);
  CHECK(keys->current_sealing()->public_key == k.box.public_key());
  CHECK(keys->sealing.size() == 2);
  const auto rid = schema::receipt_key_id(k.receipt.public_key());
  REQUIRE(keys->find_receipt_key(rid) != nullptr);
  CHECK(keys->find_receipt_key(rid)->public_key == k.receipt.public_key());
  CHECK(keys->find_receipt_key("ed25519-0000000000000000") == nullptr);
  CHECK(parse_server_keys(format_server_keys(*keys)).value() == *keys);

  auto [text, message] = GENERATE_REF(table<std::string, std::string>({
      {k.json("x25519-0000000000000000"), "key_id\" is not the id of its public_key"},
      {k.json({}, true), "exactly one current sealing key, got 2"},
      {R"({"sealing":[],"receipt":[]})", "exactly one current sealing key, got 0"},
      {R"({"sealing":[{"key_id":"x","public_key":"AAAA","current":true}],"receipt":[]})", "must be 32 bytes in base64"},
      {R"({"receipt":[]})", "\"sealing\" is missing"},
      {"[]", "expected a JSON object"},
  }));
  CAPTURE(text);
  auto bad = parse_server_keys(text);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code() == ErrorCode::InvalidArgument);
  CHECK_THAT(bad.error().message(), Catch::Contains(message));
}

TEST_CASE("a refresh keeps receipt keys learned before") {
  Keys k;
  const auto before = parse_server_keys(k.json()).value();
  ServerKeys fresh = before;
  auto rotated = crypto::SigningKey::generate().value();
  fresh.receipt = {ReceiptKey{schema::receipt_key_id(rotated.public_key()), rotated.public_key(), true, {}, {}, {}}};
  const auto merged = merge_server_keys(fresh, before);
  REQUIRE(merged.receipt.size() == 2);
  CHECK(merged.receipt[0].current);
  CHECK(merged.receipt[1].key_id == before.receipt[0].key_id);
  CHECK_FALSE(merged.receipt[1].current);
  CHECK(merged.sealing == fresh.sealing);
}

namespace {

// A keys document after a receipt rotation: `old` retired at `at`, its retirement signed by
// `next` (or by `signer` when given: a forged statement).
std::string rotated_json(const Keys& k, const crypto::SigningKey& old, const crypto::SigningKey& next, const std::string& at,
                         const crypto::SigningKey* signer = nullptr) {
  const schema::KeyRetirement statement{schema::receipt_key_id(old.public_key()), old.public_key(), at,
                                        schema::receipt_key_id(next.public_key())};
  const auto signature = schema::sign_key_retirement(statement, signer != nullptr ? *signer : next).value();
  return R"({"sealing":[{"key_id":")" + schema::sealing_key_id(k.box.public_key()) + R"(","public_key":")" +
         crypto::to_base64(k.box.public_key()) + R"(","current":true}],"receipt":[{"key_id":")" +
         statement.successor + R"(","public_key":")" + crypto::to_base64(next.public_key()) +
         R"(","current":true},{"key_id":")" + statement.key_id + R"(","public_key":")" +
         crypto::to_base64(old.public_key()) + R"(","current":false,"retired_at":")" + at + R"(","successor":")" +
         statement.successor + R"(","retirement_signature":")" + crypto::to_base64(signature) + R"("}]})";
}

}  // namespace

TEST_CASE("a retired receipt key needs its successor's signature, and its retirement never moves later") {
  REQUIRE(crypto::init());
  Keys k;
  auto next = crypto::SigningKey::generate().value();
  const std::string at = "2026-12-01T10:00:00.000Z";
  auto keys = parse_server_keys(rotated_json(k, k.receipt, next, at));
  REQUIRE(keys);
  const auto* old = keys->find_receipt_key(schema::receipt_key_id(k.receipt.public_key()));
  REQUIRE(old != nullptr);
  CHECK(old->retired_at == at);
  CHECK(parse_server_keys(format_server_keys(*keys)).value() == *keys);

  // Signed by another key than the successor it names: refused.
  auto forger = crypto::SigningKey::generate().value();
  auto forged = parse_server_keys(rotated_json(k, k.receipt, next, at, &forger));
  REQUIRE_FALSE(forged);
  CHECK(forged.error().code() == ErrorCode::Unauthenticated);
  CHECK_THAT(forged.error().message(), Catch::Contains("does not verify with its successor"));
  // A statement whose time was changed after signing: refused.
  std::string moved = rotated_json(k, k.receipt, next, at);
  moved.replace(moved.find(at), at.size(), "2027-12-01T10:00:00.000Z");
  CHECK_FALSE(parse_server_keys(moved));
  // A successor that is not in the document, and half a statement: refused with the field.
  std::string orphan = rotated_json(k, k.receipt, next, at);
  const auto next_id = schema::receipt_key_id(next.public_key());
  orphan.replace(orphan.find(R"("successor":")" + next_id), 13 + next_id.size(), R"("successor":"ed25519-0000000000000000)");
  CHECK_THAT(parse_server_keys(orphan).error().message(), Catch::Contains("not a receipt key of the document"));
  std::string half = rotated_json(k, k.receipt, next, at);
  half.erase(half.find(R"(,"retirement_signature")"), half.find('"', half.find(R"(,"retirement_signature":")") + 26) -
                                                          half.find(R"(,"retirement_signature")") + 1);
  CHECK_THAT(parse_server_keys(half).error().message(), Catch::Contains("successor"));

  // A later document that moves the retirement later, or drops the key, keeps what was seen.
  ServerKeys later = *keys;
  for (auto& key : later.receipt) {
    if (!key.current) key.retired_at = "2030-01-01T00:00:00.000Z";
  }
  const auto merged = merge_server_keys(later, *keys);
  CHECK(merged.find_receipt_key(old->key_id)->retired_at == at);
  ServerKeys dropped = *keys;
  dropped.receipt.erase(dropped.receipt.begin() + 1);
  const auto kept = merge_server_keys(dropped, *keys);
  REQUIRE(kept.find_receipt_key(old->key_id) != nullptr);
  CHECK(kept.find_receipt_key(old->key_id)->retired_at == at);
  CHECK(parse_server_keys(format_server_keys(kept)));
}

// ---------------------------------------------------------------------------------------------
// Incidents and withdrawals

namespace {

std::string history_json(bool two_latest = false) {
  const auto rec = boost::json::serialize(schema::to_json(record("AUS-ABF-7")));
  return R"({"ref":"AUS-ABF-7","versions":[{"version":1,"status":"active","base_version":null,"submission_id":"s1",)"
         R"("created_at":"2026-11-20T10:00:00.000Z","latest":)" +
         std::string(two_latest ? "true" : "false") + R"(,"record":)" + rec +
         R"(},{"version":2,"status":"active","base_version":1,"submission_id":"s2","created_at":"2026-11-21T10:00:00.000Z",)"
         R"("latest":true,"record":)" +
         rec + "}]}";
}

}  // namespace

TEST_CASE("an incident history parses and prints as a versions table") {
  auto history = parse_incident_history(history_json());
  REQUIRE(history);
  CHECK(history->ref == "AUS-ABF-7");
  REQUIRE(history->versions.size() == 2);
  CHECK(history->versions[1].base_version == std::optional<std::uint64_t>(1));
  CHECK_FALSE(history->versions[0].base_version);
  const auto text = format_incident_history(*history);
  CHECK_THAT(text, Catch::StartsWith("incident AUS-ABF-7: 2 versions\nVERSION "));
  CHECK_THAT(text, Catch::Contains("\n2         active     1      s2"));
  auto bad = parse_incident_history(history_json(true));
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().message(), Catch::Contains("exactly one latest version, got 2"));
  CHECK_FALSE(parse_incident_history(R"({"ref":"A","versions":[]})"));
}

TEST_CASE("a withdrawal is the latest record with status withdrawn, the base version and the reason") {
  const auto history = parse_incident_history(history_json()).value();
  auto withdrawal = withdrawal_record(history, 2, std::string("duplicate of AUS-ABF-6"), kToday);
  REQUIRE(withdrawal);
  CHECK(withdrawal->ref == "AUS-ABF-7");
  CHECK(withdrawal->status == schema::RecordStatus::Withdrawn);
  CHECK(withdrawal->base_version == std::optional<std::uint64_t>(2));
  CHECK(withdrawal->notes == "duplicate of AUS-ABF-6");
  CHECK(withdrawal_record(history, 0, std::nullopt, kToday).error().code() == ErrorCode::InvalidArgument);
  auto too_long = withdrawal_record(history, 2, std::string(3000, 'x'), kToday);
  REQUIRE_FALSE(too_long);
  CHECK_THAT(too_long.error().message(), Catch::EndsWith("is not valid: notes"));
}
