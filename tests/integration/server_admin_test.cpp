// Integration: the administrator API (docs/api.md) against a real server: members,
// certificate issue and revocation, audit log, CRL, bootstrap rules, metrics.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "test_server.hpp"
#include "vrs/certs/crl.hpp"
#include "vrs/common/text_file.hpp"
#include "vrs/server/cli/bootstrap_command.hpp"
#include "vrs/server/issuing_authority.hpp"
#include "vrs/server/server_state.hpp"

using namespace vrs::test;
namespace json = boost::json;

namespace {

json::object parse(const std::string& body) {
  auto v = json::parse(body);
  REQUIRE(v.is_object());
  return v.as_object();
}

struct Admin {
  TestServer& s;
  TlsClient client;
  explicit Admin(TestServer& server) : s(server), client(server.port(), server.options(&server.admin())) {
    REQUIRE(client.connect());
  }
  HttpResponse call(const std::string& method, const std::string& target, const std::string& body = {}) {
    auto r = client.request(method, target, body);
    REQUIRE(r);
    return *r;
  }
};

std::string issue_body(const EnrolRequest& req, const std::string& extra = {}) {
  return R"({"csr":)" + json::serialize(json::value(req.csr_pem)) + R"(,"signing_key":")" + req.signing_key_b64 + "\"" +
         extra + "}";
}

}  // namespace

TEST_CASE("creating a member returns the member object and a duplicate is 409") {
  TestServer s;
  Admin admin(s);
  auto r = admin.call("POST", "/v1/admin/members", R"({"member_id":"IDN-POLRI","role":"analyst","name_opt_in":true})");
  CHECK(r.status == 201);
  auto o = parse(r.body);
  CHECK(o.at("member_id") == "IDN-POLRI");
  CHECK(o.at("state") == "IDN");
  CHECK(o.at("role") == "analyst");
  CHECK(o.at("status") == "active");
  CHECK(o.at("certificates").as_array().empty());
  CHECK(o.at("created_at").is_string());
  auto again = admin.call("POST", "/v1/admin/members", R"({"member_id":"IDN-POLRI","role":"reporter"})");
  CHECK(again.status == 409);
  CHECK(json_string(again.body, "code") == "already_exists");
}

TEST_CASE("bad member requests are 400 invalid_argument") {
  TestServer s;
  Admin admin(s);
  for (const std::string body : {R"({"member_id":"XX-1","role":"reporter"})", R"({"member_id":"AUS-ABF","role":"king"})",
                                 R"({"member_id":"AUS-ABF"})", R"({"member_id":"AUS-ABF","role":"reporter","x":1})",
                                 R"([1,2])", "not json", R"({"member_id":"AUS-ABF","role":"reporter","name_opt_in":"yes"})"}) {
    INFO(body);
    auto r = admin.call("POST", "/v1/admin/members", body);
    CHECK(r.status == 400);
    CHECK(json_string(r.body, "code") == "invalid_argument");
  }
}

