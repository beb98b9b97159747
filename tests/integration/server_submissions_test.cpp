// Integration: signed, sealed submissions against the real server on 127.0.0.1 (docs/api.md,
// docs/envelope.md): receipts, idempotency, tampering, signer and member checks, validation of
// whole batches, versions (amend, withdraw, conflicts), roles, limits, concurrency.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <thread>

#include "submission_helpers.hpp"
#include "test_server.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/random.hpp"
#include "vrs/schema/envelope.hpp"
#include "vrs/schema/json_codec.hpp"
#include "vrs/schema/receipt.hpp"
#include "vrs/schema/synthetic.hpp"
#include "vrs/server/server_state.hpp"

using namespace vrs::test;
namespace json = boost::json;
namespace schema = vrs::schema;
namespace crypto = vrs::crypto;

namespace {

json::value errors_of(const HttpResponse& r) { return json::parse(r.body).at("errors"); }

}  // namespace

TEST_CASE("a submission is stored and answered with a receipt signed by the server") {
  TestServer s;
  Member aus(s, "AUS-ABF");
  auto b = batch("AUS-ABF", records("AUS", 3));
  auto r = aus.submit(b);
  INFO(r.body);
  REQUIRE(r.status == 201);
  auto receipt = schema::verify_receipt(r.body, aus.keys.receipt);
  REQUIRE(receipt);
  CHECK(receipt->submission_id == b.submission_id);
  CHECK(receipt->member == "AUS-ABF");
  CHECK(receipt->payload_sha256 == crypto::to_hex(crypto::sha256(crypto::as_bytes(schema::encode_batch(b)))));
  REQUIRE(receipt->records.size() == 3);
  CHECK(receipt->records[0] == schema::ReceiptRecord{b.records[0].ref, 1, "active"});
  CHECK(receipt->audit_seq > 0);

  auto list = json::parse(aus.get("/v1/submissions").body).as_object();
  REQUIRE(list.at("submissions").as_array().size() == 1);
  CHECK(list.at("submissions").as_array()[0].at("record_count") == 3);
  CHECK(list.at("submissions").as_array()[0].at("audit_seq") == receipt->audit_seq);
  CHECK(aus.get("/v1/submissions/" + b.submission_id).body == r.body);

  auto incident = aus.get("/v1/incidents/" + b.records[1].ref);
  REQUIRE(incident.status == 200);
  auto versions = json::parse(incident.body).at("versions").as_array();
  REQUIRE(versions.size() == 1);
  CHECK(versions[0].at("version") == 1);
  CHECK(versions[0].at("latest") == true);
  CHECK(schema::decode_incident_value(versions[0].at("record")).value() == b.records[1]);

  auto audit = one_request(s.port(), s.options(&s.admin()), "GET", "/v1/admin/audit?limit=1000");
  REQUIRE(audit);
  CHECK(audit->body.find("submission=" + b.submission_id + " records=3") != std::string::npos);
  CHECK(s.server().state().metrics.submissions("stored") == 1);
}

TEST_CASE("resending the same submission returns the same receipt and stores nothing twice") {
  TestServer s;
  Member aus(s, "AUS-ABF");
  auto b = batch("AUS-ABF", records("AUS", 2));
  auto first = aus.submit(b);
  REQUIRE(first.status == 201);
  auto again = aus.submit(b);  // sealed afresh: other ciphertext, same payload
  CHECK(again.status == 200);
  CHECK(again.body == first.body);
  CHECK(aus.submissions() == 1);
  auto incident = aus.get("/v1/incidents/" + b.records[0].ref);
  CHECK(json::parse(incident.body).at("versions").as_array().size() == 1);
}

TEST_CASE("the same submission id with another payload is 409 submission_conflict") {
  TestServer s;
  Member aus(s, "AUS-ABF");
  auto b = batch("AUS-ABF", records("AUS", 2));
  REQUIRE(aus.submit(b).status == 201);
  auto other = b;
  other.records.pop_back();
  auto r = aus.submit(other);
  CHECK(r.status == 409);
  CHECK(json_string(r.body, "code") == "submission_conflict");
  CHECK(aus.submissions() == 1);
}

