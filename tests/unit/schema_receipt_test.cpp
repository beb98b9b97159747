// vrs/schema/receipt.hpp: signing, verification, and refusal of altered or malformed receipts.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "vrs/crypto/init.hpp"
#include "vrs/schema/envelope.hpp"
#include "vrs/schema/receipt.hpp"

using namespace vrs::schema;
namespace crypto = vrs::crypto;

namespace {

Receipt sample(const crypto::SigningKey& key) {
  Receipt r;
  r.submission_id = "1b4e28ba-2fa1-4d2e-883f-0016d3cca427";
  r.member = "AUS-ABF";
  r.payload_sha256 = std::string(64, 'a');
  r.audit_seq = 42;
  r.server_time = "2026-11-23T10:00:01.234Z";
  r.key_id = receipt_key_id(key.public_key());
  r.records = {{"AUS-ABF-1", 1, "active"}, {"AUS-ABF-2", 3, "withdrawn"}};
  return r;
}

}  // namespace

TEST_CASE("a signed receipt verifies under the server key and round-trips") {
  REQUIRE(crypto::init());
  const auto key = crypto::SigningKey::generate().value();
  const auto r = sample(key);
  auto wire = sign_receipt(r, key);
  REQUIRE(wire);
  auto back = verify_receipt(*wire, key.public_key());
  REQUIRE(back);
  CHECK(*back == r);
  CHECK(parse_receipt(*wire).value() == r);
  CHECK(receipt_canonical(r).find("\"format\":\"vrs.receipt/1\"") != std::string::npos);
  CHECK(r.key_id.rfind("ed25519-", 0) == 0);
  CHECK(r.key_id.size() == 8 + 16);
}

TEST_CASE("an altered receipt or another key fails verification as unauthenticated") {
  REQUIRE(crypto::init());
  const auto key = crypto::SigningKey::generate().value();
  const auto other = crypto::SigningKey::generate().value();
  const auto wire = sign_receipt(sample(key), key).value();
  auto wrong_key = verify_receipt(wire, other.public_key());
  REQUIRE_FALSE(wrong_key);
  CHECK(wrong_key.error().code() == vrs::ErrorCode::Unauthenticated);

  auto v = boost::json::parse(wire).as_object();
  auto edit = [&](auto change) {
    auto copy = v;
    change(copy["receipt"].as_object());
    return boost::json::serialize(copy);
  };
  for (const auto& altered : {edit([](boost::json::object& o) { o["audit_seq"] = 43; }),
                              edit([](boost::json::object& o) { o["member"] = "IDN-POLRI"; }),
                              edit([](boost::json::object& o) {
                                o["records"].as_array()[0].as_object()["version"] = 2;
                              })}) {
    auto r = verify_receipt(altered, key.public_key());
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == vrs::ErrorCode::Unauthenticated);
  }
}

TEST_CASE("malformed receipts are refused naming the problem") {
  REQUIRE(crypto::init());
  const auto key = crypto::SigningKey::generate().value();
  const auto wire = sign_receipt(sample(key), key).value();
  auto v = boost::json::parse(wire).as_object();
  auto with = [&](auto change) {
    auto copy = v;
    change(copy);
    return boost::json::serialize(copy);
  };
  const std::pair<std::string, std::string> cases[] = {
      {"nope", "receipt: invalid JSON"},
      {"{}", "expected {\"receipt\""},
      {with([](boost::json::object& o) { o["signature"] = "AAAA"; }), "64 bytes"},
      {with([](boost::json::object& o) { o["x"] = 1; }), "expected {\"receipt\""},
      {with([](boost::json::object& o) { o["receipt"].as_object()["format"] = "vrs.receipt/2"; }), "format must be"},
      {with([](boost::json::object& o) { o["receipt"].as_object()["extra"] = true; }), "unknown field \"extra\""},
      {with([](boost::json::object& o) { o["receipt"].as_object()["audit_seq"] = -1; }), "audit_seq must be"},
      {with([](boost::json::object& o) { o["receipt"].as_object().erase("member"); }), "member must be a string"},
      {with([](boost::json::object& o) { o["receipt"].as_object()["records"] = 5; }), "records must be an array"},
      {with([](boost::json::object& o) { o["receipt"].as_object()["records"].as_array()[0] = 5; }), "records[] must be"},
  };
  for (const auto& [text, message] : cases) {
    INFO(text);
    auto r = verify_receipt(text, key.public_key());
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == vrs::ErrorCode::InvalidArgument);
    CHECK(r.error().message().find(message) != std::string::npos);
  }
  CHECK_FALSE(parse_receipt(std::string(kMaxReceiptBytes + 1, ' ')));
}
