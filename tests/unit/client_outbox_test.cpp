// vrs::client::outbox::Outbox (outbox.hpp) and Delivery (delivery.hpp): commit before send, receipts
// stored only when they verify and match, backoff, failed state, persistence, key file and
// database refusals; delivery against an in-process fake server (FakeServer below) that opens
// envelopes and signs receipts with the real schema code.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <functional>
#include <set>

#include "vrs/client/outbox/delivery.hpp"
#include "vrs/client/outbox/outbox.hpp"
#include "vrs/client/net/server_keys.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/hash.hpp"
#include "vrs/crypto/init.hpp"
#include "vrs/crypto/random.hpp"
#include "vrs/db/clock.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/db_key.hpp"
#include "vrs/schema/envelope.hpp"
#include "vrs/schema/json_codec.hpp"
#include "vrs/schema/receipt.hpp"
#include "vrs/test/file_checks.hpp"
#include "vrs/test/temp_dir.hpp"

using namespace vrs::client;
using namespace vrs::client::net;
using namespace vrs::client::outbox;
using vrs::ErrorCode;
using vrs::Result;
namespace crypto = vrs::crypto;
namespace schema = vrs::schema;
namespace fs = std::filesystem;

namespace {

const char* kRecord = R"({"ref":"X","date":"2024-05-03","conduct":["smuggling"],
  "detection":{"country":"AUS","location":"at_sea"},
  "route":[{"country":"IDN","role":"origin","mode":"sea"},{"country":"AUS","role":"destination","mode":"sea"}],
  "migrants":[{"nationality":"AFG","sex":"male","age":"adult","count":12}]})";

const Clock::time_point kNow = Clock::time_point(std::chrono::seconds(1795428000));  // 2026-11-23T10:00:00Z

schema::Incident record(const std::string& ref) {
  auto r = schema::decode_incident(kRecord).value();
  r.ref = ref;
  return r;
}

NewSubmission submission(const std::vector<std::string>& refs, const std::string& member = "AUS-ABF") {
  schema::Batch batch{crypto::random_uuid_v4(), vrs::db::format_utc(kNow), member, {}};
  for (const auto& ref : refs) batch.records.push_back(record(ref));
  NewSubmission s;
  s.submission_id = batch.submission_id;
  s.created_at = batch.created_at;
  s.member = member;
  s.source = "test.json";
  s.refs = refs;
  s.payload = schema::encode_batch(batch);
  return s;
}

using vrs::test::mode_of;

struct Paths {
  vrs::test::TempDir dir;
  fs::path db = dir / "outbox.db";
  fs::path key = dir / "outbox.key";
  Outbox open() const { return Outbox::open(db, key, Outbox::Mode::OpenOrCreate).value(); }
};

// The server's side: sealing keys (several, to rotate) and receipt keys, and the keys document.
struct ServerSide {
  std::vector<crypto::BoxKeyPair> boxes;
  std::vector<crypto::SigningKey> receipt_keys;
  std::size_t current_box = 0;
  std::size_t current_receipt = 0;
  ServerSide() {
    REQUIRE(crypto::init());
    boxes.push_back(crypto::BoxKeyPair::generate().value());
    receipt_keys.push_back(crypto::SigningKey::generate().value());
  }
  void rotate_sealing() {
    boxes.push_back(crypto::BoxKeyPair::generate().value());
    current_box = boxes.size() - 1;
  }
  void rotate_receipt() {
    receipt_keys.push_back(crypto::SigningKey::generate().value());
    current_receipt = receipt_keys.size() - 1;
  }
  static constexpr std::string_view kServerId = "vrs-fake-server";
  [[nodiscard]] ServerKeys keys() const {
    ServerKeys k;
    k.server_id = std::string(kServerId);
    for (std::size_t i = 0; i < boxes.size(); ++i) {
      k.sealing.push_back(SealingKey{schema::sealing_key_id(boxes[i].public_key()), boxes[i].public_key(), i == current_box});
    }
    for (std::size_t i = 0; i < receipt_keys.size(); ++i) {
      const auto& pk = receipt_keys[i].public_key();
      k.receipt.push_back(ReceiptKey{schema::receipt_key_id(pk), pk, i == current_receipt, {}, {}, {}});
    }
    return k;
  }
  // A receipt for `entry` as the server would sign it (tests then alter fields).
  [[nodiscard]] schema::Receipt receipt_for(const OutboxEntry& entry) const {
    schema::Receipt r;
    r.submission_id = entry.submission_id;
    r.member = entry.member;
    r.payload_sha256 = entry.payload_sha256;
    r.audit_seq = 42;
    r.server_time = "2026-11-23T10:00:01.000Z";
    r.key_id = schema::receipt_key_id(receipt_keys[current_receipt].public_key());
    for (const auto& ref : entry.refs) r.records.push_back(schema::ReceiptRecord{ref, 1, "active"});
    return r;
  }
  [[nodiscard]] std::string sign(const schema::Receipt& r) const {
    return schema::sign_receipt(r, receipt_keys[current_receipt]).value();
  }
};

}  // namespace