TEST_CASE("tampered, unknown-key and malformed envelopes are refused with their codes") {
  TestServer s;
  Member aus(s, "AUS-ABF");
  auto b = batch("AUS-ABF", records("AUS", 1));
  auto env = json::parse(seal(b, *aus.who.signing, aus.keys)).as_object();
  auto sealed = crypto::from_base64(std::string(env["sealed"].as_string().c_str())).value();
  for (std::size_t bit : {std::size_t{0}, std::size_t{200}, sealed.size() * 8 / 2, sealed.size() * 8 - 1}) {
    auto copy = sealed;
    copy[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    auto tampered = env;
    tampered["sealed"] = crypto::to_base64(copy);
    auto r = aus.post(json::serialize(tampered));
    INFO(bit);
    CHECK(r.status == 400);
    CHECK(json_string(r.body, "code") == "envelope_unopenable");
  }
  auto unknown = env;
  unknown["key_id"] = "x25519-0000000000000000";
  auto r = aus.post(json::serialize(unknown));
  CHECK(r.status == 400);
  CHECK(json_string(r.body, "code") == "envelope_unknown_key");
  for (const std::string body : {"", "{}", "not json", R"({"format":"vrs.envelope/1","key_id":"k","sealed":"!!"})"}) {
    auto m = aus.post(body);
    INFO(body);
    CHECK(m.status == 400);
    CHECK(json_string(m.body, "code") == "envelope_malformed");
  }
  CHECK(aus.submissions() == 0);
  still_serves(s, aus.who);
}

TEST_CASE("an envelope signed for another VRS instance is refused: the signature binds the recipient") {
  TestServer s;
  Member aus(s, "AUS-ABF");
  // The member's own key, its own batch, sealed to this server's key, but signed for another
  // server: what an operator of another instance holding the member's opened batch could send.
  auto b = batch("AUS-ABF", records("AUS", 1));
  auto resealed = schema::seal_envelope(schema::encode_batch(b), *aus.who.signing, aus.keys.sealing_id, aus.keys.sealing,
                                        "vrs-another-instance");
  REQUIRE(resealed);
  auto r = aus.post(*resealed);
  CHECK(r.status == 400);
  CHECK(json_string(r.body, "code") == "signature_invalid");
  CHECK(aus.submissions() == 0);
  CHECK(aus.submit(b).status == 201);  // the same batch signed for this server
}

TEST_CASE("a version 1 envelope is accepted during its grace period and refused after it, naming the date") {
  auto b = batch("AUS-ABF", records("AUS", 1));
  SECTION("within the grace period") {
    TestServer s;
    Member aus(s, "AUS-ABF");
    auto v1 = schema::seal_envelope_v1(schema::encode_batch(b), *aus.who.signing, aus.keys.sealing_id, aus.keys.sealing);
    CHECK(aus.post(v1.value()).status == 201);
  }
  SECTION("after it") {
    TestServer s([](vrs::server::Config& c) { c.envelope.accept_v1_until = "2020-01-01"; });
    Member aus(s, "AUS-ABF");
    auto v1 = schema::seal_envelope_v1(schema::encode_batch(b), *aus.who.signing, aus.keys.sealing_id, aus.keys.sealing);
    auto r = aus.post(v1.value());
    CHECK(r.status == 400);
    CHECK(json_string(r.body, "code") == "envelope_version_retired");
    CHECK(json_string(r.body, "detail").find("2020-01-01") != std::string::npos);
    CHECK(aus.submissions() == 0);
    CHECK(aus.submit(b).status == 201);
  }
  SECTION("never") {
    TestServer s([](vrs::server::Config& c) { c.envelope.accept_v1_until = "never"; });
    Member aus(s, "AUS-ABF");
    auto v1 = schema::seal_envelope_v1(schema::encode_batch(b), *aus.who.signing, aus.keys.sealing_id, aus.keys.sealing);
    CHECK(json_string(aus.post(v1.value()).body, "code") == "envelope_version_retired");
  }
}

TEST_CASE("a batch signed with another member's key is 403 signer_mismatch") {
  TestServer s;
  Member aus(s, "AUS-ABF");
  Member idn(s, "IDN-POLRI");
  auto b = batch("AUS-ABF", records("AUS", 1));
  auto r = aus.post(seal(b, *idn.who.signing, aus.keys));  // AUS certificate, IDN signature
  CHECK(r.status == 403);
  CHECK(json_string(r.body, "code") == "signer_mismatch");
  auto theirs = batch("IDN-POLRI", records("IDN", 1));
  auto m = aus.post(seal(theirs, *aus.who.signing, aus.keys));  // own key, other member named
  CHECK(m.status == 403);
  CHECK(json_string(m.body, "code") == "member_mismatch");
  CHECK(aus.submissions() == 0);
  CHECK(idn.submissions() == 0);
}

TEST_CASE("one invalid record in a batch of 1000 stores nothing and names the record and field") {
  TestServer s;
  Member aus(s, "AUS-ABF");
  auto recs = records("AUS", 1000);
  recs[617].detection.country = "XYZ";
  recs[903].migrants.clear();
  recs[903].migrants.push_back({"AFG", vrs::schema::Sex::Male, vrs::schema::MigrantAge::Adult, 0, 0, {}});
  auto r = aus.submit(batch("AUS-ABF", recs));
  INFO(r.body.substr(0, 400));
  REQUIRE(r.status == 422);
  CHECK(json_string(r.body, "code") == "batch_invalid");
  auto errors = errors_of(r).as_array();
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].at("path") == "records[617].detection.country");
  CHECK(errors[0].at("value") == "\"XYZ\"");
  CHECK(errors[1].at("path") == "records[903].migrants[0].count");
  CHECK(aus.submissions() == 0);
  CHECK(aus.get("/v1/incidents/" + recs[0].ref).status == 404);
}

