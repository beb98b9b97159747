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
#include <vector>

#include "vrs/client/net/https_client.hpp"
#include "vrs/client/net/network_options.hpp"
#include "vrs/client/profile.hpp"
#include "vrs/common/error.hpp"
#include "vrs/schema/api/certificate_bundle.hpp"

namespace vrs::client::net {

/// Largest JSON nesting accepted in a response.
inline constexpr std::size_t kMaxJsonDepth = 32;

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

struct MemberCertificate {
  std::string serial;
  std::string fingerprint_sha256;
  std::string status;  ///< active | revoked
  std::string not_before;
  std::string not_after;
  bool expiring_soon = false;
  std::string issued_reason;
  std::optional<std::string> revoked_at;
  std::optional<std::string> revocation_reason;
};

/// An element of GET /v1/admin/members, and the 201 of POST /v1/admin/members.
struct Member {
  std::string member_id;
  std::string state;
  std::string role;
  std::string status;  ///< active | suspended
  std::string created_at;
  std::vector<MemberCertificate> certificates;
};

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
};

/// The 201 of POST /v1/admin/members/{id}/certificates: the bundle the member installs. Its
/// type and JSON (to_json, parse_certificate_bundle: errors start with "bundle: ") are the
/// schema's, shared with the server that writes it.
using schema::api::CertificateBundle;
using schema::api::parse_certificate_bundle;
using schema::api::to_json;

/// POST /v1/admin/certificates/{serial}/revoke
struct RevokeResult {
  std::string serial;
  std::string status;
  std::string revoked_at;
};

struct AuditEntry {
  std::int64_t seq = 0;
  std::string time;
  std::string actor;
  std::string action;
  std::string object;
  std::string outcome;
  std::string hash;
};

/// GET /v1/admin/audit
struct AuditPage {
  std::vector<AuditEntry> entries;
  std::optional<std::int64_t> next_after;
};

/// GET /v1/admin/audit/verify
struct AuditVerification {
  bool ok = false;
  std::int64_t entries = 0;
  std::int64_t head_seq = 0;
  std::string head_hash;
  std::optional<std::int64_t> first_broken_seq;
  std::optional<std::string> reason;
};

Result<Whoami> parse_whoami(std::string_view json);
Result<Member> parse_member(std::string_view json);
Result<std::vector<Member>> parse_members(std::string_view json);
Result<RevokeResult> parse_revoke_result(std::string_view json);
Result<AuditPage> parse_audit_page(std::string_view json);
Result<AuditVerification> parse_audit_verification(std::string_view json);

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
  /// Returns the parsed bundle and the raw response body (written to bundle.json as sent).
  Result<std::pair<CertificateBundle, std::string>> issue_certificate(std::string_view member_id,
                                                                       const CertificateRequest& request);
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