TEST_CASE("issuing a certificate binds the member's registered role and returns the bundle") {
  TestServer s;
  Admin admin(s);
  REQUIRE(admin.call("POST", "/v1/admin/members", R"({"member_id":"IDN-POLRI","role":"analyst"})").status == 201);
  auto req = make_enrol_request(s.dir(), "idn", "IDN-POLRI");
  auto pending = admin.call("POST", "/v1/admin/members/IDN-POLRI/certificates",
                            issue_body(req, R"(,"days":30,"reason":"initial enrolment")"));
  // An analyst's first certificate needs a second administrator (two-person rule).
  REQUIRE(pending.status == 202);
  const auto id = parse(pending.body).at("request").as_object().at("id").as_int64();
  auto r = one_request(s.port(), s.options(&s.second_admin()), "POST",
                       "/v1/admin/certificate-requests/" + std::to_string(id) + "/approve", "");
  REQUIRE(r);
  REQUIRE(r->status == 201);
  auto o = parse(r->body);
  CHECK(o.at("member_id") == "IDN-POLRI");
  CHECK(o.at("role") == "analyst");
  auto cert = vrs::certs::Certificate::from_pem(std::string(o.at("certificate").as_string().c_str()));
  REQUIRE(cert);
  REQUIRE(cert->identity());
  CHECK(cert->identity()->role == vrs::certs::Role::Analyst);
  CHECK(cert->serial_hex() == std::string(o.at("serial").as_string().c_str()));
  CHECK(cert->fingerprint_sha256() == std::string(o.at("fingerprint_sha256").as_string().c_str()));
  CHECK(vrs::certs::format_time(cert->not_after()) == std::string(o.at("not_after").as_string().c_str()));
  CHECK(std::string(o.at("ca_chain").as_string().c_str()) == read_text_file(s.config().paths.client_ca));

  // The new certificate works at once.
  write_file(s.dir() / "idn.crt", std::string(o.at("certificate").as_string().c_str()), 0644);
  ClientOptions co = s.options();
  co.certificate = s.dir() / "idn.crt";
  co.private_key = req.key;
  auto who = one_request(s.port(), co, "GET", "/v1/whoami");
  REQUIRE(who);
  CHECK(who->status == 200);
  CHECK(json_string(who->body, "role") == "analyst");
}

TEST_CASE("certificate requests are checked") {
  TestServer s;
  Admin admin(s);
  REQUIRE(admin.call("POST", "/v1/admin/members", R"({"member_id":"AUS-ABF","role":"reporter"})").status == 201);
  auto req = make_enrol_request(s.dir(), "abf", "AUS-ABF");
  SECTION("unknown member") {
    auto r = admin.call("POST", "/v1/admin/members/NZL-INZ/certificates", issue_body(req));
    CHECK(r.status == 404);
    CHECK(json_string(r.body, "code") == "not_found");
  }
  SECTION("not a CSR") {
    auto r = admin.call("POST", "/v1/admin/members/AUS-ABF/certificates",
                        R"({"csr":"-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n","signing_key":")" +
                            req.signing_key_b64 + "\"}");
    CHECK(r.status == 400);
    CHECK(json_string(r.body, "code") == "invalid_argument");
  }
  SECTION("signing key of the wrong size") {
    auto bad = req;
    bad.signing_key_b64 = "AAAA";
    auto r = admin.call("POST", "/v1/admin/members/AUS-ABF/certificates", issue_body(bad));
    CHECK(r.status == 400);
  }
  SECTION("validity out of range") {
    auto r = admin.call("POST", "/v1/admin/members/AUS-ABF/certificates", issue_body(req, R"(,"days":826)"));
    CHECK(r.status == 400);
    auto zero = admin.call("POST", "/v1/admin/members/AUS-ABF/certificates", issue_body(req, R"(,"days":0)"));
    CHECK(zero.status == 400);
  }
  SECTION("a signing key registered to another member") {
    REQUIRE(admin.call("POST", "/v1/admin/members/AUS-ABF/certificates", issue_body(req)).status == 201);
    REQUIRE(admin.call("POST", "/v1/admin/members", R"({"member_id":"NZL-INZ","role":"reporter"})").status == 201);
    auto other = make_enrol_request(s.dir(), "inz", "NZL-INZ");
    other.signing_key_b64 = req.signing_key_b64;
    auto r = admin.call("POST", "/v1/admin/members/NZL-INZ/certificates", issue_body(other));
    CHECK(r.status == 409);
    CHECK(json_string(r.body, "code") == "conflict");
  }
}

