// Integration: consent for certificates (docs/pki.md "Consent") against a real server. An
// administrator cannot become an existing member, nor make itself an analyst, without a second
// administrator; with the member's proof a renewal needs nobody else; the member is told and
// lists every certificate issued in its name.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "test_server.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/schema/api/enrol_proof.hpp"

using namespace vrs::test;
namespace json = boost::json;

namespace {

json::object parse(const std::string& body) {
  auto v = json::parse(body);
  REQUIRE(v.is_object());
  return v.as_object();
}

HttpResponse call(TestServer& s, const Identity& who, const std::string& method, const std::string& target,
                  const std::string& body = {}) {
  auto r = one_request(s.port(), s.options(&who), method, target, body);
  REQUIRE(r);
  return *r;
}

std::string issue_body(const EnrolRequest& req, const std::string& extra = {}) {
  return R"({"csr":)" + json::serialize(json::value(req.csr_pem)) + R"(,"signing_key":")" + req.signing_key_b64 + "\"" +
         extra + "}";
}

std::string proof_field(const vrs::crypto::SigningKey& current, const std::string& member, const EnrolRequest& req) {
  auto proof = vrs::schema::api::make_enrol_proof(current, member, req.csr_pem, req.signing_key_b64);
  REQUIRE(proof);
  return R"(,"proof":")" + *proof + "\"";
}

std::int64_t pending_id(const HttpResponse& r) {
  REQUIRE(r.status == 202);
  auto o = parse(r.body);
  CHECK(o.at("status") == "pending_approval");
  CHECK_FALSE(o.contains("certificate"));
  return o.at("request").as_object().at("id").as_int64();
}

// An identity made from a 201 bundle and the request's key.
Identity identity_from(TestServer& s, const std::string& stem, const HttpResponse& issued, const EnrolRequest& req) {
  REQUIRE(issued.status == 201);
  Identity id;
  id.member_id = json_string(issued.body, "member_id");
  id.certificate = s.dir() / (stem + ".crt");
  id.key = req.key;
  id.serial = json_string(issued.body, "serial");
  id.fingerprint = json_string(issued.body, "fingerprint_sha256");
  id.signing = req.signing;
  write_file(id.certificate, json_string(issued.body, "certificate"), 0644);
  return id;
}

}  // namespace

TEST_CASE("an administrator with a proofless request for an existing member gets no certificate without a second admin") {
  TestServer s;
  auto member = s.enrol("AUS-ABF", "reporter");
  // The attack: a CSR on the admin's own key, with the member's current public signing key.
  auto forged = make_enrol_request(s.dir(), "forged", "AUS-ABF");
  forged.signing_key_b64 = vrs::crypto::to_base64(member.signing->public_key());
  auto asked = call(s, s.admin(), "POST", "/v1/admin/members/AUS-ABF/certificates", issue_body(forged));
  const auto id = pending_id(asked);
  CHECK(parse(asked.body).at("request").as_object().at("why").as_string().find("no proof") != json::string::npos);

  // Nothing usable yet: the member still has one certificate, the admin cannot approve itself.
  auto listed = parse(call(s, s.admin(), "GET", "/v1/admin/members").body);
  for (const auto& m : listed.at("members").as_array()) {
    if (m.as_object().at("member_id") == "AUS-ABF") CHECK(m.as_object().at("certificates").as_array().size() == 1);
  }
  auto self = call(s, s.admin(), "POST", "/v1/admin/certificate-requests/" + std::to_string(id) + "/approve");
  CHECK(self.status == 403);
  CHECK(self.body.find("second, different administrator") != std::string::npos);
  auto pending = parse(call(s, s.second_admin(), "GET", "/v1/admin/certificate-requests").body);
  REQUIRE(pending.at("requests").as_array().size() == 1);
  CHECK(pending.at("requests").as_array()[0].as_object().at("requested_by") == "AUS-ADMIN");

  // No notice while nothing was issued.
  CHECK(call(s, member, "GET", "/v1/whoami").header("vrs-notice").empty());

  // The second administrator approves: issued, and the member is told at its next connection.
  auto approved = call(s, s.second_admin(), "POST", "/v1/admin/certificate-requests/" + std::to_string(id) + "/approve");
  auto admin_as_member = identity_from(s, "forged", approved, forged);
  CHECK(call(s, admin_as_member, "GET", "/v1/whoami").status == 200);
  auto again = call(s, s.second_admin(), "POST", "/v1/admin/certificate-requests/" + std::to_string(id) + "/approve");
  CHECK(again.status == 409);

  auto told = call(s, member, "GET", "/v1/whoami");
  CHECK(told.status == 200);
  CHECK(told.header("vrs-notice").find("1 certificate(s) issued in your name without your proof") != std::string::npos);
  // Whoever holds the new certificate cannot acknowledge it for the member's own certificate.
  REQUIRE(call(s, admin_as_member, "GET", "/v1/certificates").status == 200);
  CHECK_FALSE(call(s, member, "GET", "/v1/whoami").header("vrs-notice").empty());

  // The member lists every certificate in its name, with who agreed to each; that is the
  // acknowledgement for this certificate.
  auto mine = call(s, member, "GET", "/v1/certificates");
  REQUIRE(mine.status == 200);
  auto certs = parse(mine.body).at("certificates").as_array();
  REQUIRE(certs.size() == 2);
  CHECK(certs[0].as_object().at("consent") == "first_enrolment");
  CHECK(certs[1].as_object().at("consent") == "two_person");
  CHECK(certs[1].as_object().at("requested_by") == "AUS-ADMIN");
  CHECK(certs[1].as_object().at("approved_by") == "NZL-ADMIN");
  CHECK(call(s, member, "GET", "/v1/whoami").header("vrs-notice").empty());
}

