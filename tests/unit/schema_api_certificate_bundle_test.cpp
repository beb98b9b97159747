#include <catch2/catch.hpp>

#include <string>

#include <boost/json.hpp>

#include "vrs/schema/api/certificate_bundle.hpp"

namespace api = vrs::schema::api;
namespace json = boost::json;

namespace {

api::CertificateBundle sample() {
  api::CertificateBundle b;
  b.member_id = "AUS-ABF";
  b.role = "reporter";
  b.serial = "0a1b2c";
  b.fingerprint_sha256 = std::string(64, 'f');
  b.not_after = "2027-01-31T00:00:00Z";
  b.certificate = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
  b.ca_chain = "-----BEGIN CERTIFICATE-----\nBBBB\n-----END CERTIFICATE-----\n";
  return b;
}

constexpr const char* kFields[] = {"member_id", "role", "serial", "fingerprint_sha256", "not_after", "certificate",
                                   "ca_chain"};

}  // namespace

TEST_CASE("certificate bundle: compact JSON, members in a fixed order", "[schema][api]") {
  const auto text = api::to_json(sample());
  CHECK(text.rfind("{\"member_id\":\"AUS-ABF\",\"role\":\"reporter\",\"serial\":\"0a1b2c\",\"fingerprint_sha256\":\"", 0) == 0);
  CHECK(text.find("\"not_after\":\"2027-01-31T00:00:00Z\",\"certificate\":\"-----BEGIN CERTIFICATE-----\\nAAAA") !=
        std::string::npos);
  CHECK(text.find("\",\"ca_chain\":\"-----BEGIN") != std::string::npos);
  CHECK(text.back() == '}');
  CHECK(text.find("\": ") == std::string::npos);  // compact: no space after a name
  CHECK(text.find("\", \"") == std::string::npos);
}

TEST_CASE("certificate bundle: round trip", "[schema][api]") {
  const auto original = sample();
  auto back = api::parse_certificate_bundle(api::to_json(original));
  REQUIRE(back);
  CHECK(back->member_id == original.member_id);
  CHECK(back->role == original.role);
  CHECK(back->serial == original.serial);
  CHECK(back->fingerprint_sha256 == original.fingerprint_sha256);
  CHECK(back->not_after == original.not_after);
  CHECK(back->certificate == original.certificate);
  CHECK(back->ca_chain == original.ca_chain);
  CHECK(api::to_json(*back) == api::to_json(original));
  // A trailing newline (bundle.json) and unknown members are accepted.
  CHECK(api::parse_certificate_bundle(api::to_json(original) + "\n"));
  auto extra = json::parse(api::to_json(original)).as_object();
  extra["note"] = 1;
  CHECK(api::parse_certificate_bundle(json::serialize(extra)));
}

TEST_CASE("certificate bundle: each field is required", "[schema][api]") {
  for (const char* field : kFields) {
    auto object = json::parse(api::to_json(sample())).as_object();
    object.erase(field);
    auto r = api::parse_certificate_bundle(json::serialize(object));
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == vrs::ErrorCode::InvalidArgument);
    CHECK(r.error().message() == std::string("bundle: field \"") + field + "\" is missing");
  }
}

TEST_CASE("certificate bundle: each field must be a string", "[schema][api]") {
  for (const char* field : kFields) {
    auto object = json::parse(api::to_json(sample())).as_object();
    object[field] = 42;
    auto r = api::parse_certificate_bundle(json::serialize(object));
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == vrs::ErrorCode::InvalidArgument);
    CHECK(r.error().message() == std::string("bundle: field \"") + field + "\" must be a string");
    object[field] = nullptr;
    CHECK_FALSE(api::parse_certificate_bundle(json::serialize(object)));
  }
}

TEST_CASE("certificate bundle: not JSON, not an object", "[schema][api]") {
  for (const char* text : {"", "{", "{\"member_id\":", "not json", "{\"a\":1,}"}) {
    auto r = api::parse_certificate_bundle(text);
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == vrs::ErrorCode::InvalidArgument);
    CHECK(r.error().message().rfind("bundle: not valid JSON (", 0) == 0);
  }
  for (const char* text : {"[]", "\"bundle\"", "42", "null", "true"}) {
    auto r = api::parse_certificate_bundle(text);
    REQUIRE_FALSE(r);
    CHECK(r.error().message() == "bundle: expected a JSON object");
  }
  auto deep = std::string(100, '[') + std::string(100, ']');
  CHECK_FALSE(api::parse_certificate_bundle(deep));
}