TEST_CASE("the member inventory lists certificates with status, expiry flag and revocation") {
  TestServer s;
  auto who = s.enrol("AUS-ABF", "reporter");
  Admin admin(s);
  REQUIRE(admin.call("POST", "/v1/admin/certificates/" + who.serial + "/revoke", R"({"reason":"superseded"})").status == 200);
  auto r = admin.call("GET", "/v1/admin/members");
  REQUIRE(r.status == 200);
  auto members = parse(r.body).at("members").as_array();
  REQUIRE(members.size() == 3);  // AUS-ABF, AUS-ADMIN, NZL-ADMIN (sorted)
  auto abf = members[0].as_object();
  CHECK(abf.at("member_id") == "AUS-ABF");
  auto certs = abf.at("certificates").as_array();
  REQUIRE(certs.size() == 1);
  auto c = certs[0].as_object();
  CHECK(c.at("serial") == json::value(who.serial.c_str()));
  CHECK(c.at("status") == "revoked");
  CHECK(c.at("revocation_reason") == "superseded");
  CHECK(c.at("revoked_at").is_string());
  CHECK(c.at("expiring_soon") == false);
  CHECK(c.at("issued_reason") == "test enrolment");
  auto admin_certs = members[1].as_object().at("certificates").as_array();
  REQUIRE(admin_certs.size() == 1);
  CHECK(admin_certs[0].as_object().at("status") == "active");
  CHECK(admin_certs[0].as_object().at("revoked_at").is_null());
}

TEST_CASE("revocation errors: unknown serial 404, twice 409, bad reason 400") {
  TestServer s;
  auto who = s.enrol("AUS-ABF", "reporter");
  Admin admin(s);
  CHECK(admin.call("POST", "/v1/admin/certificates/abcdef0123/revoke", R"({"reason":"unspecified"})").status == 404);
  CHECK(admin.call("POST", "/v1/admin/certificates/not-hex/revoke", R"({"reason":"unspecified"})").status == 404);
  auto bad = admin.call("POST", "/v1/admin/certificates/" + who.serial + "/revoke", R"({"reason":"boredom"})");
  CHECK(bad.status == 400);
  CHECK(json_string(bad.body, "code") == "invalid_argument");
  // Serials match in any case and with or without leading zeros.
  std::string upper = "00" + who.serial;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto done = admin.call("POST", "/v1/admin/certificates/" + upper + "/revoke", R"({"reason":"key_compromise"})");
  CHECK(done.status == 200);
  CHECK(json_string(done.body, "serial") == who.serial);
  auto twice = admin.call("POST", "/v1/admin/certificates/" + who.serial + "/revoke", R"({"reason":"key_compromise"})");
  CHECK(twice.status == 409);
  CHECK(json_string(twice.body, "code") == "conflict");
}

TEST_CASE("revocation publishes a new CRL listing the serial") {
  TestServer s;
  auto who = s.enrol("AUS-ABF", "reporter");
  Admin admin(s);
  REQUIRE(admin.call("POST", "/v1/admin/certificates/" + who.serial + "/revoke", R"({"reason":"key_compromise"})").status == 200);
  auto r = admin.call("GET", "/v1/crl");
  REQUIRE(r.status == 200);
  auto crl = vrs::certs::Crl::from_pem(r.body);
  REQUIRE(crl);
  CHECK(crl->is_revoked(who.serial));
  CHECK(crl->verify(s.pki.issuing));
  CHECK(crl->number() == 2u);
  CHECK(read_text_file(s.config().paths.crl) == r.body);
}

