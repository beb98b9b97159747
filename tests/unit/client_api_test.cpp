// vrs::client API codecs (docs/api.md) and the plain-text renderings of whoami/admin commands.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "vrs/client/commands/admin_command.hpp"
#include "vrs/client/commands/whoami_command.hpp"
#include "vrs/client/net/api.hpp"

using namespace vrs::client;
using namespace vrs::client::commands;
using namespace vrs::client::net;
using vrs::ErrorCode;

namespace {

vrs::certs::SysTime at(int y, unsigned m, unsigned d) {
  return std::chrono::sys_days(std::chrono::year_month_day{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)});
}

const char* kMembers = R"({"members":[
  {"member_id":"AUS-ABF","state":"AUS","role":"reporter","status":"active","created_at":"2026-01-01T00:00:00Z",
   "certificates":[
     {"serial":"0a1b","fingerprint_sha256":"aa","status":"active","not_before":"2026-01-01T00:00:00Z",
      "not_after":"2026-02-15T00:00:00Z","expiring_soon":true,"issued_reason":"initial enrolment",
      "revoked_at":null,"revocation_reason":null},
     {"serial":"0c2d","fingerprint_sha256":"bb","status":"revoked","not_before":"2025-01-01T00:00:00Z",
      "not_after":"2027-01-01T00:00:00Z","expiring_soon":false,"issued_reason":"initial enrolment",
      "revoked_at":"2025-06-01T10:00:00Z","revocation_reason":"key_compromise"}]},
  {"member_id":"NZL-INZ","state":"NZL","role":"admin","status":"suspended","created_at":"2026-01-02T00:00:00Z",
   "certificates":[
     {"serial":"ff","fingerprint_sha256":"cc","status":"active","not_before":"2026-01-01T00:00:00Z",
      "not_after":"2027-01-01T00:00:00Z","expiring_soon":false,"issued_reason":"","revoked_at":null,"revocation_reason":null}]}
]})";

}  // namespace

TEST_CASE("whoami responses parse and render with days left") {
  auto who = parse_whoami(R"({"member_id":"AUS-ABF","state":"AUS","role":"reporter","certificate":{"serial":"3f2a",)"
                          R"("fingerprint_sha256":"ab12","not_after":"2027-12-25T09:00:00Z","expires_in_days":396},"extra":1})");
  REQUIRE(who);
  CHECK(who->member_id == "AUS-ABF");
  CHECK(who->certificate.expires_in_days == 396);
  const auto text = format_whoami(*who);
  CHECK(text.find("member:      AUS-ABF (state AUS)\n") != std::string::npos);
  CHECK(text.find("role:        reporter\n") != std::string::npos);
  CHECK(text.find("certificate: 3f2a\n") != std::string::npos);
  CHECK(text.find("expires:     2027-12-25T09:00:00Z (396 days left)\n") != std::string::npos);
  CHECK(text.find("warning") == std::string::npos);

  who->certificate.expires_in_days = 1;
  CHECK(format_whoami(*who).find("(1 day left)") != std::string::npos);
  CHECK(format_whoami(*who).find("warning:") != std::string::npos);
}

TEST_CASE("whoami responses with missing or ill-typed fields name the field") {
  auto [body, expected] = GENERATE(table<std::string, std::string>({
      {R"({"state":"AUS","role":"reporter","certificate":{}})", "field \"member_id\" is missing"},
      {R"({"member_id":"AUS-ABF","state":"AUS","role":"reporter","certificate":[]})", "field \"certificate\" must be an object"},
      {R"({"member_id":"AUS-ABF","state":"AUS","role":"reporter","certificate":{"serial":"1","fingerprint_sha256":"a",)"
       R"("not_after":"x","expires_in_days":"many"}})",
       "whoami response.certificate: field \"expires_in_days\" must be an integer"},
      {"", "not valid JSON"},
      {"[1]", "expected a JSON object"},
  }));
  auto who = parse_whoami(body);
  REQUIRE_FALSE(who);
  CHECK(who.error().code() == ErrorCode::InvalidArgument);
  INFO(who.error().message());
  CHECK(who.error().message().find(expected) != std::string::npos);
}