TEST_CASE("amendments name the latest version, withdrawals are tombstones, conflicts are 409") {
  TestServer s;
  Member aus(s, "AUS-ABF");
  auto rec = records("AUS", 1)[0];
  REQUIRE(aus.submit(batch("AUS-ABF", {rec})).status == 201);

  auto again = aus.submit(batch("AUS-ABF", {rec}));  // re-create without base_version
  CHECK(again.status == 409);
  CHECK(json_string(again.body, "code") == "version_conflict");
  CHECK(errors_of(again).at(0).at("path") == "records[0].ref");

  auto amended = rec;
  amended.base_version = 1;
  amended.harm.deaths = 2;
  auto r2 = aus.submit(batch("AUS-ABF", {amended}));
  REQUIRE(r2.status == 201);
  CHECK(schema::verify_receipt(r2.body, aus.keys.receipt)->records[0].version == 2);

  auto stale = aus.submit(batch("AUS-ABF", {amended}));  // base 1 again: stale
  CHECK(stale.status == 409);
  CHECK(errors_of(stale).at(0).at("path") == "records[0].base_version");
  CHECK(std::string(errors_of(stale).at(0).at("message").as_string().c_str()).find("latest version") !=
        std::string::npos);

  auto withdrawn = amended;
  withdrawn.base_version = 2;
  withdrawn.status = schema::RecordStatus::Withdrawn;
  auto r3 = aus.submit(batch("AUS-ABF", {withdrawn}));
  REQUIRE(r3.status == 201);
  CHECK(schema::verify_receipt(r3.body, aus.keys.receipt)->records[0] == schema::ReceiptRecord{rec.ref, 3, "withdrawn"});

  auto recreate = aus.submit(batch("AUS-ABF", {rec}));
  CHECK(recreate.status == 409);
  CHECK(std::string(errors_of(recreate).at(0).at("message").as_string().c_str()).find("withdrawn") != std::string::npos);

  auto unknown = records("AUS", 2, 99)[1];
  unknown.base_version = 4;
  auto u = aus.submit(batch("AUS-ABF", {unknown}));
  CHECK(u.status == 409);
  CHECK(errors_of(u).at(0).at("path") == "records[0].base_version");

  auto history = json::parse(aus.get("/v1/incidents/" + rec.ref).body).at("versions").as_array();
  REQUIRE(history.size() == 3);
  CHECK(history[0].at("latest") == false);
  CHECK(history[1].at("base_version") == 1);
  CHECK(history[1].at("record").at("harm").at("deaths") == 2);
  CHECK(history[2].at("status") == "withdrawn");
  CHECK(history[2].at("latest") == true);
}

