// vrs/schema/envelope.hpp: batch encoding/decoding, sealing, opening, and the failure of every
// kind of tampering; the documented test vector (docs/envelope.md).
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/init.hpp"
#include "vrs/crypto/random.hpp"
#include "vrs/schema/envelope.hpp"
#include "vrs/schema/json_codec.hpp"

// docs/envelope.md "Test vector": signer seed 01..20, X25519 secret 40..5f, batch_of(1).
#define VECTOR_SIGNER_PK "79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664"
#define VECTOR_BOX_PK "79a631eede1bf9c98f12032cdeadd0e7a079398fc786b88cc846ec89af85a51a"
#define VECTOR_KEY_ID "x25519-67ca2ffd6fe9efab"
#define VECTOR_PAYLOAD_SHA256 "f0820f57f89044a7cdb545cddbca1c05789db781cd0b89657d796cd4cb33b088"
#define VECTOR_SIGNATURE_V2 "084c3b3015ac4773ffc87c32cfa791b8e5435226b7aee76c7953fd84ba34f94c06aa9ed8112750d0385f00e95113881f872059b19f23a814e39f4a9d7f34320c"
#define VECTOR_SIGNATURE "a91e141384e413fe7bada9d50858d7f493499a7f88d3461a4a00c1b57ae6e9180efbeb53c872410e0a42de766617564ff0b994a5cda17eba811a0094d8617b05"
#define VECTOR_ENVELOPE R"({"format":"vrs.envelope/1","key_id":"x25519-67ca2ffd6fe9efab","sealed":"S6YyiExiuis8fpr1A/fG1+6aiGe4jVyu6aW+pPT5dE2dtGu6xbTQmAPavn+dKD5OjtQVMhJCWk6fiKPx1+3zZb4qjcRIAdLBCvoswCNcunSHTBwVEnpWWOl39ycsFXG9RezKZjYS3GL2SKc9SqpZ640Apyg9z3Ih9AYEqnTAaOgN3QFeh96EkDqVwtlfiDdowIbCH8j7dnWuWDfauZMl4uSUjLS/E2IZwzDC6MQ8uS9qLZhmdp3DW7kTFvXGhKh154mlAD4gTNlmFpBpGDqS5EE3HIgrs1Zlh5AKYROa+Cx/RYfwf+KML05O2Z/nxM3hOGc9FE9JlJzQlSeqWDEbVeQ7qTn8Jox6Tfmuo5x/gep+LN3rm8Hg8TV/iMrp8vqmT9VPiziBkTo5zIvl0+ddgQYBB2675mOiruLzbEizkYst9c6dBveqBO/3L4RYq0IPCLdY5ubWPHMCdfO7mCbVxjQukDkZhpdts6dBKKMiDXUzy7fpYRRbh1alpK1T9mcf411o3DIzksbZ++6SU42gMIwDIQhVlEdthKsN4Yrz+yRqxhlK9+AP6lBMP/ZzLCp+yy86HCm/ZE/5APh2azdAGKAmIByRMwj2Gt9om22iSId+ypm4g3iSxJ/AkL4ZdUnudzWeOnIO5BD7rXUazQLgv3jkN3qJTboQYSsXh+H+Y3o9OBgzpDAP3UbWo0+yhAQNUUhwMYxQmakOFSds62i+FxUCI3Yy6IiU1zzcOd5Vxs5zIk2gasHlatS5QdcphSEYO+A4buh/KNYvUEfXi+dyEC7xj0Gp/Sk4XLup3KGbe/BpzT0knFQoy2hk/fH8SiLRelnnBZhXDbvJJj2XBhaP+NgVvNrlU6IXx9NyvWIrSupPLuf7tKVQTCAhmj+xKyH/6qNdH5g4Y9nslo1Z+lb/7xs0oCecAMWftujrPxCGNr8NGxHmt4UxjQVtTuzXwZ60OD+S1YTCuPsBFb/ZmWrqORrHjVSz7Ov+24WKCAeVhqwMDqAzDQh9W+mYicjjKsZirtAQ/wT+60v3g8nfC9YUbWvBewvhBwCytm6TJzIMyMGx1JlWAA3TtYFcf8V+YuTOo/Wv2gOSk4GGeP/rFgu46XwUPLW6QhXtX9pW2qXDh5uvyesdSEpBMBWZFwhwyC6FAS/egw060nNixpM5OodVCwe8ybk4VbZnpDD3+lzfkWMZ2fSGfuXnz7vi5a9m2O+cPvsr8amL03qe4xr7cdkLbbu8SdqBwWWVlhSyfSUbUyTHO5YZjETY8QftsPEeHU/6QstuU90CUykGtA=="})"

