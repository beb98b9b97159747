#include "vrs/client/net/api.hpp"

#include "json_util.hpp"

namespace vrs::client::net {

namespace json = boost::json;
using json_util::Reader;

namespace {

Result<WhoamiCertificate> read_whoami_certificate(const Reader& reader) {
  WhoamiCertificate out;
  VRS_TRY(out.serial, reader.string("serial"));
  VRS_TRY(out.fingerprint_sha256, reader.string("fingerprint_sha256"));
  VRS_TRY(out.not_after, reader.string("not_after"));
  VRS_TRY(out.expires_in_days, reader.integer("expires_in_days"));
  return out;
}

Result<MemberCertificate> read_member_certificate(const Reader& reader) {
  MemberCertificate out;
  VRS_TRY(out.serial, reader.string("serial"));
  VRS_TRY(out.fingerprint_sha256, reader.string("fingerprint_sha256"));
  VRS_TRY(out.status, reader.string("status"));
  VRS_TRY(out.not_before, reader.string("not_before"));
  VRS_TRY(out.not_after, reader.string("not_after"));
  VRS_TRY(out.expiring_soon, reader.boolean("expiring_soon"));
  VRS_TRY(auto reason, reader.optional_string("issued_reason"));
  out.issued_reason = reason.value_or("");
  VRS_TRY(out.revoked_at, reader.optional_string("revoked_at"));
  VRS_TRY(out.revocation_reason, reader.optional_string("revocation_reason"));
  return out;
}

Result<Member> read_member(const Reader& reader) {
  Member out;
  VRS_TRY(out.member_id, reader.string("member_id"));
  VRS_TRY(out.state, reader.string("state"));
  VRS_TRY(out.role, reader.string("role"));
  VRS_TRY(out.status, reader.string("status"));
  VRS_TRY(auto created, reader.optional_string("created_at"));
  out.created_at = created.value_or("");
  // A freshly created member may come without a certificates array: an empty inventory.
  if (!reader.has("certificates")) return out;
  VRS_TRY_VOID(reader.each_object("certificates", [&](const Reader& item) -> Result<void> {
    VRS_TRY(auto cert, read_member_certificate(item));
    out.certificates.push_back(std::move(cert));
    return {};
  }));
  return out;
}

std::string json_text(const json::value& value) { return json::serialize(value); }

}  // namespace

Result<Whoami> parse_whoami(std::string_view text) {
  VRS_TRY(auto object, json_util::parse_object(text, "whoami response"));
  const Reader reader(object, "whoami response");
  Whoami out;
  VRS_TRY(out.member_id, reader.string("member_id"));
  VRS_TRY(out.state, reader.string("state"));
  VRS_TRY(out.role, reader.string("role"));
  VRS_TRY(const json::object* cert, reader.object("certificate"));
  VRS_TRY(out.certificate, read_whoami_certificate(Reader(*cert, "whoami response.certificate")));
  return out;
}

Result<Member> parse_member(std::string_view text) {
  VRS_TRY(auto object, json_util::parse_object(text, "member"));
  return read_member(Reader(object, "member"));
}

Result<std::vector<Member>> parse_members(std::string_view text) {
  VRS_TRY(auto object, json_util::parse_object(text, "members response"));
  const Reader reader(object, "members response");
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
}

Result<RevokeResult> parse_revoke_result(std::string_view text) {
  VRS_TRY(auto object, json_util::parse_object(text, "revoke response"));
  const Reader reader(object, "revoke response");
  RevokeResult out;
  VRS_TRY(out.serial, reader.string("serial"));
  VRS_TRY(out.status, reader.string("status"));
  VRS_TRY(out.revoked_at, reader.string("revoked_at"));
  return out;
}

Result<AuditPage> parse_audit_page(std::string_view text) {
  VRS_TRY(auto object, json_util::parse_object(text, "audit response"));
  const Reader reader(object, "audit response");
  AuditPage out;
  VRS_TRY_VOID(reader.each_object("entries", [&](const Reader& entry) -> Result<void> {
    AuditEntry e;
    VRS_TRY(e.seq, entry.integer("seq"));
    VRS_TRY(e.time, entry.string("time"));
    VRS_TRY(e.actor, entry.string("actor"));
    VRS_TRY(e.action, entry.string("action"));
    VRS_TRY(e.object, entry.string("object"));
    VRS_TRY(e.outcome, entry.string("outcome"));
    VRS_TRY(e.hash, entry.string("hash"));
    out.entries.push_back(std::move(e));
    return {};
  }));
  VRS_TRY(out.next_after, reader.optional_integer("next_after"));
  return out;
}

Result<AuditVerification> parse_audit_verification(std::string_view text) {
  VRS_TRY(auto object, json_util::parse_object(text, "audit verify response"));
  const Reader reader(object, "audit verify response");
  AuditVerification out;
  VRS_TRY(out.ok, reader.boolean("ok"));
  VRS_TRY(out.entries, reader.integer("entries"));
  VRS_TRY(auto head_seq, reader.optional_integer("head_seq"));
  out.head_seq = head_seq.value_or(0);
  VRS_TRY(auto head_hash, reader.optional_string("head_hash"));
  out.head_hash = head_hash.value_or("");
  VRS_TRY(out.first_broken_seq, reader.optional_integer("first_broken_seq"));
  VRS_TRY(out.reason, reader.optional_string("reason"));
  if (!out.ok && !out.first_broken_seq) {
    return fail(ErrorCode::InvalidArgument, "audit verify response: \"ok\" is false without \"first_broken_seq\"");
  }
  return out;
}

std::string to_json(const NewMember& request) {
  return json_text(json::object{{"member_id", request.member_id}, {"role", request.role}, {"name_opt_in", request.name_opt_in}});
}

std::string to_json(const CertificateRequest& request) {
  return json_text(json::object{
      {"csr", request.csr}, {"signing_key", request.signing_key}, {"days", request.days}, {"reason", request.reason}});
}

std::string encode_path_segment(std::string_view segment) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : segment) {
    const auto u = static_cast<unsigned char>(c);
    const bool plain = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' || u == '_' ||
                       u == '.' || u == '~';
    if (plain) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0x0f];
    }
  }
  return out;
}

