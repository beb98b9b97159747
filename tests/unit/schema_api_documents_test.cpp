// The admin API's member and audit documents: what the server writes (member_json,
// audit_page_json, audit_verification_json) reads back field for field with the client's
// parsers, and each malformed document is refused with the document and the field named.
#include <catch2/catch.hpp>

#include <string>

#include <boost/json.hpp>

#include "vrs/schema/api/audit.hpp"
#include "vrs/schema/api/json_reader.hpp"
#include "vrs/schema/api/member.hpp"

namespace api = vrs::schema::api;
namespace json = boost::json;

namespace {

api::Member sample_member() {
  api::Member m;
  m.member_id = "AUS-ABF";
  m.state = "AUS";
  m.role = "reporter";
  m.status = "active";
  m.name_opt_in = true;
  m.created_at = "2026-01-01T00:00:00Z";
  api::MemberCertificate active{"0a1b", std::string(64, 'a'), "active", "2026-01-01T00:00:00Z",
                                "2027-01-01T00:00:00Z", false, "enrolment", std::nullopt, std::nullopt,
                                "first_enrolment", "AUS-ADMIN", std::nullopt};
  api::MemberCertificate revoked{"0c2d", std::string(64, 'b'), "revoked", "2025-01-01T00:00:00Z",
                                 "2026-01-01T00:00:00Z", true, "renewal", "2025-06-01T10:00:00Z", "key_compromise",
                                 "two_person", "AUS-ADMIN", "NZL-ADMIN"};
  m.certificates = {active, revoked};
  return m;
}

std::string text_of(const json::object& object) { return json::serialize(object); }

}  // namespace

TEST_CASE("member documents: written and read back field for field", "[schema][api]") {
  const auto original = sample_member();
  const auto text = text_of(api::member_json(original));
  CHECK(text.rfind(R"({"member_id":"AUS-ABF","state":"AUS","role":"reporter","status":"active","name_opt_in":true,)", 0) == 0);
  auto back = api::parse_member(text);
  REQUIRE(back);
  CHECK(back->member_id == original.member_id);
  CHECK(back->name_opt_in);
  CHECK(back->created_at == original.created_at);
  REQUIRE(back->certificates.size() == 2);
  CHECK(back->certificates[0].fingerprint_sha256 == original.certificates[0].fingerprint_sha256);
  CHECK_FALSE(back->certificates[0].revoked_at.has_value());
  CHECK(back->certificates[1].revoked_at == "2025-06-01T10:00:00Z");
  CHECK(back->certificates[1].revocation_reason == "key_compromise");
  CHECK(back->certificates[1].expiring_soon);
  CHECK(back->certificates[0].consent == "first_enrolment");
  CHECK_FALSE(back->certificates[0].approved_by.has_value());
  CHECK(back->certificates[1].consent == "two_person");
  CHECK(back->certificates[1].approved_by == "NZL-ADMIN");
  CHECK(text_of(api::member_json(*back)) == text);

  auto list = api::parse_members(text_of(api::members_json({original, original})));
  REQUIRE(list);
  CHECK(list->size() == 2);
  auto none = api::parse_members(text_of(api::members_json({})));
  REQUIRE(none);
  CHECK(none->empty());
}

TEST_CASE("member documents: missing or ill-typed fields are named", "[schema][api]") {
  for (const char* field : {"member_id", "state", "role", "status"}) {
    auto object = api::member_json(sample_member());
    object.erase(field);
    auto r = api::parse_member(text_of(object));
    REQUIRE_FALSE(r);
    CHECK(r.error().message() == std::string("member: field \"") + field + "\" is missing");
  }
  auto object = api::member_json(sample_member());
  object["name_opt_in"] = "yes";
  auto r = api::parse_member(text_of(object));
  REQUIRE_FALSE(r);
  CHECK(r.error().message() == "member: field \"name_opt_in\" must be true or false");

  object = api::member_json(sample_member());
  object["certificates"].as_array()[1].as_object()["expiring_soon"] = 1;
  r = api::parse_member(text_of(object));
  REQUIRE_FALSE(r);
  CHECK(r.error().message() == "member.certificates[1]: field \"expiring_soon\" must be true or false");

  auto list = api::parse_members(R"({"members":[1]})");
  REQUIRE_FALSE(list);
  CHECK(list.error().message() == "members[0]: expected an object");
  CHECK(api::parse_members("[]").error().message() == "members response: expected a JSON object");
  CHECK(api::parse_members("{").error().message().rfind("members response: not valid JSON (", 0) == 0);
}

