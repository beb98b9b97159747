#include "vrs/client/net/api.hpp"

#include <iostream>

namespace vrs::client::net {

namespace json = boost::json;
using schema::api::read_object;
using schema::api::Reader;

namespace {

Result<WhoamiCertificate> read_whoami_certificate(const Reader& reader) {
  WhoamiCertificate out;
  VRS_TRY_VOID(reader.strings({{"serial", &out.serial}, {"fingerprint_sha256", &out.fingerprint_sha256},
                               {"not_after", &out.not_after}}));
  VRS_TRY(out.expires_in_days, reader.integer("expires_in_days"));
  return out;
}

std::string json_text(const json::value& value) { return json::serialize(value); }

}  // namespace

Result<Whoami> parse_whoami(std::string_view text) {
  return read_object(text, "whoami response", [](const Reader& reader) -> Result<Whoami> {
    Whoami out;
    VRS_TRY_VOID(reader.strings({{"member_id", &out.member_id}, {"state", &out.state}, {"role", &out.role}}));
    VRS_TRY(const json::object* cert, reader.object("certificate"));
    VRS_TRY(out.certificate, read_whoami_certificate(Reader(*cert, "whoami response.certificate")));
    return out;
  });
}

Result<RevokeResult> parse_revoke_result(std::string_view text) {
  return read_object(text, "revoke response", [](const Reader& reader) -> Result<RevokeResult> {
    RevokeResult out;
    VRS_TRY_VOID(reader.strings({{"serial", &out.serial}, {"status", &out.status}, {"revoked_at", &out.revoked_at}}));
    return out;
  });
}

std::string to_json(const NewMember& request) {
  return json_text(json::object{{"member_id", request.member_id}, {"role", request.role}, {"name_opt_in", request.name_opt_in}});
}

std::string to_json(const CertificateRequest& request) {
  json::object o{{"csr", request.csr}, {"signing_key", request.signing_key}, {"days", request.days}, {"reason", request.reason}};
  if (request.proof) o["proof"] = *request.proof;
  return json_text(o);
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

Result<IssueReply> Api::issue_certificate(std::string_view member_id, const CertificateRequest& request) {
  const std::string target = "/v1/admin/members/" + encode_path_segment(member_id) + "/certificates";
  const std::string call = "POST " + target;
  auto response = http_->send("POST", target, to_json(request));
  if (!response) return fail(response.error().with_context(call));
  IssueReply out;
  if (response->status == 202) {
    auto pending = schema::api::parse_pending_request(response->body);
    if (!pending) return fail(pending.error().with_context(call));
    out.pending = std::move(*pending);
    return out;
  }
  if (response->status != 201) return fail(error_from_problem(response->status, response->body).with_context(call));
  auto bundle = parse_certificate_bundle(response->body);
  if (!bundle) return fail(bundle.error().with_context(call));
  out.issued.emplace(std::move(*bundle), std::move(response->body));
  return out;
}

Result<std::pair<CertificateBundle, std::string>> Api::approve(std::int64_t request_id) {
  const std::string target = "/v1/admin/certificate-requests/" + std::to_string(request_id) + "/approve";
  const std::string call = "POST " + target;
  auto body = http_->post(target, "{}");
  if (!body) return fail(body.error().with_context(call));
  auto bundle = parse_certificate_bundle(*body);
  if (!bundle) return fail(bundle.error().with_context(call));
  return std::pair<CertificateBundle, std::string>(std::move(*bundle), std::move(*body));
}

Result<std::vector<PendingCertificateRequest>> Api::pending_requests() {
  return parsed("GET /v1/admin/certificate-requests", http_->get("/v1/admin/certificate-requests"),
                schema::api::parse_pending_requests);
}

Result<Member> Api::certificates() { return parsed("GET /v1/certificates", http_->get("/v1/certificates"), parse_member); }

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
  options.on_notice = [](const std::string& notice) {
    std::cerr << "vrs-client: NOTICE from the server: " << notice << "\n";
  };
  return HttpsClient::create(url, options);
}

Result<HttpsClient> connect_home(const NetworkOptions& options) {
  VRS_TRY(const auto profile, Profile::open(options.home));
  return connect_profile(profile, options.timeout);
}

}  // namespace vrs::client::net