using namespace vrs::schema;
namespace crypto = vrs::crypto;

namespace {

const char* kRecord = R"({"ref":"AUS-ABF-1","date":"2024-05-03","conduct":["smuggling"],
  "detection":{"country":"AUS","location":"at_sea"},
  "route":[{"country":"IDN","role":"origin","mode":"sea"},{"country":"AUS","role":"destination","mode":"sea"}],
  "migrants":[{"nationality":"AFG","sex":"male","age":"adult","count":12}],
  "fees":[{"amount":6000,"currency":"USD","per":"person","covers":"full_journey"}]})";

Incident record(const std::string& ref) {
  auto r = decode_incident(kRecord).value();
  r.ref = ref;
  return r;
}

Batch batch_of(std::size_t n) {
  Batch b{"1b4e28ba-2fa1-4d2e-883f-0016d3cca427", "2026-11-23T10:00:00.000Z", "AUS-ABF", {}};
  for (std::size_t i = 0; i < n; ++i) b.records.push_back(record("AUS-ABF-" + std::to_string(i)));
  return b;
}

const Date kToday{2026, 11, 23};

crypto::SigningKey fixed_signer() {
  crypto::Bytes seed(32);
  for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(i + 1);
  return crypto::SigningKey::from_seed(seed).value();
}

crypto::BoxKeyPair fixed_box() {
  crypto::Bytes secret(32);
  for (std::size_t i = 0; i < secret.size(); ++i) secret[i] = static_cast<std::uint8_t>(0x40 + i);
  return crypto::BoxKeyPair::from_secret(secret).value();
}

ParsedEnvelope parsed(const std::string& body) { return parse_envelope(body).value(); }

// The server identity the tests seal for (GET /v1/keys server_id).
constexpr std::string_view kServer = "vrs-1b4e28ba-2fa1-4d2e-883f-0016d3cca427";

std::string with_sealed(const std::string& key_id, const crypto::Bytes& sealed) {
  boost::json::object o;
  o["format"] = "vrs.envelope/1";
  o["key_id"] = key_id;
  o["sealed"] = crypto::to_base64(sealed);
  return boost::json::serialize(o);
}

}  // namespace

TEST_CASE("a sealed batch opens with the server key and decodes to the same records") {
  REQUIRE(crypto::init());
  const auto signer = crypto::SigningKey::generate().value();
  const auto box = crypto::BoxKeyPair::generate().value();
  const auto batch = batch_of(3);
  const auto payload = encode_batch(batch);
  const auto id = sealing_key_id(box.public_key());
  auto body = seal_envelope(payload, signer, id, box.public_key(), kServer);
  REQUIRE(body);
  CHECK(body->find(payload.substr(0, 20)) == std::string::npos);  // nothing readable
  auto env = parse_envelope(*body);
  REQUIRE(env);
  CHECK(env->key_id == id);
  auto opened = open_envelope(*env, box, kServer);
  REQUIRE(opened);
  CHECK(opened->payload == payload);
  CHECK(opened->signer == signer.public_key());
  CHECK(opened->payload_sha256 == crypto::sha256(crypto::as_bytes(payload)));
  auto decoded = decode_batch(opened->payload, kToday);
  REQUIRE(decoded);
  CHECK(decoded->submission_id == batch.submission_id);
  CHECK(decoded->member == "AUS-ABF");
  CHECK(decoded->records == batch.records);
  CHECK(encode_batch(*decoded) == payload);
}