TEST_CASE("every administrator action is in the audit log with the admin as actor") {
  TestServer s;
  auto who = s.enrol("AUS-ABF", "reporter");
  Admin admin(s);
  REQUIRE(admin.call("POST", "/v1/admin/certificates/" + who.serial + "/revoke", R"({"reason":"superseded"})").status == 200);
  auto r = admin.call("GET", "/v1/admin/audit");
  REQUIRE(r.status == 200);
  auto o = parse(r.body);
  CHECK(o.at("next_after").is_null());
  std::vector<std::string> actions;
  for (const auto& e : o.at("entries").as_array()) {
    const auto& entry = e.as_object();
    const std::string action(entry.at("action").as_string().c_str());
    actions.push_back(action);
    CHECK(entry.at("hash").as_string().size() == 64);
    if (action == "member.create" && std::string(entry.at("object").as_string().c_str()).rfind("AUS-ABF", 0) == 0) {
      CHECK(entry.at("actor") == "AUS-ADMIN");
    }
    if (action == "certificate.revoke") {
      CHECK(entry.at("actor") == "AUS-ADMIN");
      CHECK(std::string(entry.at("object").as_string().c_str()).find(who.serial) != std::string::npos);
    }
  }
  const std::vector<std::string> expected = {"db.init",       "crl.publish",       "server.init",
                                             "server_keys.create", "cell_key_secret.create", "member.create",
                                             "certificate.issue", "member.create", "certificate.issue",
                                             "member.create", "certificate.issue", "certificate.revoke"};
  CHECK(actions == expected);
  // Reading the log is in the log too, after the page it returned, and so are the other reads.
  REQUIRE(admin.call("GET", "/v1/admin/members").status == 200);
  REQUIRE(admin.call("GET", "/v1/admin/audit/verify").status == 200);
  auto next = parse(admin.call("GET", "/v1/admin/audit?after=" + std::to_string(expected.size())).body);
  std::vector<std::string> reads;
  for (const auto& e : next.at("entries").as_array()) {
    reads.emplace_back(e.as_object().at("action").as_string().c_str());
    CHECK(e.as_object().at("actor") == "AUS-ADMIN");
  }
  CHECK(reads == std::vector<std::string>{"admin.audit.read", "admin.members.read", "admin.audit.verify"});
}

TEST_CASE("audit paging and its parameter checks") {
  TestServer s;
  Admin admin(s);
  auto first = admin.call("GET", "/v1/admin/audit?limit=2");
  REQUIRE(first.status == 200);
  auto o = parse(first.body);
  REQUIRE(o.at("entries").as_array().size() == 2);
  CHECK(o.at("next_after") == 2);
  auto next = admin.call("GET", "/v1/admin/audit?after=2&limit=2");
  REQUIRE(next.status == 200);
  auto n = parse(next.body);
  REQUIRE(!n.at("entries").as_array().empty());
  CHECK(n.at("entries").as_array()[0].as_object().at("seq") == 3);
  for (const std::string q : {"limit=0", "limit=1001", "after=-1", "limit=x", "foo=1"}) {
    INFO(q);
    auto r = admin.call("GET", "/v1/admin/audit?" + q);
    CHECK(r.status == 400);
    CHECK(json_string(r.body, "code") == "invalid_argument");
  }
}

TEST_CASE("audit verify reports a sound chain") {
  TestServer s;
  Admin admin(s);
  auto r = admin.call("GET", "/v1/admin/audit/verify");
  REQUIRE(r.status == 200);
  auto o = parse(r.body);
  CHECK(o.at("ok") == true);
  // db.init crl.publish server.init server_keys.create cell_key_secret.create, then
  // member.create certificate.issue for each of the two administrators
  CHECK(o.at("entries") == 9);
  CHECK(o.at("head_seq") == 9);
  CHECK(o.at("head_hash").as_string().size() == 64);
  CHECK(o.at("first_broken_seq").is_null());
  CHECK(o.at("reason").is_null());
}

TEST_CASE("an offline bootstrap is refused for an administrator that already has a certificate") {
  TestServer s;
  auto req = make_enrol_request(s.dir(), "again", "AUS-ADMIN");
  json::object body{{"member_id", "AUS-ADMIN"}, {"csr", req.csr_pem}, {"signing_key", req.signing_key_b64}};
  write_file(s.dir() / "again.json", json::serialize(body));
  vrs::server::cli::BootstrapOptions o;
  o.request = s.dir() / "again.json";
  o.out = s.dir() / "again-bundle.json";
  auto r = vrs::server::cli::bootstrap_admin(s.config(), o);
  REQUIRE_FALSE(r);
  CHECK(r.error().code() == vrs::ErrorCode::FailedPrecondition);
  CHECK(r.error().message().find("already has a certificate") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(o.out));
}