TEST_CASE("the outbox is created on first use with a 0600 key file and keeps entries across reopen") {
  REQUIRE(crypto::init());
  Paths p;
  const auto first = submission({"AUS-ABF-1", "AUS-ABF-2"});
  const auto second = submission({"AUS-ABF-3"});
  {
    auto outbox = p.open();
    REQUIRE(outbox.enqueue({first, second}, kNow));
    CHECK(mode_of(p.key) == 0600);
    CHECK(mode_of(p.db) == 0600);
  }
  CHECK(vrs::db::read_key_file(p.key).value().size() == 32);
  auto outbox = Outbox::open(p.db, p.key, Outbox::Mode::OpenExisting).value();
  auto due = outbox.due(kNow, false).value();
  REQUIRE(due.size() == 2);
  std::set<std::string> ids{due[0].submission_id, due[1].submission_id};
  CHECK(ids == std::set<std::string>{first.submission_id, second.submission_id});
  const auto entry = outbox.find(first.submission_id).value().value();
  CHECK(entry.state == EnvelopeState::Queued);
  CHECK(entry.refs == first.refs);
  CHECK(entry.record_count == 2);
  CHECK(entry.payload == first.payload);
  CHECK(entry.payload_sha256 == crypto::to_hex(crypto::sha256(crypto::as_bytes(first.payload))));
  CHECK(entry.source == "test.json");
  CHECK(entry.member == "AUS-ABF");
  CHECK_FALSE(entry.envelope);
  CHECK(entry.attempts == 0);
  CHECK(entry.next_attempt_at == "2026-11-23T10:00:00.000Z");
  const auto counts = outbox.counts().value();
  CHECK(counts.queued == 2);
  CHECK(counts.sent == 0);
  CHECK(counts.failed == 0);
  // The same submission id twice is refused, and the whole enqueue with it.
  const auto third = submission({"AUS-ABF-4"});
  auto again = outbox.enqueue({third, first}, kNow);
  REQUIRE_FALSE(again);
  CHECK(again.error().code() == ErrorCode::AlreadyExists);
  CHECK_FALSE(outbox.find(third.submission_id).value());
}

TEST_CASE("an outbox that does not exist is not created by read-only opens") {
  Paths p;
  auto opened = Outbox::open(p.db, p.key, Outbox::Mode::OpenExisting);
  REQUIRE_FALSE(opened);
  CHECK(opened.error().code() == ErrorCode::NotFound);
  CHECK_FALSE(fs::exists(p.db));
  CHECK_FALSE(fs::exists(p.key));
}

TEST_CASE("a verified, matching receipt is stored with the envelope marked sent in one step") {
  Paths p;
  ServerSide server;
  auto outbox = p.open();
  const auto s = submission({"AUS-ABF-1", "AUS-ABF-2"});
  REQUIRE(outbox.enqueue({s}, kNow));
  REQUIRE(outbox.set_envelope(s.submission_id, "x25519-0000000000000000", "{\"sealed\":1}", kNow));
  const auto entry = outbox.find(s.submission_id).value().value();
  CHECK(entry.envelope == std::optional<std::string>("{\"sealed\":1}"));
  const auto wire = server.sign(server.receipt_for(entry));
  auto stored = outbox.store_receipt(s.submission_id, wire, server.keys(), kNow + std::chrono::seconds(1));
  REQUIRE(stored);
  CHECK(stored->audit_seq == 42);
  const auto sent = outbox.find(s.submission_id).value().value();
  CHECK(sent.state == EnvelopeState::Sent);
  CHECK(sent.payload == s.payload);  // kept for the resend window
  CHECK_FALSE(sent.envelope);
  CHECK(sent.attempts == 1);
  CHECK(outbox.due(kNow + std::chrono::hours(1), true).value().empty());
  const auto receipts = outbox.receipts().value();
  REQUIRE(receipts.size() == 1);
  CHECK(receipts[0].submission_id == s.submission_id);
  CHECK(receipts[0].receipt == wire);
  CHECK(receipts[0].record_count == 2);
  CHECK(receipts[0].audit_seq == 42);
  CHECK(receipts[0].key_id == schema::receipt_key_id(server.receipt_keys[0].public_key()));
  CHECK(receipts[0].received_at == "2026-11-23T10:00:01.000Z");
  // Stored once: a second receipt for a sent submission is refused.
  auto twice = outbox.store_receipt(s.submission_id, wire, server.keys(), kNow);
  REQUIRE_FALSE(twice);
  CHECK(twice.error().code() == ErrorCode::FailedPrecondition);
  // The counts say so.
  CHECK(outbox.counts().value().sent == 1);
}

