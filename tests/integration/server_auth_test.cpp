// Integration: mutual-TLS authentication against a real server on 127.0.0.1 (port 0). Every
// refusal asserts the exact outcome and that a valid client is still served afterwards.
#include <catch2/catch.hpp>

#include <thread>

#include "test_server.hpp"
#include "vrs/server/server_state.hpp"

using namespace vrs::test;
using namespace std::chrono_literals;

namespace {

vrs::certs::Validity validity(std::chrono::system_clock::duration from, std::chrono::system_clock::duration to) {
  const auto now = std::chrono::system_clock::now();
  return {now + from, now + to};
}

}  // namespace

TEST_CASE("a registered reporter gets its identity from whoami") {
  TestServer s;
  auto who = s.enrol("AUS-ABF", "reporter");
  auto r = one_request(s.port(), s.options(&who), "GET", "/v1/whoami");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->header("content-type") == "application/json");
  CHECK(r->header("cache-control") == "no-store");
  CHECK(r->header("x-content-type-options") == "nosniff");
  CHECK(json_string(r->body, "member_id") == "AUS-ABF");
  CHECK(json_string(r->body, "state") == "AUS");
  CHECK(json_string(r->body, "role") == "reporter");
  CHECK(r->body.find("\"serial\":\"" + who.serial + "\"") != std::string::npos);
  CHECK(r->body.find("\"fingerprint_sha256\":\"" + who.fingerprint + "\"") != std::string::npos);
  CHECK(r->body.find("\"expires_in_days\":39") != std::string::npos);  // 396 or 397
}

TEST_CASE("the bootstrapped administrator is served with role admin") {
  TestServer s;
  auto r = one_request(s.port(), s.options(&s.admin()), "GET", "/v1/whoami");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(json_string(r->body, "role") == "admin");
  CHECK(json_string(r->body, "member_id") == "AUS-ADMIN");
}

TEST_CASE("a client without a certificate fails the TLS handshake") {
  TestServer s;
  CHECK(tls_refused(s.port(), s.options()));
  CHECK(eventually([&] { return s.server().state().metrics.handshakes("failure", "no_certificate") == 1; }));
  still_serves(s, s.admin());
}

TEST_CASE("a certificate from a foreign CA fails the TLS handshake") {
  TestServer s;
  TestPki foreign("Foreign");
  auto files = foreign.member(s.dir(), "foreign", "AUS-ABF", vrs::certs::Role::Admin,
                              vrs::certs::Validity::from_now(std::chrono::days(30)));
  CHECK(tls_refused(s.port(), s.options(files)));
  CHECK(eventually([&] { return s.server().state().metrics.handshakes("failure", "unknown_ca") == 1; }));
  still_serves(s, s.admin());
}

TEST_CASE("an expired certificate fails the TLS handshake") {
  TestServer s;
  auto files = s.pki.member(s.dir(), "expired", "AUS-ABF", vrs::certs::Role::Reporter, validity(-240h, -24h));
  CHECK(tls_refused(s.port(), s.options(files)));
  CHECK(eventually([&] { return s.server().state().metrics.handshakes("failure", "expired") == 1; }));
  still_serves(s, s.admin());
}

TEST_CASE("a certificate that is not yet valid fails the TLS handshake") {
  TestServer s;
  auto files = s.pki.member(s.dir(), "future", "AUS-ABF", vrs::certs::Role::Reporter, validity(24h, 240h));
  CHECK(tls_refused(s.port(), s.options(files)));
  CHECK(eventually([&] { return s.server().state().metrics.handshakes("failure", "not_yet_valid") == 1; }));
  still_serves(s, s.admin());
}

TEST_CASE("a serverAuth-only certificate cannot be used as a client certificate") {
  TestServer s;
  auto files = s.pki.server_only(s.dir(), "server-as-client");
  CHECK(tls_refused(s.port(), s.options(files)));
  CHECK(eventually([&] { return s.server().state().metrics.handshakes("failure", "wrong_purpose") == 1; }));
  still_serves(s, s.admin());
}

TEST_CASE("a certificate of our CA that is not in the registry gets 401 and the connection closes") {
  TestServer s;
  auto files = s.pki.member(s.dir(), "stray", "NZL-INZ", vrs::certs::Role::Admin,
                            vrs::certs::Validity::from_now(std::chrono::days(30)));
  TlsClient client(s.port(), s.options(files));
  REQUIRE(client.connect());
  auto r = client.request("GET", "/v1/admin/members");
  REQUIRE(r);
  CHECK(r->status == 401);
  CHECK(r->header("content-type") == "application/problem+json");
  CHECK(json_string(r->body, "code") == "unauthenticated");
  CHECK_FALSE(r->keep_alive);
  CHECK(client.closed_by_peer());
  CHECK(eventually([&] { return s.server().state().metrics.rejections("unknown_certificate") == 1; }));
  still_serves(s, s.admin());
}