namespace {

// The reply of `call` parsed by `parse`; either error is prefixed with the call.
template <typename T>
Result<T> parsed(const std::string& call, Result<std::string> body, Result<T> (*parse)(std::string_view)) {
  if (!body) return fail(body.error().with_context(call));
  auto value = parse(*body);
  if (!value) return fail(value.error().with_context(call));
  return value;
}

}  // namespace

Result<Whoami> Api::whoami() { return parsed("GET /v1/whoami", http_->get("/v1/whoami"), parse_whoami); }

Result<std::vector<Member>> Api::members() {
  return parsed("GET /v1/admin/members", http_->get("/v1/admin/members"), parse_members);
}

Result<Member> Api::add_member(const NewMember& request) {
  return parsed("POST /v1/admin/members", http_->post("/v1/admin/members", to_json(request)), parse_member);
}

Result<std::pair<CertificateBundle, std::string>> Api::issue_certificate(std::string_view member_id,
                                                                          const CertificateRequest& request) {
  const std::string target = "/v1/admin/members/" + encode_path_segment(member_id) + "/certificates";
  const std::string call = "POST " + target;
  auto body = http_->post(target, to_json(request));
  if (!body) return fail(body.error().with_context(call));
  auto bundle = parse_certificate_bundle(*body);
  if (!bundle) return fail(bundle.error().with_context(call));
  return std::pair<CertificateBundle, std::string>(std::move(*bundle), std::move(*body));
}

Result<RevokeResult> Api::revoke(std::string_view serial, std::string_view reason) {
  const std::string target = "/v1/admin/certificates/" + encode_path_segment(serial) + "/revoke";
  return parsed("POST " + target, http_->post(target, json_text(json::object{{"reason", reason}})), parse_revoke_result);
}

Result<AuditPage> Api::audit(std::optional<std::int64_t> after, std::optional<int> limit) {
  std::string target = "/v1/admin/audit";
  char sep = '?';
  if (after) {
    target += sep + std::string("after=") + std::to_string(*after);
    sep = '&';
  }
  if (limit) target += sep + std::string("limit=") + std::to_string(*limit);
  return parsed("GET " + target, http_->get(target), parse_audit_page);
}

Result<AuditVerification> Api::verify_audit() {
  return parsed("GET /v1/admin/audit/verify", http_->get("/v1/admin/audit/verify"), parse_audit_verification);
}

Result<HttpsClient> connect_profile(const Profile& profile, std::chrono::milliseconds timeout) {
  VRS_TRY_VOID(profile.require_installed());
  VRS_TRY(auto url, parse_server_url(profile.config()->server));
  HttpsOptions options;
  options.ca = profile.ca_chain_path();
  options.certificate = profile.certificate_path();
  options.private_key = profile.tls_key_path();
  options.timeout = timeout;
  return HttpsClient::create(url, options);
}

Result<HttpsClient> connect_home(const NetworkOptions& options) {
  VRS_TRY(const auto profile, Profile::open(options.home));
  return connect_profile(profile, options.timeout);
}

}  // namespace vrs::client::net