TEST_CASE("JSON nested deeper than the limit is refused") {
  std::string deep = "{\"a\":";
  for (int i = 0; i < 100; ++i) deep += "[";
  for (int i = 0; i < 100; ++i) deep += "]";
  deep += "}";
  CHECK_FALSE(parse_whoami(deep));
}

TEST_CASE("the member inventory parses with null revocation fields") {
  auto members = parse_members(kMembers);
  REQUIRE(members);
  REQUIRE(members->size() == 2);
  const auto& abf = (*members)[0];
  CHECK(abf.role == "reporter");
  REQUIRE(abf.certificates.size() == 2);
  CHECK_FALSE(abf.certificates[0].revoked_at.has_value());
  CHECK(abf.certificates[0].expiring_soon);
  CHECK(abf.certificates[1].revoked_at == "2025-06-01T10:00:00Z");
  CHECK(abf.certificates[1].revocation_reason == "key_compromise");

  auto bad = parse_members(R"({"members":[{"member_id":"AUS-ABF","state":"AUS","role":"reporter","status":"active",)"
                           R"("certificates":[{"serial":1}]}]})");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message().find("members[0].certificates[0]: field \"serial\" must be a string") != std::string::npos);

  // A freshly created member (POST 201) may come without certificates.
  auto fresh = parse_member(R"({"member_id":"AUS-ABF","state":"AUS","role":"reporter","status":"active","created_at":"x"})");
  REQUIRE(fresh);
  CHECK(fresh->certificates.empty());
}

TEST_CASE("the members table flags certificates expiring within 30 days") {
  auto members = parse_members(kMembers).value();
  const auto text = format_members(members, at(2026, 2, 1));
  INFO(text);
  CHECK(text.rfind("MEMBER   ROLE      STATUS     CERTIFICATES\n", 0) == 0);
  CHECK(text.find("AUS-ABF  reporter  active     2 (1 active)\n") != std::string::npos);
  CHECK(text.find("    0a1b  active   not after 2026-02-15T00:00:00Z  14 days left  EXPIRES SOON  [initial enrolment]\n") !=
        std::string::npos);
  CHECK(text.find("    0c2d  revoked  not after 2027-01-01T00:00:00Z  revoked 2025-06-01T10:00:00Z (key_compromise)") !=
        std::string::npos);
  CHECK(text.find("    ff  active   not after 2027-01-01T00:00:00Z  334 days left\n") != std::string::npos);
  CHECK(text.find("2 members; 1 active certificate expired or expiring within 30 days\n") != std::string::npos);

  // Later, the first has expired; the server's flag is not needed for that.
  const auto later = format_members(members, at(2026, 3, 1));
  CHECK(later.find("0a1b  active   not after 2026-02-15T00:00:00Z  expired  EXPIRED") != std::string::npos);
}

TEST_CASE("days until an API time") {
  CHECK(days_until("2026-02-15T00:00:00Z", at(2026, 2, 1)) == 14);
  CHECK(days_until("2026-02-01T12:00:00Z", at(2026, 2, 1)) == 0);
  CHECK(days_until("2026-01-31T00:00:00Z", at(2026, 2, 1)) == -1);
  CHECK(days_until("2026-02-15T00:00:00.345Z", at(2026, 2, 1)) == 14);
  CHECK_FALSE(days_until("2026-02-15T00:00:00.Z", at(2026, 2, 1)).has_value());
  CHECK_FALSE(days_until("2026-02-15T00:00:00.1", at(2026, 2, 1)).has_value());
  CHECK_FALSE(days_until("2026-02-30T00:00:00Z", at(2026, 2, 1)).has_value());
  CHECK_FALSE(days_until("2026-02-15 00:00:00", at(2026, 2, 1)).has_value());
}