TEST_CASE("a sent payload is kept for the resend window: a lost submission is queued again, then it expires") {
  Paths p;
  ServerSide server;
  auto outbox = p.open();
  const auto s = submission({"AUS-ABF-1"});
  const auto t = submission({"AUS-ABF-2"});
  REQUIRE(outbox.enqueue({s, t}, kNow));
  for (const auto& sub : {s, t}) {
    const auto entry = outbox.find(sub.submission_id).value().value();
    REQUIRE(outbox.store_receipt(sub.submission_id, server.sign(server.receipt_for(entry)), server.keys(), kNow));
  }
  REQUIRE(outbox.resendable(kNow + std::chrono::hours(1)).value().size() == 2);
  // A queued or unknown submission cannot be requeued as lost.
  CHECK(outbox.requeue_lost("00000000-0000-4000-8000-000000000000", kNow).error().code() == ErrorCode::NotFound);

  // The server lost s: queued again, due now, its old receipt kept apart.
  REQUIRE(outbox.requeue_lost(s.submission_id, kNow + std::chrono::hours(2)));
  const auto again = outbox.find(s.submission_id).value().value();
  CHECK(again.state == EnvelopeState::Queued);
  CHECK(again.payload == s.payload);
  CHECK(again.attempts == 0);
  CHECK(outbox.due(kNow + std::chrono::hours(2), false).value().size() == 1);
  CHECK(outbox.receipts().value().size() == 1);
  CHECK(outbox.requeue_lost(s.submission_id, kNow).error().code() == ErrorCode::FailedPrecondition);
  // Its new receipt is stored as any other.
  REQUIRE(outbox.store_receipt(s.submission_id, server.sign(server.receipt_for(again)), server.keys(),
                               kNow + std::chrono::hours(3)));
  CHECK(outbox.receipts().value().size() == 2);

  // Past the window nothing is resendable; the next receipt clears the expired payloads.
  const auto later = kNow + kResendWindow + std::chrono::hours(1);
  CHECK(outbox.resendable(later).value().size() == 1);  // s's window restarted at its new receipt
  const auto u = submission({"AUS-ABF-3"});
  REQUIRE(outbox.enqueue({u}, later));
  const auto u_entry = outbox.find(u.submission_id).value().value();
  REQUIRE(outbox.store_receipt(u.submission_id, server.sign(server.receipt_for(u_entry)), server.keys(), later));
  CHECK(outbox.find(t.submission_id).value().value().payload.empty());
  CHECK(outbox.requeue_lost(t.submission_id, later).error().code() == ErrorCode::FailedPrecondition);
}

TEST_CASE("a payload past its resend window is cleared when the outbox is opened") {
  Paths p;
  ServerSide server;
  const auto s = submission({"AUS-ABF-9"});
  const auto long_ago = kNow - std::chrono::hours(24 * 30);  // its window ended 16 days before kNow
  {
    auto outbox = p.open();
    REQUIRE(outbox.enqueue({s}, long_ago));
    const auto entry = outbox.find(s.submission_id).value().value();
    REQUIRE(outbox.store_receipt(s.submission_id, server.sign(server.receipt_for(entry)), server.keys(), long_ago));
    CHECK(outbox.find(s.submission_id).value().value().payload == s.payload);
  }
  auto reopened = p.open();
  const auto sent = reopened.find(s.submission_id).value().value();
  CHECK(sent.state == EnvelopeState::Sent);
  CHECK(sent.payload.empty());
  CHECK(reopened.receipts().value().size() == 1);  // the receipt stays
}

TEST_CASE("a receipt that does not verify or does not match keeps the envelope queued") {
  Paths p;
  ServerSide server;
  auto outbox = p.open();
  const auto s = submission({"AUS-ABF-1", "AUS-ABF-2"});
  REQUIRE(outbox.enqueue({s}, kNow));
  const auto entry = outbox.find(s.submission_id).value().value();
  const auto good = server.receipt_for(entry);

  std::string wire;
  ErrorCode expected = ErrorCode::Conflict;
  std::string message;
  SECTION("another payload hash") {
    auto r = good;
    r.payload_sha256 = crypto::to_hex(crypto::sha256(crypto::as_bytes(std::string_view("other"))));
    wire = server.sign(r);
    message = "another payload SHA-256";
  }
  SECTION("another submission") {
    auto r = good;
    r.submission_id = crypto::random_uuid_v4();
    wire = server.sign(r);
    message = "another submission id";
  }
  SECTION("another member") {
    auto r = good;
    r.member = "NZL-INZ";
    wire = server.sign(r);
    message = "another member";
  }
  SECTION("other refs") {
    auto r = good;
    r.records.pop_back();
    wire = server.sign(r);
    message = "other record refs";
  }
  SECTION("a bad signature") {
    // Signed by a key that is not the server's, but naming the server's key id.
    auto forger = crypto::SigningKey::generate().value();
    wire = schema::sign_receipt(good, forger).value();
    expected = ErrorCode::Unauthenticated;
    message = "does not verify";
  }
  SECTION("another key") {
    // Validly signed by a key the server never published.
    auto other = crypto::SigningKey::generate().value();
    auto r = good;
    r.key_id = schema::receipt_key_id(other.public_key());
    wire = schema::sign_receipt(r, other).value();
    expected = ErrorCode::Unauthenticated;
    message = "not a receipt key of the server";
  }
  SECTION("a key used after its retirement") {
    // A retired key signs nothing new: a receipt dated after its retirement is refused.
    auto keys = server.keys();
    keys.receipt.front().current = false;
    keys.receipt.front().retired_at = "2026-11-23T10:00:00.000Z";
    auto refused = outbox.store_receipt(s.submission_id, server.sign(good), keys, kNow);
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().message(), Catch::Contains("after its retirement at 2026-11-23T10:00:00.000Z"));
    keys.receipt.front().retired_at = "2026-11-23T10:00:01.000Z";  // signed at the very moment: fine
    CHECK(outbox.store_receipt(s.submission_id, server.sign(good), keys, kNow));
    return;
  }
  SECTION("not a receipt at all") {
    wire = "{\"receipt\":1}";
    expected = ErrorCode::InvalidArgument;
    message = "receipt";
  }
  auto stored = outbox.store_receipt(s.submission_id, wire, server.keys(), kNow);
  REQUIRE_FALSE(stored);
  CHECK(stored.error().code() == expected);
  CHECK_THAT(stored.error().message(), Catch::Contains(message));
  const auto after = outbox.find(s.submission_id).value().value();
  CHECK(after.state == EnvelopeState::Queued);
  CHECK(after.payload == s.payload);
  CHECK(outbox.receipts().value().empty());
}