TEST_CASE("the metrics listener serves healthz and Prometheus metrics") {
  TestServer s;
  REQUIRE(one_request(s.port(), s.options(&s.admin()), "GET", "/v1/whoami"));
  auto health = plain_get(s.metrics_port(), "/healthz");
  REQUIRE(health);
  CHECK(health->status == 200);
  CHECK(health->body == "ok");
  auto metrics = plain_get(s.metrics_port(), "/metrics");
  REQUIRE(metrics);
  CHECK(metrics->status == 200);
  CHECK(metrics->body.find(R"(vrs_requests_total{route="/v1/whoami",status="200"} 1)") != std::string::npos);
  CHECK(metrics->body.find(R"(vrs_tls_handshakes_total{result="success",reason="ok"})") != std::string::npos);
  CHECK(metrics->body.find("vrs_request_duration_seconds_bucket{route=\"/v1/whoami\",le=\"+Inf\"} 1") != std::string::npos);
  CHECK(metrics->body.find("vrs_open_connections ") != std::string::npos);
  CHECK(metrics->body.find("\nvrs_analysis_queue_depth ") != std::string::npos);
  CHECK(metrics->body.find("\nvrs_analysis_records 0\n") != std::string::npos);
  auto missing = plain_get(s.metrics_port(), "/nope");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  auto ready = plain_get(s.metrics_port(), "/readyz");
  REQUIRE(ready);
  CHECK(ready->status == 200);
  CHECK(ready->body == "ready");
  // Draining: alive, and no longer ready for new work.
  s.server().state().metrics.set_ready(false);
  auto draining = plain_get(s.metrics_port(), "/readyz");
  REQUIRE(draining);
  CHECK(draining->status == 503);
  CHECK(plain_get(s.metrics_port(), "/healthz")->status == 200);
}

TEST_CASE("reload applies new limits and picks up registry changes made offline") {
  TestServer s;
  auto who = s.enrol("AUS-ABF", "reporter");
  vrs::server::Limits limits = s.config().limits;
  limits.requests_per_second_per_member = 0.5;  // burst 1
  REQUIRE(s.server().reload(&limits));
  TlsClient client(s.port(), s.options(&who));
  REQUIRE(client.connect());
  auto first = client.request("GET", "/v1/whoami");
  REQUIRE(first);
  auto second = client.request("GET", "/v1/whoami");
  REQUIRE(second);
  CHECK(second->status == 429);
}