TEST_CASE("audit pages and verification results parse") {
  auto page = parse_audit_page(R"({"entries":[{"seq":1,"time":"2026-01-01T00:00:00Z","actor":"AUS-ABF","action":"member.add",)"
                               R"("object":"NZL-INZ","outcome":"ok","hash":"ab"}],"next_after":1})");
  REQUIRE(page);
  REQUIRE(page->entries.size() == 1);
  CHECK(page->entries[0].seq == 1);
  CHECK(page->next_after == 1);
  CHECK(format_audit(page->entries) == "1  2026-01-01T00:00:00Z  AUS-ABF  member.add  NZL-INZ  ok\n");
  auto last = parse_audit_page(R"({"entries":[],"next_after":null})");
  REQUIRE(last);
  CHECK_FALSE(last->next_after.has_value());
  CHECK_FALSE(parse_audit_page(R"({"entries":[{"seq":-1.5}]})"));

  auto ok = parse_audit_verification(
      R"({"ok":true,"entries":7,"head_seq":7,"head_hash":"ff","first_broken_seq":null,"reason":null})");
  REQUIRE(ok);
  CHECK(ok->ok);
  CHECK(ok->entries == 7);
  auto broken = parse_audit_verification(
      R"({"ok":false,"entries":7,"head_seq":7,"head_hash":"ff","first_broken_seq":4,"reason":"hash mismatch"})");
  REQUIRE(broken);
  CHECK(broken->first_broken_seq == 4);
  CHECK(broken->reason == "hash mismatch");
  auto inconsistent = parse_audit_verification(R"({"ok":false,"entries":7,"head_seq":7,"head_hash":"ff"})");
  REQUIRE_FALSE(inconsistent);
}

TEST_CASE("certificate bundles and revocation results parse and bundles round-trip") {
  const CertificateBundle bundle{"AUS-ABF", "reporter", "3f2a", "ab", "2027-12-25T09:00:00Z", "CERT", "CHAIN"};
  auto parsed = parse_certificate_bundle(to_json(bundle));
  REQUIRE(parsed);
  CHECK(parsed->certificate == "CERT");
  CHECK(parsed->ca_chain == "CHAIN");
  auto missing = parse_certificate_bundle(R"({"member_id":"AUS-ABF"})");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message().find("bundle: field \"role\" is missing") != std::string::npos);

  auto revoked = parse_revoke_result(R"({"serial":"3f2a","status":"revoked","revoked_at":"2026-01-01T00:00:00Z"})");
  REQUIRE(revoked);
  CHECK(revoked->status == "revoked");
}

TEST_CASE("request bodies carry exactly the contract's fields") {
  const auto member = boost::json::parse(to_json(NewMember{"AUS-ABF", "reporter", true})).as_object();
  CHECK(member.size() == 3);
  CHECK(member.at("member_id").as_string() == "AUS-ABF");
  CHECK(member.at("role").as_string() == "reporter");
  CHECK(member.at("name_opt_in").as_bool());

  const auto cert = boost::json::parse(to_json(CertificateRequest{"PEM", "KEY", 30, "renewal", std::nullopt})).as_object();
  CHECK(cert.size() == 4);
  CHECK(cert.at("csr").as_string() == "PEM");
  CHECK(cert.at("signing_key").as_string() == "KEY");
  CHECK(cert.at("days").as_int64() == 30);
  CHECK(cert.at("reason").as_string() == "renewal");
}

TEST_CASE("path segments are percent-encoded") {
  CHECK(encode_path_segment("AUS-ABF") == "AUS-ABF");
  CHECK(encode_path_segment("3f2a") == "3f2a");
  CHECK(encode_path_segment("a/b?c") == "a%2Fb%3Fc");
  CHECK(encode_path_segment("..%") == "..%25");
}

TEST_CASE("networked commands without an installed profile fail with one line and exit 1") {
  std::ostringstream out;
  std::ostringstream err;
  const NetworkOptions options{std::filesystem::path("/nonexistent/vrs-profile"), std::chrono::seconds(1)};
  CHECK(run_whoami(options, out, err) == 1);
  CHECK(err.str() == "vrs-client: whoami: no profile in /nonexistent/vrs-profile; run `vrs-client enroll` first\n");
  std::ostringstream err2;
  CHECK(run_admin_revoke(options, "xyz", "key_compromise", out, err2) == 2);
  CHECK(err2.str() == "vrs-client: admin revoke: --serial \"xyz\" is not a hexadecimal serial\n");
  std::ostringstream err3;
  CHECK(run_admin_audit(options, AuditOptions{std::nullopt, 5000, false}, out, err3) == 2);
  CHECK(err3.str() == "vrs-client: admin audit: --limit must be 1..1000\n");
  CHECK(out.str().empty());
}