TEST_CASE("backoff doubles from 15 s up to 10 minutes") {
  auto [attempts, seconds] = GENERATE(table<int, int>(
      {{0, 15}, {1, 15}, {2, 30}, {3, 60}, {4, 120}, {5, 240}, {6, 480}, {7, 600}, {8, 600}, {1000, 600}}));
  CAPTURE(attempts);
  CHECK(backoff_delay(attempts) == std::chrono::seconds(seconds));
}

TEST_CASE("a transient failure keeps the entry queued until its next attempt is due") {
  Paths p;
  auto outbox = p.open();
  const auto s = submission({"AUS-ABF-1"});
  REQUIRE(outbox.enqueue({s}, kNow));
  auto first = outbox.record_retry(s.submission_id, "cannot connect", kNow);
  REQUIRE(first);
  CHECK(first->attempts == 1);
  CHECK(first->next_attempt_at == "2026-11-23T10:00:15.000Z");
  auto second = outbox.record_retry(s.submission_id, "HTTP 503 too_many_connections", kNow + std::chrono::seconds(15));
  REQUIRE(second);
  CHECK(second->attempts == 2);
  CHECK(second->next_attempt_at == "2026-11-23T10:00:45.000Z");
  CHECK(outbox.due(kNow + std::chrono::seconds(44), false).value().empty());
  CHECK(outbox.due(kNow + std::chrono::seconds(45), false).value().size() == 1);
  CHECK(outbox.due(kNow, true).value().size() == 1);
  const auto entry = outbox.find(s.submission_id).value().value();
  CHECK(entry.state == EnvelopeState::Queued);
  CHECK(entry.last_error == "HTTP 503 too_many_connections");
  CHECK(entry.payload == s.payload);
}

TEST_CASE("a rejection marks the entry failed with its reason, and only failed entries can be discarded") {
  Paths p;
  ServerSide server;
  auto outbox = p.open();
  const auto s = submission({"AUS-ABF-1"});
  const auto other = submission({"AUS-ABF-2"});
  REQUIRE(outbox.enqueue({s, other}, kNow));
  REQUIRE(outbox.record_failure(s.submission_id, "HTTP 409 version_conflict: records[0] (ref AUS-ABF-1).ref", kNow));
  const auto entry = outbox.find(s.submission_id).value().value();
  CHECK(entry.state == EnvelopeState::Failed);
  CHECK(entry.attempts == 1);
  CHECK(entry.last_error == "HTTP 409 version_conflict: records[0] (ref AUS-ABF-1).ref");
  CHECK(outbox.due(kNow + std::chrono::hours(1), true).value().size() == 1);  // only `other`
  CHECK(outbox.list(EnvelopeState::Failed).value().size() == 1);
  auto late = outbox.store_receipt(s.submission_id, server.sign(server.receipt_for(entry)), server.keys(), kNow);
  REQUIRE_FALSE(late);
  CHECK(late.error().code() == ErrorCode::FailedPrecondition);
  auto queued = outbox.discard(other.submission_id);
  REQUIRE_FALSE(queued);
  CHECK(queued.error().code() == ErrorCode::FailedPrecondition);
  REQUIRE(outbox.discard(s.submission_id));
  CHECK_FALSE(outbox.find(s.submission_id).value());
  CHECK(outbox.discard(s.submission_id).error().code() == ErrorCode::NotFound);
}

