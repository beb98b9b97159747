#pragma once
/// The VRS v1 API as the client sees it (docs/api.md): request/response types, their JSON
/// codecs, and typed calls over an HttpsClient. The parse functions are strict about types and
/// required fields and ignore unknown fields (the server may add some); each error names the
/// response and the field.
///
/// Thread-safety: Api borrows an HttpsClient and has its thread rules.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vrs/client/net/https_client.hpp"
#include "vrs/client/net/network_options.hpp"
#include "vrs/client/profile.hpp"
#include "vrs/common/error.hpp"
#include "vrs/schema/api/audit.hpp"
#include "vrs/schema/api/certificate_bundle.hpp"
#include "vrs/schema/api/json_reader.hpp"
#include "vrs/schema/api/member.hpp"

namespace vrs::client::net {

/// Largest JSON nesting accepted in a response.
using schema::api::kMaxJsonDepth;

struct WhoamiCertificate {
  std::string serial;
  std::string fingerprint_sha256;
  std::string not_after;
  std::int64_t expires_in_days = 0;
};

/// GET /v1/whoami
struct Whoami {
  std::string member_id;
  std::string state;
  std::string role;
  WhoamiCertificate certificate;
};

/// A member and its certificate inventory (GET /v1/admin/members, the 201 of POST
/// /v1/admin/members): the schema's types and parsers, shared with the server that writes them.
using schema::api::Member, schema::api::MemberCertificate, schema::api::parse_member, schema::api::parse_members;

/// POST /v1/admin/members
struct NewMember {
  std::string member_id;
  std::string role;
  bool name_opt_in = false;
};

/// POST /v1/admin/members/{id}/certificates (member id in the path).
struct CertificateRequest {
  std::string csr;          ///< PEM
  std::string signing_key;  ///< base64 of the 32-byte Ed25519 public key
  int days = 397;
  std::string reason;
  std::optional<std::string> proof;  ///< base64, the member's proof (renewals)
};


/// The 201 of POST /v1/admin/members/{id}/certificates: the bundle the member installs. Its
/// type and JSON (to_json, parse_certificate_bundle: errors start with "bundle: ") are the
/// schema's, shared with the server that writes it.
using schema::api::CertificateBundle, schema::api::parse_certificate_bundle, schema::api::to_json;

/// The reply to a certificate request: the bundle (201: parsed, and the raw body written to
/// bundle.json as sent) or a request waiting for a second administrator (202).
using schema::api::PendingCertificateRequest;
struct IssueReply {
  std::optional<std::pair<CertificateBundle, std::string>> issued;
  std::optional<PendingCertificateRequest> pending;
};

/// POST /v1/admin/certificates/{serial}/revoke
struct RevokeResult {
  std::string serial;
  std::string status;
  std::string revoked_at;
};

/// The audit log pages and its verification (GET /v1/admin/audit, GET /v1/admin/audit/verify):
/// the schema's types and parsers.
using schema::api::AuditEntry, schema::api::AuditPage, schema::api::AuditVerification;
using schema::api::parse_audit_page, schema::api::parse_audit_verification;

Result<Whoami> parse_whoami(std::string_view json);
Result<RevokeResult> parse_revoke_result(std::string_view json);

std::string to_json(const NewMember& request);
std::string to_json(const CertificateRequest& request);

/// Percent-encodes one path segment (member ids and serials are plain, but never trusted).
std::string encode_path_segment(std::string_view segment);

/// Typed calls. Each error is prefixed with the call, e.g. "GET /v1/whoami: HTTP 401 ...".
class Api {
 public:
  explicit Api(HttpsClient& http) : http_(&http) {}

  Result<Whoami> whoami();
  Result<std::vector<Member>> members();
  Result<Member> add_member(const NewMember& request);
  Result<IssueReply> issue_certificate(std::string_view member_id, const CertificateRequest& request);
  /// POST /v1/admin/certificate-requests/{id}/approve: the bundle and the raw body.
  Result<std::pair<CertificateBundle, std::string>> approve(std::int64_t request_id);
  /// GET /v1/admin/certificate-requests
  Result<std::vector<PendingCertificateRequest>> pending_requests();
  /// GET /v1/certificates: the caller and every certificate issued in its name.
  Result<Member> certificates();
  Result<RevokeResult> revoke(std::string_view serial, std::string_view reason);
  /// `limit` 1..1000; `after` the last seq already seen (nullopt: from the start).
  Result<AuditPage> audit(std::optional<std::int64_t> after, std::optional<int> limit);
  Result<AuditVerification> verify_audit();

 private:
  HttpsClient* http_;
};

/// An HttpsClient for an installed profile: its server URL, member.crt, tls.key and the pinned
/// ca-chain.pem. FailedPrecondition (naming the missing file and `vrs-client install`) if the
/// profile is not installed.
Result<HttpsClient> connect_profile(const Profile& profile, std::chrono::milliseconds timeout);

/// Opens the profile in `options.home` and connects as connect_profile does.
Result<HttpsClient> connect_home(const NetworkOptions& options);

}  // namespace vrs::client::net