TEST_CASE("reload takes over the revocations of a CRL installed by the offline CA tool") {
  TestServer s;
  auto who = s.enrol("AUS-ABF", "reporter");
  auto other = s.enrol("IDN-POLRI", "reporter");
  TlsClient open(s.port(), s.options(&who));
  REQUIRE(open.connect());
  REQUIRE(open.request("GET", "/v1/whoami")->status == 200);

  // What `vrs-ca revoke` writes: a CRL signed by the issuing CA, numbered far ahead of the
  // server's, listing the reporter's serial (with a leading zero) and one unknown serial.
  const auto& paths = s.config().paths;
  auto issuer = vrs::certs::Certificate::load(paths.issuing_ca_cert).value();
  auto key = vrs::certs::PrivateKey::load(paths.issuing_ca_key).value();
  const auto now = std::chrono::system_clock::now();
  auto offline = vrs::certs::Crl::build(issuer, key,
                                        {{"0" + who.serial, now, vrs::certs::RevocationReason::KeyCompromise},
                                         {"7777777777", now, vrs::certs::RevocationReason::Superseded}},
                                        500)
                     .value();
  REQUIRE(vrs::write_file_atomically(paths.crl, offline.to_pem(), 0644));
  REQUIRE(s.server().reload(nullptr));

  auto after = open.request("GET", "/v1/whoami");
  REQUIRE(after);
  CHECK(after->status == 401);
  CHECK(tls_refused(s.port(), s.options(&who)));
  auto still = one_request(s.port(), s.options(&other), "GET", "/v1/whoami");
  REQUIRE(still);
  CHECK(still->status == 200);

  // The served CRL is the server's own, numbered above the installed one, listing the reporter.
  auto served = one_request(s.port(), s.options(&other), "GET", "/v1/crl");
  REQUIRE(served);
  auto crl = vrs::certs::Crl::from_pem(served->body).value();
  CHECK(crl.number().value_or(0) > 500);
  CHECK(crl.is_revoked(who.serial));
  CHECK(crl.verify(issuer));

  Admin admin(s);
  auto members = admin.call("GET", "/v1/admin/members");
  CHECK(members.body.find("key_compromise") != std::string::npos);
  auto audit = admin.call("GET", "/v1/admin/audit?limit=1000");
  CHECK(audit.body.find("serial=" + who.serial + " member=AUS-ABF reason=key_compromise source=crl") != std::string::npos);
  CHECK(audit.body.find("7777777777") == std::string::npos);

  // A second reload of the same (now server-written) CRL changes nothing.
  REQUIRE(s.server().reload(nullptr));
  auto again = one_request(s.port(), s.options(&other), "GET", "/v1/crl");
  REQUIRE(again);
  CHECK(vrs::certs::Crl::from_pem(again->body).value().number() == crl.number());
}

TEST_CASE("reload refuses a CRL not signed by the issuing CA and keeps the old one") {
  TestServer s;
  auto who = s.enrol("AUS-ABF", "reporter");
  const auto& paths = s.config().paths;
  auto before = vrs::read_text_file(paths.crl, 1 << 20).value();
  vrs::test::TestPki foreign;
  auto forged = vrs::certs::Crl::build(foreign.issuing, foreign.issuing_key,
                                       {{who.serial, std::chrono::system_clock::now(),
                                         vrs::certs::RevocationReason::KeyCompromise}},
                                       900)
                    .value();
  REQUIRE(vrs::write_file_atomically(paths.crl, forged.to_pem(), 0644));
  auto reloaded = s.server().reload(nullptr);
  REQUIRE_FALSE(reloaded);
  CHECK(reloaded.error().message().find("not signed by the issuing CA") != std::string::npos);
  auto served = one_request(s.port(), s.options(&who), "GET", "/v1/crl");
  REQUIRE(served);
  CHECK(served->status == 200);
  CHECK(served->body == before);
}

TEST_CASE("reload of an offline CRL never drops a revocation made through the API") {
  TestServer s;
  auto who = s.enrol("AUS-ABF", "reporter");
  auto other = s.enrol("IDN-POLRI", "reporter");
  Admin admin(s);
  REQUIRE(admin.call("POST", "/v1/admin/certificates/" + who.serial + "/revoke", R"({"reason":"superseded"})").status == 200);
  const auto& paths = s.config().paths;
  auto issuer = vrs::certs::Certificate::load(paths.issuing_ca_cert).value();
  auto key = vrs::certs::PrivateKey::load(paths.issuing_ca_key).value();
  auto empty = vrs::certs::Crl::build(issuer, key, {}, 900).value();  // the offline tool knew nothing of it
  REQUIRE(vrs::write_file_atomically(paths.crl, empty.to_pem(), 0644));
  REQUIRE(s.server().reload(nullptr));
  CHECK(tls_refused(s.port(), s.options(&who)));
  auto served = one_request(s.port(), s.options(&other), "GET", "/v1/crl");
  REQUIRE(served);
  auto crl = vrs::certs::Crl::from_pem(served->body).value();
  CHECK(crl.is_revoked(who.serial));
  CHECK(crl.number().value_or(0) > 900);
}