TEST_CASE("one flipped bit anywhere in the sealed bytes is refused as unopenable") {
  REQUIRE(crypto::init());
  const auto signer = crypto::SigningKey::generate().value();
  const auto box = crypto::BoxKeyPair::generate().value();
  const auto payload = encode_batch(batch_of(1));
  auto env = parsed(seal_envelope(payload, signer, "k1", box.public_key(), kServer).value());
  const std::size_t bits = env.sealed.size() * 8;
  std::size_t refused = 0;
  for (std::size_t bit = 0; bit < bits; bit += (bit < 2048 ? 1 : 7)) {
    auto tampered = env;
    tampered.sealed[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    auto r = open_envelope(tampered, box, kServer);
    REQUIRE_FALSE(r);
    CHECK(r.error().failure == EnvelopeFailure::Unopenable);
    ++refused;
  }
  CHECK(refused > 2048);
  // Truncated and extended boxes too.
  auto shorter = env;
  shorter.sealed.pop_back();
  CHECK(open_envelope(shorter, box, kServer).error().failure == EnvelopeFailure::Unopenable);
  auto longer = env;
  longer.sealed.push_back(0);
  CHECK(open_envelope(longer, box, kServer).error().failure == EnvelopeFailure::Unopenable);
}

TEST_CASE("an envelope sealed to another key does not open") {
  REQUIRE(crypto::init());
  const auto signer = crypto::SigningKey::generate().value();
  const auto ours = crypto::BoxKeyPair::generate().value();
  const auto theirs = crypto::BoxKeyPair::generate().value();
  auto env = parsed(seal_envelope(encode_batch(batch_of(1)), signer, "k1", theirs.public_key(), kServer).value());
  auto r = open_envelope(env, ours, kServer);
  REQUIRE_FALSE(r);
  CHECK(r.error().failure == EnvelopeFailure::Unopenable);
  CHECK(to_string(r.error().failure) == "envelope_unopenable");
}

TEST_CASE("a payload whose signature does not verify is refused as signature_invalid") {
  REQUIRE(crypto::init());
  const auto signer = crypto::SigningKey::generate().value();
  const auto other = crypto::SigningKey::generate().value();
  const auto box = crypto::BoxKeyPair::generate().value();
  const auto payload = encode_batch(batch_of(1));
  const auto sig = other.sign(crypto::as_bytes(payload)).value();  // signed by another key
  crypto::Bytes plain{'V', 'R', 'S', '1'};
  for (auto b : signer.public_key()) plain.push_back(b);             // but claims `signer`
  for (auto b : sig) plain.push_back(b);
  for (char c : payload) plain.push_back(static_cast<std::uint8_t>(c));
  auto env = parsed(with_sealed("k1", crypto::seal(box.public_key(), plain).value()));
  auto r = open_envelope(env, box, kServer);
  REQUIRE_FALSE(r);
  CHECK(r.error().failure == EnvelopeFailure::BadSignature);
  CHECK(to_string(r.error().failure) == "signature_invalid");

  // A payload changed after signing (re-sealed by someone holding the server's public key).
  auto good = signer.sign(crypto::as_bytes(payload)).value();
  std::string changed = payload;
  changed[changed.find("\"count\":12")+9] = '3';
  crypto::Bytes plain2{'V', 'R', 'S', '1'};
  for (auto b : signer.public_key()) plain2.push_back(b);
  for (auto b : good) plain2.push_back(b);
  for (char c : changed) plain2.push_back(static_cast<std::uint8_t>(c));
  auto env2 = parsed(with_sealed("k1", crypto::seal(box.public_key(), plain2).value()));
  CHECK(open_envelope(env2, box, kServer).error().failure == EnvelopeFailure::BadSignature);
}

TEST_CASE("an opened box without the VRS1 header is refused") {
  REQUIRE(crypto::init());
  const auto box = crypto::BoxKeyPair::generate().value();
  for (const std::string& plain : {std::string("VRS1"), std::string(200, 'x'), std::string("VRS2") + std::string(200, 'x')}) {
    auto env = parsed(with_sealed("k1", crypto::seal(box.public_key(), crypto::as_bytes(plain)).value()));
    auto r = open_envelope(env, box, kServer);
    REQUIRE_FALSE(r);
    CHECK(r.error().failure == EnvelopeFailure::BadPlaintext);
  }
}

TEST_CASE("malformed envelope bodies are refused naming the problem") {
  const std::pair<std::string, std::string> cases[] = {
      {"not json", "envelope: invalid JSON"},
      {"[]", "expected a JSON object"},
      {R"({"key_id":"k","sealed":"AAAA"})", "format is missing"},
      {R"({"format":"vrs.envelope/3","key_id":"k","sealed":"AAAA"})", "format must be"},
      {R"({"format":"vrs.envelope/1","sealed":"AAAA"})", "key_id is missing"},
      {R"({"format":"vrs.envelope/1","key_id":"","sealed":"AAAA"})", "key_id must be"},
      {R"({"format":"vrs.envelope/1","key_id":"k"})", "sealed is missing"},
      {R"({"format":"vrs.envelope/1","key_id":"k","sealed":"***"})", "not valid base64"},
      {R"({"format":"vrs.envelope/1","key_id":"k","sealed":7})", "sealed must be"},
      {R"({"format":"vrs.envelope/1","key_id":"k","sealed":"AAAA","x":1})", "unknown field \"x\""},
      {R"({"format":"vrs.envelope/1","key_id":"k","key_id":"j","sealed":"AAAA"})", "duplicate key"},
  };
  for (const auto& [body, message] : cases) {
    INFO(body);
    auto r = parse_envelope(body);
    REQUIRE_FALSE(r);
    CHECK(r.error().failure == EnvelopeFailure::Malformed);
    CHECK(r.error().detail.find(message) != std::string::npos);
  }
  auto huge = parse_envelope(std::string(kMaxEnvelopeBytes + 1, ' '));
  REQUIRE_FALSE(huge);
  CHECK(huge.error().detail.find("at most") != std::string::npos);
}

TEST_CASE("an invalid record in a batch of 1000 fails the batch naming the record and field") {
  auto batch = batch_of(1000);
  auto value = boost::json::parse(encode_batch(batch)).as_object();
  value["records"].as_array()[617].as_object()["migrants"].as_array()[0].as_object()["nationality"] = "XYZ";
  value["records"].as_array()[903].as_object()["date"] = "2031-01-01";
  auto r = decode_batch(boost::json::serialize(value), kToday);
  REQUIRE_FALSE(r);
  REQUIRE(r.error().size() == 2);
  CHECK(r.error()[0].path == "records[617].migrants[0].nationality");
  CHECK(r.error()[0].value == "\"XYZ\"");
  CHECK(r.error()[1].path == "records[903].date");
}

TEST_CASE("batch-level problems are all reported") {
  auto base = boost::json::parse(encode_batch(batch_of(2))).as_object();
  auto check = [&](boost::json::object o, const std::string& path, const std::string& message) {
    INFO(boost::json::serialize(o));
    auto r = decode_batch(boost::json::serialize(o), kToday);
    REQUIRE_FALSE(r);
    bool found = false;
    for (const auto& e : r.error()) found = found || (e.path == path && e.message.find(message) != std::string::npos);
    CHECK(found);
  };
  auto o = base;
  o["submission_id"] = "1B4E28BA-2FA1-4D2E-883F-0016D3CCA427";
  check(o, "submission_id", "version-4 UUID");
  o = base;
  o["submission_id"] = "1b4e28ba-2fa1-1d2e-883f-0016d3cca427";  // version 1
  check(o, "submission_id", "version-4 UUID");
  o = base;
  o["created_at"] = "yesterday";
  check(o, "created_at", "UTC time");
  o = base;
  o["member"] = "nobody";
  check(o, "member", "member id");
  o = base;
  o["format"] = "vrs.batch/0";
  check(o, "format", "vrs.batch/1");
  o = base;
  o.erase("format");
  check(o, "format", "missing");
  o = base;
  o.erase("records");
  check(o, "records", "missing");
  o = base;
  o["records"] = boost::json::array();
  check(o, "records", "at least one record");
  o = base;
  o["extra"] = 1;
  check(o, "extra", "unknown field");
  o = base;
  o["records"].as_array()[1].as_object()["ref"] = "AUS-ABF-0";
  check(o, "records[1].ref", "more than once");
  auto r = decode_batch("{\"format\":", kToday);
  REQUIRE_FALSE(r);
  CHECK(r.error()[0].path.empty());
}

TEST_CASE("a batch over the record limit is refused without decoding the records") {
  auto o = boost::json::parse(encode_batch(batch_of(1))).as_object();
  auto& records = o["records"].as_array();
  const auto one = records[0];
  records.clear();
  for (std::size_t i = 0; i <= kMaxBatchRecords; ++i) records.push_back(one);
  auto r = decode_batch(boost::json::serialize(o), kToday);
  REQUIRE_FALSE(r);
  REQUIRE(r.error().size() == 1);
  CHECK(r.error()[0].message == "5001 records; at most 5000 per batch");
}

TEST_CASE("seal_envelope refuses oversize payloads and bad key ids") {
  REQUIRE(crypto::init());
  const auto signer = crypto::SigningKey::generate().value();
  const auto box = crypto::BoxKeyPair::generate().value();
  CHECK_FALSE(seal_envelope(std::string(kMaxPayloadBytes + 1, 'x'), signer, "k", box.public_key(), kServer));
  CHECK_FALSE(seal_envelope("{}", signer, "", box.public_key(), kServer));
  CHECK_FALSE(seal_envelope("{}", signer, std::string(65, 'k'), box.public_key(), kServer));
}

TEST_CASE("uuid v4 shape") {
  CHECK(is_uuid_v4("1b4e28ba-2fa1-4d2e-883f-0016d3cca427"));
  CHECK(is_uuid_v4(vrs::crypto::random_uuid_v4()));
  CHECK_FALSE(is_uuid_v4("1b4e28ba-2fa1-4d2e-c83f-0016d3cca427"));  // variant
  CHECK_FALSE(is_uuid_v4("1b4e28ba2fa14d2e883f0016d3cca427"));
  CHECK_FALSE(is_uuid_v4(""));
}

TEST_CASE("the documented test vector (docs/envelope.md) still holds") {
  REQUIRE(crypto::init());
  const auto signer = fixed_signer();
  const auto box = fixed_box();
  Batch b = batch_of(1);
  const auto payload = encode_batch(b);
  CHECK(crypto::to_hex(signer.public_key()) == VECTOR_SIGNER_PK);
  CHECK(crypto::to_hex(box.public_key()) == VECTOR_BOX_PK);
  CHECK(sealing_key_id(box.public_key()) == VECTOR_KEY_ID);
  CHECK(crypto::to_hex(crypto::sha256(crypto::as_bytes(payload))) == VECTOR_PAYLOAD_SHA256);
  CHECK(crypto::to_hex(signer.sign(crypto::as_bytes(payload)).value()) == VECTOR_SIGNATURE);
  auto opened = open_envelope(parsed(VECTOR_ENVELOPE), box, kServer);
  REQUIRE(opened);
  CHECK(opened->payload == payload);
}

TEST_CASE("a version 2 signature binds the server and the sealing key: a batch resealed elsewhere is refused") {
  REQUIRE(crypto::init());
  const auto signer = crypto::SigningKey::generate().value();
  const auto a = crypto::BoxKeyPair::generate().value();
  const auto b = crypto::BoxKeyPair::generate().value();
  const auto payload = encode_batch(batch_of(1));
  const auto id_a = sealing_key_id(a.public_key());
  const auto id_b = sealing_key_id(b.public_key());
  auto env = parsed(seal_envelope(payload, signer, id_a, a.public_key(), kServer).value());
  CHECK(env.version == 2);
  auto opened = open_envelope(env, a, kServer);
  REQUIRE(opened);
  CHECK(opened->version == 2);

  // Server A opens the box and reseals the very same signed plaintext, whole, elsewhere.
  const auto plain = a.open(env.sealed).value();
  const auto reseal = [&](const crypto::BoxKeyPair& to, const std::string& key_id, std::string_view format) {
    boost::json::object o;
    o["format"] = format;
    o["key_id"] = key_id;
    o["sealed"] = crypto::to_base64(crypto::seal(to.public_key(), plain).value());
    return parsed(boost::json::serialize(o));
  };
  // Another VRS instance (another server_id) with the member's key registered: refused.
  auto other_server = open_envelope(reseal(b, id_b, "vrs.envelope/2"), b, "vrs-another-instance");
  REQUIRE_FALSE(other_server);
  CHECK(other_server.error().failure == EnvelopeFailure::BadSignature);
  // The same server, another sealing key id: refused.
  auto other_key = open_envelope(reseal(b, id_b, "vrs.envelope/2"), b, kServer);
  REQUIRE_FALSE(other_key);
  CHECK(other_key.error().failure == EnvelopeFailure::BadSignature);
  // Passed off as version 1 (no binding): the plaintext says VRS2, so it is refused.
  auto downgraded = open_envelope(reseal(b, id_b, "vrs.envelope/1"), b, kServer);
  REQUIRE_FALSE(downgraded);
  CHECK(downgraded.error().failure == EnvelopeFailure::BadPlaintext);
  // A server id that would change the signed bytes' framing is refused when sealing.
  CHECK_FALSE(seal_envelope(payload, signer, id_a, a.public_key(), ""));
  CHECK_FALSE(seal_envelope(payload, signer, id_a, a.public_key(), std::string("a\0b", 3)));
  CHECK_FALSE(seal_envelope(payload, signer, id_a, a.public_key(), std::string(65, 's')));
}

TEST_CASE("a version 1 envelope still opens (the server decides whether to accept it), and v1 inside v2 does not") {
  REQUIRE(crypto::init());
  const auto signer = crypto::SigningKey::generate().value();
  const auto box = crypto::BoxKeyPair::generate().value();
  const auto payload = encode_batch(batch_of(1));
  auto v1 = parsed(seal_envelope_v1(payload, signer, "k1", box.public_key()).value());
  CHECK(v1.version == 1);
  auto opened = open_envelope(v1, box, kServer);
  REQUIRE(opened);
  CHECK(opened->version == 1);
  CHECK(opened->payload == payload);
  auto as_v2 = v1;
  as_v2.version = 2;
  auto r = open_envelope(as_v2, box, kServer);
  REQUIRE_FALSE(r);
  CHECK(r.error().failure == EnvelopeFailure::BadPlaintext);
}

TEST_CASE("the documented version 2 signature (docs/envelope.md) still holds") {
  REQUIRE(crypto::init());
  const auto signer = fixed_signer();
  const auto payload = encode_batch(batch_of(1));
  const auto message = envelope_v2_message(kServer, VECTOR_KEY_ID, payload);
  CHECK(message.rfind(std::string("vrs.envelope/2\0", 15) + std::string(kServer) + '\0' + VECTOR_KEY_ID + '\0', 0) == 0);
  CHECK(crypto::to_hex(signer.sign(crypto::as_bytes(message)).value()) == VECTOR_SIGNATURE_V2);
  const auto box = fixed_box();
  auto sealed = seal_envelope(payload, signer, VECTOR_KEY_ID, box.public_key(), kServer).value();
  auto opened = open_envelope(parsed(sealed), box, kServer);
  REQUIRE(opened);
  CHECK(crypto::to_hex(opened->signature) == VECTOR_SIGNATURE_V2);
}
