#include "vrs/schema/api/member.hpp"

#include "vrs/schema/api/json_reader.hpp"

namespace vrs::schema::api {
namespace json = boost::json;
namespace {

json::value optional_text(const std::optional<std::string>& text) {
  return text ? json::value(*text) : json::value(nullptr);
}

json::object certificate_json(const MemberCertificate& c) {
  return json::object{{"serial", c.serial},
                      {"fingerprint_sha256", c.fingerprint_sha256},
                      {"status", c.status},
                      {"not_before", c.not_before},
                      {"not_after", c.not_after},
                      {"expiring_soon", c.expiring_soon},
                      {"issued_reason", c.issued_reason},
                      {"revoked_at", optional_text(c.revoked_at)},
                      {"revocation_reason", optional_text(c.revocation_reason)},
                      {"consent", c.consent},
                      {"requested_by", optional_text(c.requested_by)},
                      {"approved_by", optional_text(c.approved_by)}};
}

Result<MemberCertificate> read_certificate(const Reader& reader) {
  MemberCertificate out;
  VRS_TRY_VOID(reader.strings({{"serial", &out.serial}, {"fingerprint_sha256", &out.fingerprint_sha256},
                               {"status", &out.status}, {"not_before", &out.not_before},
                               {"not_after", &out.not_after}}));
  VRS_TRY(out.expiring_soon, reader.boolean("expiring_soon"));
  VRS_TRY(auto reason, reader.optional_string("issued_reason"));
  out.issued_reason = reason.value_or("");
  VRS_TRY(out.revoked_at, reader.optional_string("revoked_at"));
  VRS_TRY(out.revocation_reason, reader.optional_string("revocation_reason"));
  VRS_TRY(auto consent, reader.optional_string("consent"));
  out.consent = consent.value_or("legacy");
  VRS_TRY(out.requested_by, reader.optional_string("requested_by"));
  VRS_TRY(out.approved_by, reader.optional_string("approved_by"));
  return out;
}

Result<Member> read_member(const Reader& reader) {
  Member out;
  VRS_TRY_VOID(reader.strings({{"member_id", &out.member_id}, {"state", &out.state}, {"role", &out.role},
                               {"status", &out.status}}));
  if (reader.has("name_opt_in")) {
    VRS_TRY(out.name_opt_in, reader.boolean("name_opt_in"));
  }
  VRS_TRY(auto created, reader.optional_string("created_at"));
  out.created_at = created.value_or("");
  // A freshly created member may come without a certificates array: an empty inventory.
  if (!reader.has("certificates")) return out;
  VRS_TRY_VOID(reader.each_object("certificates", [&](const Reader& item) -> Result<void> {
    VRS_TRY(auto cert, read_certificate(item));
    out.certificates.push_back(std::move(cert));
    return {};
  }));
  return out;
}

json::object request_object(const PendingCertificateRequest& r) {
  return json::object{{"id", r.id},
                      {"member_id", r.member_id},
                      {"role", r.role},
                      {"why", r.why},
                      {"requested_by", r.requested_by},
                      {"requested_at", r.requested_at},
                      {"expires_at", r.expires_at},
                      {"reason", r.reason}};
}

Result<PendingCertificateRequest> read_request(const Reader& reader) {
  PendingCertificateRequest out;
  VRS_TRY(out.id, reader.integer("id"));
  VRS_TRY_VOID(reader.strings({{"member_id", &out.member_id}, {"role", &out.role}, {"why", &out.why},
                               {"requested_by", &out.requested_by}, {"requested_at", &out.requested_at},
                               {"expires_at", &out.expires_at}, {"reason", &out.reason}}));
  return out;
}

}  // namespace

json::object pending_request_json(const PendingCertificateRequest& request) {
  return json::object{{"status", "pending_approval"}, {"request", request_object(request)}};
}

json::object pending_requests_json(const std::vector<PendingCertificateRequest>& requests) {
  json::array list;
  for (const auto& r : requests) list.push_back(request_object(r));
  return json::object{{"requests", std::move(list)}};
}

Result<PendingCertificateRequest> parse_pending_request(std::string_view text) {
  return read_object(text, "pending request", [](const Reader& reader) -> Result<PendingCertificateRequest> {
    VRS_TRY(auto status, reader.string("status"));
    if (status != "pending_approval") return fail(reader.error("status", "is \"" + status + "\", not pending_approval"));
    VRS_TRY(const auto* request, reader.object("request"));
    return read_request(Reader(*request, "pending request.request"));
  });
}

Result<std::vector<PendingCertificateRequest>> parse_pending_requests(std::string_view text) {
  return read_object(text, "requests response", [](const Reader& reader) -> Result<std::vector<PendingCertificateRequest>> {
    std::vector<PendingCertificateRequest> out;
    VRS_TRY_VOID(reader.each_object("requests", [&](const Reader& item) -> Result<void> {
      VRS_TRY(auto r, read_request(item));
      out.push_back(std::move(r));
      return {};
    }));
    return out;
  });
}

json::object member_json(const Member& member) {
  json::array certificates;
  for (const auto& c : member.certificates) certificates.push_back(certificate_json(c));
  return json::object{{"member_id", member.member_id},   {"state", member.state},
                      {"role", member.role},             {"status", member.status},
                      {"name_opt_in", member.name_opt_in}, {"created_at", member.created_at},
                      {"certificates", std::move(certificates)}};
}

json::object members_json(const std::vector<Member>& members) {
  json::array list;
  for (const auto& m : members) list.push_back(member_json(m));
  return json::object{{"members", std::move(list)}};
}

Result<Member> parse_member(std::string_view text) { return read_object(text, "member", read_member); }

Result<std::vector<Member>> parse_members(std::string_view text) {
  return read_object(text, "members response", [](const Reader& reader) -> Result<std::vector<Member>> {
    std::vector<Member> out;
    VRS_TRY_VOID(reader.each_object(
        "members",
        [&](const Reader& item) -> Result<void> {
          VRS_TRY(auto member, read_member(item));
          out.push_back(std::move(member));
          return {};
        },
        "members"));
    return out;
  });
}

}  // namespace vrs::schema::api