TEST_CASE("with the member's proof a renewal is issued by one administrator") {
  TestServer s;
  auto member = s.enrol("AUS-ABF", "reporter");
  auto renewal = make_enrol_request(s.dir(), "renewal", "AUS-ABF");
  renewal.signing_key_b64 = vrs::crypto::to_base64(member.signing->public_key());

  SECTION("a proof by the current signing key") {
    auto issued = call(s, s.admin(), "POST", "/v1/admin/members/AUS-ABF/certificates",
                       issue_body(renewal, proof_field(*member.signing, "AUS-ABF", renewal)));
    auto renewed = identity_from(s, "renewed", issued, renewal);
    CHECK(call(s, renewed, "GET", "/v1/whoami").status == 200);
    // Nothing to tell: the member asked for it.
    CHECK(call(s, member, "GET", "/v1/whoami").header("vrs-notice").empty());
    auto certs = parse(call(s, renewed, "GET", "/v1/certificates").body).at("certificates").as_array();
    REQUIRE(certs.size() == 2);
    CHECK(certs[1].as_object().at("consent") == "member_proof");
    CHECK(certs[1].as_object().at("approved_by").is_null());
  }
  SECTION("a proof by another key is refused, naming the proof") {
    auto stranger = vrs::crypto::SigningKey::generate();
    REQUIRE(stranger);
    auto r = call(s, s.admin(), "POST", "/v1/admin/members/AUS-ABF/certificates",
                  issue_body(renewal, proof_field(*stranger, "AUS-ABF", renewal)));
    CHECK(r.status == 400);
    CHECK(r.body.find("proof") != std::string::npos);
  }
  SECTION("a proof over another CSR is refused") {
    auto other = make_enrol_request(s.dir(), "other", "AUS-ABF");
    other.signing_key_b64 = renewal.signing_key_b64;
    auto r = call(s, s.admin(), "POST", "/v1/admin/members/AUS-ABF/certificates",
                  issue_body(renewal, proof_field(*member.signing, "AUS-ABF", other)));
    CHECK(r.status == 400);
  }
  SECTION("a proof that is not a signature") {
    auto r = call(s, s.admin(), "POST", "/v1/admin/members/AUS-ABF/certificates", issue_body(renewal, R"(,"proof":"AAAA")"));
    CHECK(r.status == 400);
    CHECK(json_string(r.body, "detail").find("proof") != std::string::npos);
  }
}

TEST_CASE("an administrator cannot make itself an analyst or another administrator alone") {
  TestServer s;
  for (const std::string role : {"analyst", "admin"}) {
    INFO(role);
    const std::string member_id = role == "analyst" ? "AUS-RESEARCH" : "AUS-ADMIN2";
    REQUIRE(call(s, s.admin(), "POST", "/v1/admin/members", R"({"member_id":")" + member_id + R"(","role":")" + role + "\"}")
                .status == 201);
    auto req = make_enrol_request(s.dir(), member_id, member_id);
    auto asked = call(s, s.admin(), "POST", "/v1/admin/members/" + member_id + "/certificates", issue_body(req));
    const auto id = pending_id(asked);
    CHECK(parse(asked.body).at("request").as_object().at("why").as_string().find("first certificate") != json::string::npos);
    CHECK(call(s, s.admin(), "POST", "/v1/admin/certificate-requests/" + std::to_string(id) + "/approve").status == 403);
  }
  // A reporter's first certificate needs no second administrator.
  REQUIRE(call(s, s.admin(), "POST", "/v1/admin/members", R"({"member_id":"AUS-ABF","role":"reporter"})").status == 201);
  auto req = make_enrol_request(s.dir(), "abf", "AUS-ABF");
  CHECK(call(s, s.admin(), "POST", "/v1/admin/members/AUS-ABF/certificates", issue_body(req)).status == 201);
}

TEST_CASE("approving is checked: unknown requests, bad ids, bodies, and non-administrators") {
  TestServer s;
  auto reporter = s.enrol("AUS-ABF", "reporter");
  CHECK(call(s, s.second_admin(), "POST", "/v1/admin/certificate-requests/99/approve").status == 404);
  CHECK(call(s, s.second_admin(), "POST", "/v1/admin/certificate-requests/abc/approve").status == 404);
  CHECK(call(s, s.second_admin(), "POST", "/v1/admin/certificate-requests/0/approve").status == 404);
  CHECK(call(s, s.second_admin(), "POST", "/v1/admin/certificate-requests/1/approve", R"({"x":1})").status == 400);
  CHECK(call(s, reporter, "POST", "/v1/admin/certificate-requests/1/approve").status == 403);
  CHECK(call(s, reporter, "GET", "/v1/admin/certificate-requests").status == 403);
  auto audit = parse(call(s, s.admin(), "GET", "/v1/admin/audit?after=0&limit=1000").body);
  bool read_logged = false;
  for (const auto& e : audit.at("entries").as_array()) {
    read_logged = read_logged || e.as_object().at("action") == "admin.requests.read";
  }
  CHECK_FALSE(read_logged);  // a refused call reads nothing
}