TEST_CASE("the outbox refuses loose, wrong, missing and malformed keys and damaged files") {
  Paths p;
  { REQUIRE(p.open().enqueue({submission({"AUS-ABF-1"})}, kNow)); }
  const auto bytes = vrs::test::read_file_bytes(p.db);

  SECTION("a key file readable by others") {
    REQUIRE(::chmod(p.key.c_str(), 0644) == 0);
    auto opened = Outbox::open(p.db, p.key, Outbox::Mode::OpenOrCreate);
    REQUIRE_FALSE(opened);
    CHECK(opened.error().code() == ErrorCode::FailedPrecondition);
    CHECK_THAT(opened.error().message(), Catch::Contains("0644") && Catch::Contains("chmod 600"));
  }
  SECTION("another key") {
    fs::remove(p.key);
    REQUIRE(vrs::db::create_key_file(p.key));
    auto opened = Outbox::open(p.db, p.key, Outbox::Mode::OpenOrCreate);
    REQUIRE_FALSE(opened);
    CHECK(opened.error().code() == ErrorCode::Unauthenticated);
    CHECK_THAT(opened.error().message(), Catch::Contains("wrong key"));
  }
  SECTION("a missing key is not replaced by a new one") {
    fs::remove(p.key);
    auto opened = Outbox::open(p.db, p.key, Outbox::Mode::OpenOrCreate);
    REQUIRE_FALSE(opened);
    CHECK(opened.error().code() == ErrorCode::FailedPrecondition);
    CHECK_FALSE(fs::exists(p.key));
  }
  SECTION("a malformed key file") {
    vrs::test::write_file(p.key, "not a key\n", 0600);
    auto opened = Outbox::open(p.db, p.key, Outbox::Mode::OpenOrCreate);
    REQUIRE_FALSE(opened);
    CHECK(opened.error().code() == ErrorCode::InvalidArgument);
  }
  SECTION("a truncated database") {
    vrs::test::write_file(p.db, std::string(bytes.begin(), bytes.begin() + 1000), 0600);
    auto opened = Outbox::open(p.db, p.key, Outbox::Mode::OpenOrCreate);
    REQUIRE_FALSE(opened);
    CHECK(opened.error().code() == ErrorCode::DataLoss);
  }
  SECTION("a database overwritten with garbage") {
    std::string garbage(bytes.size(), '\0');
    const auto random = crypto::random_vector(bytes.size());
    std::copy(random.begin(), random.end(), garbage.begin());
    vrs::test::write_file(p.db, garbage, 0600);
    auto opened = Outbox::open(p.db, p.key, Outbox::Mode::OpenOrCreate);
    REQUIRE_FALSE(opened);
    CHECK(opened.error().code() == ErrorCode::Unauthenticated);
  }
  SECTION("a server store under the outbox key") {
    fs::remove(p.db);
    const auto key = vrs::db::read_key_file(p.key).value();
    REQUIRE(vrs::db::Database::open(p.db, key, vrs::db::OpenOptions{true, true, &vrs::db::server_schema()}));
    auto opened = Outbox::open(p.db, p.key, Outbox::Mode::OpenOrCreate);
    REQUIRE_FALSE(opened);
    CHECK(opened.error().code() == ErrorCode::FailedPrecondition);
    CHECK_THAT(opened.error().message(), Catch::Contains("not a VRS client outbox"));
  }
}

TEST_CASE("the outbox schema is its own") {
  const auto& outbox = vrs::db::outbox_schema();
  CHECK(outbox.application_id == 0x5652534F);
  CHECK(outbox.application_id != vrs::db::server_schema().application_id);
  CHECK(outbox.latest_version() >= 1);
  CHECK(outbox.migrations[0].name == "0001_outbox");
}

// ---------------------------------------------------------------------------------------------
// Delivery against a fake server

namespace {

// Answers like POST /v1/submissions would, using the real envelope and receipt code. Tests
// set `script` to override the next answers (one per call), or `transport_error`.
class FakeServer final : public SubmissionTransport {
 public:
  explicit FakeServer(ServerSide& side) : side_(&side) {}

  Result<std::string> fetch_keys() override {
    ++key_fetches;
    if (transport_error) return vrs::fail(*transport_error);
    return format_server_keys(side_->keys());
  }

  Result<HttpResponse> post_envelope(std::string_view envelope) override {
    ++posts;
    if (on_post) on_post(envelope);
    if (transport_error) return vrs::fail(*transport_error);
    if (!script.empty()) {
      auto next = script.front();
      script.erase(script.begin());
      if (next.status != 0) return next;
    }
    auto parsed = schema::parse_envelope(envelope);
    if (!parsed) return problem(400, "envelope_malformed");
    const crypto::BoxKeyPair* box = nullptr;
    for (std::size_t i = 0; i < side_->boxes.size(); ++i) {
      if (schema::sealing_key_id(side_->boxes[i].public_key()) == parsed->key_id && !retired.count(i)) box = &side_->boxes[i];
    }
    if (box == nullptr) return problem(400, "envelope_unknown_key");
    auto opened = schema::open_envelope(*parsed, *box, ServerSide::kServerId);
    if (!opened) return problem(400, std::string(schema::to_string(opened.error().failure)));
    auto batch = schema::decode_batch(opened->payload, schema::Date{2026, 11, 23});
    if (!batch) return problem(422, "batch_invalid");
    last_payload = opened->payload;
    schema::Receipt r;
    r.submission_id = batch->submission_id;
    r.member = batch->member;
    r.payload_sha256 = crypto::to_hex(opened->payload_sha256);
    r.audit_seq = ++audit_seq;
    r.server_time = "2026-11-23T10:00:01.000Z";
    r.key_id = schema::receipt_key_id(side_->receipt_keys[side_->current_receipt].public_key());
    for (const auto& rec : batch->records) r.records.push_back(schema::ReceiptRecord{rec.ref, 1, "active"});
    if (tamper_receipt) tamper_receipt(r);
    return HttpResponse{201, "application/json", side_->sign(r), std::nullopt, std::nullopt};
  }

  Result<std::string> get(std::string_view) override { return vrs::fail(ErrorCode::NotFound, "not in the fake"); }

  static HttpResponse problem(int status, const std::string& code, const std::string& errors = "[]") {
    return HttpResponse{status, "application/problem+json",
                        R"({"type":"about:blank","title":"x","status":)" + std::to_string(status) + R"(,"code":")" + code +
                            R"(","detail":"because","errors":)" + errors + "}", std::nullopt, std::nullopt};
  }

  std::vector<HttpResponse> script;  // status 0 = answer normally
  std::optional<vrs::Error> transport_error;
  std::set<std::size_t> retired;  // sealing keys the server no longer knows
  std::function<void(std::string_view)> on_post;
  std::function<void(schema::Receipt&)> tamper_receipt;
  std::string last_payload;
  int posts = 0;
  int key_fetches = 0;
  std::uint64_t audit_seq = 0;

 private:
  ServerSide* side_;
};