TEST_CASE("revocation refuses new connections and the next request of an open one") {
  TestServer s;
  auto who = s.enrol("AUS-ABF", "reporter");
  TlsClient open(s.port(), s.options(&who));
  REQUIRE(open.connect());
  auto before = open.request("GET", "/v1/whoami");
  REQUIRE(before);
  REQUIRE(before->status == 200);
  REQUIRE(before->keep_alive);

  auto revoked = one_request(s.port(), s.options(&s.admin()), "POST", "/v1/admin/certificates/" + who.serial + "/revoke",
                             R"({"reason":"key_compromise"})");
  REQUIRE(revoked);
  REQUIRE(revoked->status == 200);
  CHECK(json_string(revoked->body, "status") == "revoked");
  CHECK(json_string(revoked->body, "serial") == who.serial);

  auto after = open.request("GET", "/v1/whoami");
  REQUIRE(after);
  CHECK(after->status == 401);
  CHECK(json_string(after->body, "code") == "unauthenticated");
  CHECK(open.closed_by_peer());

  CHECK(tls_refused(s.port(), s.options(&who)));
  CHECK(eventually([&] { return s.server().state().metrics.handshakes("failure", "revoked") == 1; }));
  still_serves(s, s.admin());
}

TEST_CASE("a TLS 1.2 client is refused") {
  TestServer s;
  auto o = s.options(&s.admin());
  o.max_tls_version = 0x0303;
  CHECK(tls_refused(s.port(), o));
  CHECK(eventually([&] { return s.server().state().metrics.handshakes("failure", "protocol_version") == 1; }));
  still_serves(s, s.admin());
}

TEST_CASE("a TLS 1.1 client is refused") {
  TestServer s;
  auto o = s.options(&s.admin());
  o.max_tls_version = 0x0302;
  CHECK(tls_refused(s.port(), o));
  still_serves(s, s.admin());
}

TEST_CASE("with allow_tls12, a TLS 1.2 client with a weak cipher is refused and a strong one served") {
  TestServer s([](vrs::server::Config& c) { c.tls.allow_tls12 = true; });
  auto weak = s.options(&s.admin());
  weak.max_tls_version = 0x0303;
  for (const char* cipher : {"AES128-SHA", "AES256-GCM-SHA384", "ECDHE-ECDSA-AES128-SHA", "DES-CBC3-SHA"}) {
    INFO(cipher);
    weak.cipher_list = std::string(cipher) + ":@SECLEVEL=0";
    CHECK(tls_refused(s.port(), weak));
  }
  auto strong = s.options(&s.admin());
  strong.max_tls_version = 0x0303;
  strong.cipher_list = "ECDHE-ECDSA-AES128-GCM-SHA256";
  auto r = one_request(s.port(), strong, "GET", "/v1/whoami");
  REQUIRE(r);
  CHECK(r->status == 200);
  auto tls11 = s.options(&s.admin());
  tls11.max_tls_version = 0x0302;
  CHECK(tls_refused(s.port(), tls11));
  still_serves(s, s.admin());
}

TEST_CASE("refused authentications are written to the audit log") {
  TestServer s;
  auto files = s.pki.member(s.dir(), "stray", "NZL-INZ", vrs::certs::Role::Reporter,
                            vrs::certs::Validity::from_now(std::chrono::days(30)));
  auto r = one_request(s.port(), s.options(files), "GET", "/v1/whoami");
  REQUIRE(r);
  REQUIRE(r->status == 401);
  bool found = false;
  for (int i = 0; i < 50 && !found; ++i) {
    auto audit = one_request(s.port(), s.options(&s.admin()), "GET", "/v1/admin/audit?limit=1000");
    REQUIRE(audit);
    REQUIRE(audit->status == 200);
    found = audit->body.find(R"("action":"auth.reject")") != std::string::npos &&
            audit->body.find("denied: unknown_certificate") != std::string::npos &&
            audit->body.find("fingerprint:" + files.fingerprint.substr(0, 16)) != std::string::npos;
    if (!found) std::this_thread::sleep_for(50ms);
  }
  CHECK(found);
}