TEST_CASE("audit documents: written and read back", "[schema][api]") {
  api::AuditPage page;
  page.entries.push_back({1, "2026-01-01T00:00:00Z", "operator", "db.init", "", "ok", std::string(64, 'c')});
  page.entries.push_back({2, "2026-01-01T00:00:01Z", "admin:NZL-INZ", "member.create", "AUS-ABF", "ok", std::string(64, 'd')});
  page.next_after = 2;
  const auto text = text_of(api::audit_page_json(page));
  auto back = api::parse_audit_page(text);
  REQUIRE(back);
  REQUIRE(back->entries.size() == 2);
  CHECK(back->entries[1].actor == "admin:NZL-INZ");
  CHECK(back->entries[0].object.empty());
  CHECK(back->next_after == 2);
  CHECK(text_of(api::audit_page_json(*back)) == text);
  page.next_after.reset();
  CHECK(text_of(api::audit_page_json(page)).find(R"("next_after":null)") != std::string::npos);

  api::AuditVerification broken{false, 9, 9, std::string(64, 'e'), 4, "hash mismatch"};
  auto verified = api::parse_audit_verification(text_of(api::audit_verification_json(broken)));
  REQUIRE(verified);
  CHECK_FALSE(verified->ok);
  CHECK(verified->first_broken_seq == 4);
  CHECK(verified->reason == "hash mismatch");
  api::AuditVerification sound{true, 9, 9, std::string(64, 'e'), std::nullopt, std::nullopt};
  CHECK(text_of(api::audit_verification_json(sound)).find(R"("first_broken_seq":null,"reason":null)") !=
        std::string::npos);
}

TEST_CASE("audit documents: malformed ones are refused with the field named", "[schema][api]") {
  auto r = api::parse_audit_page(R"({"entries":[{"seq":1,"time":"t","actor":"a","action":"x","object":"o","outcome":7}]})");
  REQUIRE_FALSE(r);
  CHECK(r.error().message() == "audit response.entries[0]: field \"outcome\" must be a string");
  CHECK(api::parse_audit_page(R"({"next_after":null})").error().message() ==
        "audit response: field \"entries\" is missing");
  auto v = api::parse_audit_verification(R"({"ok":false,"entries":1})");
  REQUIRE_FALSE(v);
  CHECK(v.error().message() == "audit verify response: \"ok\" is false without \"first_broken_seq\"");
}

TEST_CASE("json reader: strings stop at the first bad field, in order", "[schema][api]") {
  const auto object = json::parse(R"({"a":"1","b":2,"c":3})").as_object();
  const api::Reader reader(object, "doc");
  std::string a, b, c;
  auto r = reader.strings({{"a", &a}, {"b", &b}, {"c", &c}});
  REQUIRE_FALSE(r);
  CHECK(r.error().message() == "doc: field \"b\" must be a string");
  CHECK(a == "1");
  CHECK(b.empty());
  std::string deep(api::kMaxJsonDepth + 1, '[');
  CHECK_FALSE(api::parse_object("{\"x\":" + deep + "}", "doc"));
}

TEST_CASE("pending certificate requests: written and read back, bad shapes named", "[schema][api]") {
  api::PendingCertificateRequest r{7, "AUS-ABF", "reporter", "no proof from the current signing key of AUS-ABF",
                                   "AUS-ADMIN", "2026-12-01T10:00:00.000Z", "2026-12-08T10:00:00.000Z", "lost laptop"};
  auto back = api::parse_pending_request(text_of(api::pending_request_json(r)));
  REQUIRE(back);
  CHECK(back->id == 7);
  CHECK(back->member_id == "AUS-ABF");
  CHECK(back->why == r.why);
  CHECK(back->expires_at == r.expires_at);
  auto list = api::parse_pending_requests(text_of(api::pending_requests_json({r, r})));
  REQUIRE(list);
  CHECK(list->size() == 2);

  auto wrong_status = api::parse_pending_request(R"({"status":"issued","request":{}})");
  REQUIRE_FALSE(wrong_status);
  CHECK(wrong_status.error().message().find("status") != std::string::npos);
  auto no_id = api::parse_pending_request(R"({"status":"pending_approval","request":{"member_id":"AUS-ABF"}})");
  REQUIRE_FALSE(no_id);
  CHECK(no_id.error().message().find("id") != std::string::npos);
  CHECK_FALSE(api::parse_pending_requests(R"({"requests":[1]})"));
}