struct DeliveryFixture {
  Paths p;
  ServerSide side;
  FakeServer server{side};
  crypto::SigningKey signer = crypto::SigningKey::generate().value();
  fs::path keys_file = p.dir / "server-keys.json";
  ServerKeyCache cache{keys_file, server};
  Outbox outbox = p.open();

  OutboxEntry queue(const std::vector<std::string>& refs) {
    const auto s = submission(refs);
    REQUIRE(outbox.enqueue({s}, kNow));
    return outbox.find(s.submission_id).value().value();
  }
};

}  // namespace

TEST_CASE("delivery seals, commits the envelope before posting, and stores the verified receipt") {
  DeliveryFixture f;
  const auto entry = f.queue({"AUS-ABF-1", "AUS-ABF-2"});
  bool checked = false;
  f.server.on_post = [&](std::string_view envelope) {
    // Another connection sees the envelope already committed when the POST goes out.
    auto other = Outbox::open(f.p.db, f.p.key, Outbox::Mode::OpenExisting).value();
    const auto seen = other.find(entry.submission_id).value().value();
    CHECK(seen.state == EnvelopeState::Queued);
    CHECK(seen.envelope == std::optional<std::string>(std::string(envelope)));
    CHECK(seen.key_id == std::optional<std::string>(schema::sealing_key_id(f.side.boxes[0].public_key())));
    checked = true;
  };
  Delivery delivery(f.outbox, f.server, f.cache, f.signer);
  auto result = delivery.deliver(entry, kNow);
  REQUIRE(result);
  CHECK(checked);
  CHECK(result->outcome == DeliveryOutcome::Sent);
  REQUIRE(result->receipt);
  CHECK(result->receipt->audit_seq == 1);
  CHECK_FALSE(delivery.stop_reason());
  CHECK(f.server.last_payload == entry.payload);
  CHECK(f.outbox.find(entry.submission_id).value()->state == EnvelopeState::Sent);
  CHECK(f.outbox.receipts().value().size() == 1);
  // The keys were fetched once and cached in the profile, world-readable (public keys).
  CHECK(f.server.key_fetches == 1);
  CHECK(mode_of(f.keys_file) == 0644);
  CHECK(ServerKeyCache::load(f.keys_file).value() == f.side.keys());
}

TEST_CASE("envelope_unknown_key refreshes the keys and re-seals the stored payload to the new key") {
  DeliveryFixture f;
  const auto entry = f.queue({"AUS-ABF-1"});
  REQUIRE(f.cache.get());  // cached: only the first key
  f.side.rotate_sealing();
  f.server.retired.insert(0);
  std::vector<std::string> posted;
  f.server.on_post = [&](std::string_view envelope) { posted.emplace_back(envelope); };
  Delivery delivery(f.outbox, f.server, f.cache, f.signer);
  auto result = delivery.deliver(entry, kNow);
  REQUIRE(result);
  CHECK(result->outcome == DeliveryOutcome::Sent);
  REQUIRE(posted.size() == 2);
  CHECK(schema::parse_envelope(posted[0]).value().key_id == schema::sealing_key_id(f.side.boxes[0].public_key()));
  CHECK(schema::parse_envelope(posted[1]).value().key_id == schema::sealing_key_id(f.side.boxes[1].public_key()));
  CHECK(f.server.key_fetches == 2);
  // Same payload, so the receipt covers the same hash.
  CHECK(result->receipt->payload_sha256 == entry.payload_sha256);
}

TEST_CASE("a receipt signed with a rotated receipt key is accepted after one key refresh") {
  DeliveryFixture f;
  const auto entry = f.queue({"AUS-ABF-1"});
  REQUIRE(f.cache.get());
  f.side.rotate_receipt();
  Delivery delivery(f.outbox, f.server, f.cache, f.signer);
  auto result = delivery.deliver(entry, kNow);
  REQUIRE(result);
  CHECK(result->outcome == DeliveryOutcome::Sent);
  CHECK(f.server.key_fetches == 2);
  // Both receipt keys stay known (old receipts still verify).
  CHECK(ServerKeyCache::load(f.keys_file).value().receipt.size() == 2);
}