TEST_CASE("a flood of unknown certificates cannot hide the refusal of a revoked one, and what was not logged is counted") {
  TestServer s;
  auto member = s.enrol("AUS-ABF", "reporter");
  REQUIRE(one_request(s.port(), s.options(&s.admin()), "POST", "/v1/admin/certificates/" + member.serial + "/revoke",
                      R"({"reason":"key_compromise"})")
              ->status == 200);
  auto stray = s.pki.member(s.dir(), "stray", "NZL-INZ", vrs::certs::Role::Reporter,
                            vrs::certs::Validity::from_now(std::chrono::days(30)));
  // Far more than the per-reason budget (5 per second, burst 10) in well under a second.
  for (int i = 0; i < 80; ++i) (void)one_request(s.port(), s.options(stray), "GET", "/v1/whoami");
  (void)one_request(s.port(), s.options(&member), "GET", "/v1/whoami");  // revoked: its own bucket
  const auto audit_text = [&] {
    auto audit = one_request(s.port(), s.options(&s.admin()), "GET", "/v1/admin/audit?limit=1000");
    REQUIRE(audit);
    return audit->body;
  };
  // (The CRL refuses it in the handshake, before its fingerprint is known.)
  CHECK(eventually([&] { return audit_text().find("denied: revoked") != std::string::npos; }, 5s));
  // The next unknown certificate after the bucket refilled carries the count of those dropped.
  std::this_thread::sleep_for(1200ms);
  (void)one_request(s.port(), s.options(stray), "GET", "/v1/whoami");
  CHECK(eventually([&] { return audit_text().find("more refused for this reason before, counted, not logged singly") != std::string::npos; }, 5s));
  CHECK(s.server().state().metrics.render().find("vrs_audit_rejections_dropped_total 0") == std::string::npos);
}

TEST_CASE("a reporter calling admin endpoints gets 403 permission_denied") {
  TestServer s;
  auto who = s.enrol("AUS-ABF", "reporter");
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"GET", "/v1/admin/members"},
      {"POST", "/v1/admin/members"},
      {"POST", "/v1/admin/members/AUS-ABF/certificates"},
      {"POST", "/v1/admin/certificates/abcdef/revoke"},
      {"GET", "/v1/admin/audit"},
      {"GET", "/v1/admin/audit/verify"},
  };
  for (const auto& [method, target] : routes) {
    INFO(method << " " << target);
    // A refused request's body is never read, so the connection closes after a POST's answer:
    // each request gets its own.
    auto r = one_request(s.port(), s.options(&who), method, target, method == "POST" ? "{}" : "");
    REQUIRE(r);
    CHECK(r->status == 403);
    CHECK(r->body ==
          R"({"type":"about:blank","title":"Forbidden","status":403,"code":"permission_denied","detail":"admin role required"})");
  }
  still_serves(s, who);
}

TEST_CASE("administrators see no incident data: 403 for admin, 404 for a reporter asking an unknown ref") {
  TestServer s;
  auto who = s.enrol("AUS-ABF", "reporter");
  auto admin = one_request(s.port(), s.options(&s.admin()), "GET", "/v1/incidents/x");
  REQUIRE(admin);
  CHECK(admin->status == 403);
  CHECK(json_string(admin->body, "code") == "permission_denied");
  CHECK(json_string(admin->body, "detail") == "administrators see no incident data");
  auto reporter = one_request(s.port(), s.options(&who), "GET", "/v1/incidents/x");
  REQUIRE(reporter);
  CHECK(reporter->status == 404);
  CHECK(json_string(reporter->body, "code") == "not_found");
  // Record histories are for the reporter that submitted them: an analyst has none to read.
  auto analyst = s.enrol("NPL-ANALYSIS", "analyst");
  auto denied = one_request(s.port(), s.options(&analyst), "GET", "/v1/incidents/x");
  REQUIRE(denied);
  CHECK(denied->status == 403);
  CHECK(json_string(denied->body, "detail") == "reporter role required");
  still_serves(s, s.admin());
}

TEST_CASE("path traversal and unknown routes are 404, a wrong method is 405") {
  TestServer s;
  auto who = s.enrol("AUS-ABF", "reporter");
  TlsClient client(s.port(), s.options(&who));
  REQUIRE(client.connect());
  for (const std::string target : {"/v1/../v1/admin/members", "/v1/%2e%2e/v1/admin/members", "/v1/%2E%2E/whoami",
                                   "/v1//whoami", "/v1/./whoami", "/v1/nope", "/", "/v1/whoami/extra", "/V1/whoami"}) {
    INFO(target);
    auto r = client.request("GET", target);
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(r->header("content-type") == "application/problem+json");
    CHECK(json_string(r->body, "code") == "not_found");
  }
  auto wrong = client.request("DELETE", "/v1/whoami");
  REQUIRE(wrong);
  CHECK(wrong->status == 405);
  CHECK(wrong->header("allow") == "GET");
  CHECK(json_string(wrong->body, "code") == "method_not_allowed");
  still_serves(s, who);
}

TEST_CASE("the CRL is served to members as PEM") {
  TestServer s;
  auto who = s.enrol("AUS-ABF", "reporter");
  auto r = one_request(s.port(), s.options(&who), "GET", "/v1/crl");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->header("content-type") == "application/x-pem-file");
  auto crl = vrs::certs::Crl::from_pem(r->body);
  REQUIRE(crl);
  CHECK(crl->size() == 0);
  CHECK(crl->verify(s.pki.issuing));
}