TEST_CASE("a conflicting submission does not stop the others of its group commit") {
  TestServer s;
  Member aus(s, "AUS-ABF");
  auto rec = records("AUS", 1)[0];
  REQUIRE(aus.submit(batch("AUS-ABF", {rec})).status == 201);
  constexpr int kThreads = 8;
  std::vector<int> statuses(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Thread 0 re-creates the existing ref (conflict); the others send new records.
      auto recs = t == 0 ? std::vector<schema::Incident>{rec} : records("AUS", 20, 100 + static_cast<unsigned>(t));
      auto r = one_request(s.port(), s.options(&aus.who), "POST", "/v1/submissions",
                           seal(batch("AUS-ABF", recs), *aus.who.signing, aus.keys));
      statuses[static_cast<std::size_t>(t)] = r ? r->status : 0;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(statuses[0] == 409);
  for (int t = 1; t < kThreads; ++t) CHECK(statuses[static_cast<std::size_t>(t)] == 201);
  CHECK(aus.submissions() == kThreads);  // the first one + 7
}

TEST_CASE("members read only their own records and receipts") {
  TestServer s;
  Member aus(s, "AUS-ABF");
  Member idn(s, "IDN-POLRI");
  auto b = batch("AUS-ABF", records("AUS", 1));
  REQUIRE(aus.submit(b).status == 201);
  CHECK(idn.get("/v1/incidents/" + b.records[0].ref).status == 404);
  CHECK(idn.get("/v1/submissions/" + b.submission_id).status == 404);
  CHECK(idn.submissions() == 0);
  CHECK(aus.get("/v1/submissions/not-a-uuid").status == 404);
  CHECK(aus.get("/v1/submissions?limit=0").status == 400);
  CHECK(aus.get("/v1/submissions?bogus=1").status == 400);
}

TEST_CASE("only reporters submit and administrators read no incident data") {
  TestServer s;
  Member analyst(s, "THA-RSO", "analyst");
  auto b = batch("THA-RSO", records("THA", 1));
  auto r = analyst.submit(b);
  CHECK(r.status == 403);
  CHECK(json_string(r.body, "code") == "permission_denied");
  CHECK(analyst.get("/v1/submissions").status == 403);
  auto admin = one_request(s.port(), s.options(&s.admin()), "POST", "/v1/submissions", "{}");
  REQUIRE(admin);
  CHECK(admin->status == 403);
  auto admin_read = one_request(s.port(), s.options(&s.admin()), "GET", "/v1/incidents/AUS-1");
  REQUIRE(admin_read);
  CHECK(admin_read->status == 403);
  auto keys = one_request(s.port(), s.options(&s.admin()), "GET", "/v1/keys");
  REQUIRE(keys);
  CHECK(keys->status == 200);
}

TEST_CASE("submissions may exceed max_body_bytes up to max_submission_bytes, and no further") {
  TestServer s([](vrs::server::Config& c) {
    c.limits.max_body_bytes = 64 * 1024;
    c.limits.max_submission_bytes = 1024 * 1024;
  });
  Member aus(s, "AUS-ABF");
  auto big = batch("AUS-ABF", records("AUS", 150));
  const auto body = seal(big, *aus.who.signing, aus.keys);
  REQUIRE(body.size() > 64 * 1024);
  REQUIRE(body.size() < 1024 * 1024);
  CHECK(aus.post(body).status == 201);
  // A declared length over the limit is refused as soon as the headers are in (no body sent).
  TlsClient raw(s.port(), s.options(&aus.who));
  REQUIRE(raw.connect());
  REQUIRE(raw.write_raw("POST /v1/submissions HTTP/1.1\r\nHost: x\r\nContent-Length: 1048586\r\n\r\n"));
  auto huge = raw.read_response();
  REQUIRE(huge);
  CHECK(huge->status == 413);
  CHECK(json_string(huge->body, "code") == "payload_too_large");
  CHECK(huge->body.find("1048576 bytes") != std::string::npos);
  // Other routes keep the small limit (declared length refused after the headers; sending the
  // body too would race the server's close against the client's write).
  TlsClient admin(s.port(), s.options(&s.admin()));
  REQUIRE(admin.connect());
  REQUIRE(admin.write_raw("POST /v1/admin/members HTTP/1.1\r\nHost: x\r\nContent-Length: 71680\r\n\r\n"));
  auto other = admin.read_response();
  REQUIRE(other);
  CHECK(other->status == 413);
  CHECK(other->body.find("65536 bytes") != std::string::npos);
  still_serves(s, aus.who);
}

TEST_CASE("a ref with slashes, spaces and non-ASCII letters is stored and read back percent-encoded") {
  TestServer s;
  Member aus(s, "AUS-ABF");
  auto rec = records("AUS", 1)[0];
  rec.ref = "NSW/2024/117 b\xC3\xA9";
  REQUIRE(aus.submit(batch("AUS-ABF", {rec})).status == 201);
  auto r = aus.get("/v1/incidents/NSW%2F2024%2F117%20b%C3%A9");
  REQUIRE(r.status == 200);
  CHECK(std::string(json::parse(r.body).at("ref").as_string().c_str()) == rec.ref);
  CHECK(aus.get("/v1/incidents/NSW/2024/117%20b%C3%A9").status == 404);  // unescaped '/' is a path
  CHECK(aus.get("/v1/incidents/NSW%2F2024%2F117%00").status == 404);
}