TEST_CASE("network errors and server trouble keep the entry queued with backoff and stop the run") {
  DeliveryFixture f;
  const auto entry = f.queue({"AUS-ABF-1"});
  std::string reason;
  SECTION("server unreachable") {
    REQUIRE(f.cache.get());
    f.server.transport_error = vrs::Error(ErrorCode::Unavailable, "cannot connect to 127.0.0.1:1: Connection refused");
    reason = "Connection refused";
  }
  SECTION("keys cannot be fetched") {
    f.server.transport_error = vrs::Error(ErrorCode::DeadlineExceeded, "connecting to 127.0.0.1:1 timed out");
    reason = "cannot get the server's keys";
  }
  SECTION("503") {
    f.server.script = {FakeServer::problem(503, "too_many_connections")};
    reason = "HTTP 503 too_many_connections";
  }
  SECTION("429") {
    f.server.script = {FakeServer::problem(429, "rate_limited")};
    reason = "HTTP 429 rate_limited";
  }
  SECTION("500") {
    f.server.script = {FakeServer::problem(500, "internal")};
    reason = "HTTP 500 internal";
  }
  Delivery delivery(f.outbox, f.server, f.cache, f.signer);
  auto result = delivery.deliver(entry, kNow);
  REQUIRE(result);
  CHECK(result->outcome == DeliveryOutcome::Queued);
  CHECK_THAT(result->reason, Catch::Contains(reason));
  CHECK(result->attempts == 1);
  CHECK(result->next_attempt_at == "2026-11-23T10:00:15.000Z");
  REQUIRE(delivery.stop_reason());
  const auto after = f.outbox.find(entry.submission_id).value().value();
  CHECK(after.state == EnvelopeState::Queued);
  CHECK(after.payload == entry.payload);
  CHECK(f.outbox.receipts().value().empty());
}

TEST_CASE("a connection dropped under a POST is retried once at once (submissions are idempotent)") {
  DeliveryFixture f;
  const auto entry = f.queue({"AUS-ABF-1"});
  REQUIRE(f.cache.get());
  int calls = 0;
  f.server.on_post = [&](std::string_view) {
    if (++calls == 1) {
      f.server.transport_error = vrs::Error(ErrorCode::Unavailable, "connection reset");
    } else {
      f.server.transport_error.reset();
    }
  };
  Delivery delivery(f.outbox, f.server, f.cache, f.signer);
  auto result = delivery.deliver(entry, kNow);
  REQUIRE(result);
  CHECK(result->outcome == DeliveryOutcome::Sent);
  CHECK(f.server.posts == 2);
}

TEST_CASE("rejections that cannot succeed on retry mark the entry failed with the problem") {
  DeliveryFixture f;
  const auto entry = f.queue({"AUS-ABF-1", "AUS-ABF-2"});
  std::string must;
  std::string must_not = "\"XYZ\"";
  SECTION("409 version_conflict names the ref and the server's message") {
    f.server.script = {FakeServer::problem(
        409, "version_conflict", R"j([{"path":"records[1].base_version","value":"2","message":"version 2 is not the latest (3)"}])j")};
    must = "HTTP 409 version_conflict: because; records[1] (ref AUS-ABF-2).base_version: version 2 is not the latest (3)";
  }
  SECTION("422 batch_invalid lists paths, never values") {
    f.server.script = {FakeServer::problem(
        422, "batch_invalid",
        R"j([{"path":"records[0].migrants[0].nationality","value":"\"XYZ\"","message":"\"XYZ\" is not an ISO 3166-1 alpha-3 code"}])j")};
    must = "HTTP 422 batch_invalid: because; records[0] (ref AUS-ABF-1).migrants[0].nationality";
  }
  SECTION("403 signer_mismatch") {
    f.server.script = {FakeServer::problem(403, "signer_mismatch")};
    must = "HTTP 403 signer_mismatch: because";
  }
  SECTION("409 submission_conflict") {
    f.server.script = {FakeServer::problem(409, "submission_conflict")};
    must = "HTTP 409 submission_conflict";
  }
  Delivery delivery(f.outbox, f.server, f.cache, f.signer);
  auto result = delivery.deliver(entry, kNow);
  REQUIRE(result);
  CHECK(result->outcome == DeliveryOutcome::Failed);
  CHECK_THAT(result->reason, Catch::Contains(must));
  CHECK_THAT(result->reason, !Catch::Contains(must_not));
  CHECK_FALSE(delivery.stop_reason());
  const auto after = f.outbox.find(entry.submission_id).value().value();
  CHECK(after.state == EnvelopeState::Failed);
  CHECK(after.last_error == result->reason);
}

TEST_CASE("a receipt that does not match is not stored and the entry stays queued") {
  DeliveryFixture f;
  const auto entry = f.queue({"AUS-ABF-1"});
  f.server.tamper_receipt = [](schema::Receipt& r) { r.payload_sha256 = std::string(64, '0'); };
  Delivery delivery(f.outbox, f.server, f.cache, f.signer);
  auto result = delivery.deliver(entry, kNow);
  REQUIRE(result);
  CHECK(result->outcome == DeliveryOutcome::Queued);
  CHECK_THAT(result->reason, Catch::StartsWith("receipt rejected: ") && Catch::Contains("another payload SHA-256"));
  CHECK_FALSE(delivery.stop_reason());
  CHECK(f.outbox.find(entry.submission_id).value()->state == EnvelopeState::Queued);
  CHECK(f.outbox.receipts().value().empty());
  // The next attempt re-sends the stored envelope and accepts the (now good) receipt.
  f.server.tamper_receipt = nullptr;
  auto retried = delivery.deliver(f.outbox.find(entry.submission_id).value().value(), kNow + std::chrono::minutes(1));
  REQUIRE(retried);
  CHECK(retried->outcome == DeliveryOutcome::Sent);
}

TEST_CASE("a submission another process sent meanwhile counts as sent, once") {
  DeliveryFixture f;
  const auto entry = f.queue({"AUS-ABF-1"});
  f.server.on_post = [&](std::string_view) {
    auto other = Outbox::open(f.p.db, f.p.key, Outbox::Mode::OpenExisting).value();
    REQUIRE(other.store_receipt(entry.submission_id, f.side.sign(f.side.receipt_for(entry)), f.side.keys(), kNow));
  };
  Delivery delivery(f.outbox, f.server, f.cache, f.signer);
  auto result = delivery.deliver(entry, kNow);
  REQUIRE(result);
  CHECK(result->outcome == DeliveryOutcome::Sent);
  CHECK(f.outbox.receipts().value().size() == 1);
  CHECK(f.outbox.find(entry.submission_id).value()->state == EnvelopeState::Sent);
}

TEST_CASE("max_attempts turns the last transient failure into failed") {
  DeliveryFixture f;
  const auto entry = f.queue({"AUS-ABF-1"});
  f.server.transport_error = vrs::Error(ErrorCode::Unavailable, "connection refused");
  Delivery delivery(f.outbox, f.server, f.cache, f.signer, DeliveryOptions{2});
  auto first = delivery.deliver(entry, kNow);
  REQUIRE(first);
  CHECK(first->outcome == DeliveryOutcome::Queued);
  auto second = delivery.deliver(f.outbox.find(entry.submission_id).value().value(), kNow + std::chrono::minutes(1));
  REQUIRE(second);
  CHECK(second->outcome == DeliveryOutcome::Failed);
  CHECK_THAT(second->reason, Catch::StartsWith("gave up after 2 attempts: "));
  CHECK(f.outbox.find(entry.submission_id).value()->state == EnvelopeState::Failed);
}

TEST_CASE("submission problems are classified and described") {
  auto [status, code, kind] = GENERATE(table<int, std::string, ProblemKind>({
      {400, "envelope_unknown_key", ProblemKind::UnknownKey},
      {400, "envelope_unopenable", ProblemKind::Permanent},
      {400, "signature_invalid", ProblemKind::Permanent},
      {403, "member_mismatch", ProblemKind::Permanent},
      {409, "version_conflict", ProblemKind::Permanent},
      {413, "payload_too_large", ProblemKind::Permanent},
      {422, "batch_invalid", ProblemKind::Permanent},
      {401, "unauthenticated", ProblemKind::Transient},
      {404, "not_found", ProblemKind::Transient},
      {408, "request_timeout", ProblemKind::Transient},
      {429, "rate_limited", ProblemKind::Transient},
      {500, "internal", ProblemKind::Transient},
      {503, "too_many_connections", ProblemKind::Transient},
  }));
  CAPTURE(status, code);
  const auto problem = parse_submission_problem(status, FakeServer::problem(status, code).body);
  CHECK(problem.code == code);
  CHECK(problem.detail == "because");
  CHECK(classify(problem) == kind);
  CHECK(describe_problem(problem, {}) == "HTTP " + std::to_string(status) + " " + code + ": because");
}

TEST_CASE("a problem body that is not JSON still yields the status") {
  const auto problem = parse_submission_problem(502, "<html>bad gateway</html>");
  CHECK(problem.code.empty());
  CHECK(classify(problem) == ProblemKind::Transient);
  CHECK(describe_problem(problem, {"A"}) == "HTTP 502");
}

TEST_CASE("a server's Retry-After lengthens the wait, within an hour, and never shortens it") {
  Paths p;
  auto outbox = p.open();
  const auto s = submission({"AUS-ABF-1"});
  REQUIRE(outbox.enqueue({s}, kNow));
  // Longer than the 15 s backoff: the server's word.
  auto busy = outbox.record_retry(s.submission_id, "HTTP 429 rate_limited", kNow, std::chrono::seconds(120));
  REQUIRE(busy);
  CHECK(busy->next_attempt_at == "2026-11-23T10:02:00.000Z");
  // Shorter than the backoff (30 s at the second attempt): the backoff.
  auto soon = outbox.record_retry(s.submission_id, "HTTP 503 too_many_connections", kNow, std::chrono::seconds(1));
  REQUIRE(soon);
  CHECK(soon->next_attempt_at == "2026-11-23T10:00:30.000Z");
  // A day: capped at an hour.
  auto day = outbox.record_retry(s.submission_id, "HTTP 503", kNow, std::chrono::seconds(86400));
  REQUIRE(day);
  CHECK(day->next_attempt_at == "2026-11-23T11:00:00.000Z");
}

TEST_CASE("a 429 with Retry-After keeps the entry queued until the time the server named") {
  DeliveryFixture f;
  const auto entry = f.queue({"AUS-ABF-1"});
  auto busy = FakeServer::problem(429, "rate_limited");
  busy.retry_after = std::chrono::seconds(300);
  f.server.script.push_back(busy);
  Delivery delivery(f.outbox, f.server, f.cache, f.signer, DeliveryOptions{});
  auto result = delivery.deliver(entry, kNow);
  REQUIRE(result);
  CHECK(result->outcome == DeliveryOutcome::Queued);
  CHECK(result->next_attempt_at == "2026-11-23T10:05:00.000Z");
  CHECK(f.outbox.due(kNow + std::chrono::seconds(299), false).value().empty());
  CHECK(f.outbox.due(kNow + std::chrono::seconds(300), false).value().size() == 1);
}
