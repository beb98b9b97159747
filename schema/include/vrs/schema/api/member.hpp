#pragma once
/// A member and its certificate inventory as the admin API carries them (docs/api.md): an
/// element of GET /v1/admin/members and the 201 of POST /v1/admin/members. The server's member
/// store fills these types and writes them with member_json; `vrs-client admin` reads them with
/// parse_member / parse_members. Errors name the document and the field (schema/api/json_reader).
///
/// Thread-safety: pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "vrs/common/error.hpp"

namespace vrs::schema::api {

struct MemberCertificate {
  std::string serial;              ///< lower-case hex
  std::string fingerprint_sha256;  ///< of the certificate's DER
  std::string status;              ///< active | revoked
  std::string not_before;
  std::string not_after;
  bool expiring_soon = false;
  std::string issued_reason;
  std::optional<std::string> revoked_at;
  std::optional<std::string> revocation_reason;
  /// Who agreed to it: first_enrolment (a new reporter), member_proof (signed by the member's
  /// current signing key), two_person (requested by one administrator, approved by another),
  /// operator (offline, on the server machine) or legacy (issued before consent was recorded).
  std::string consent = "legacy";
  std::optional<std::string> requested_by;  ///< the administrator who asked for it
  std::optional<std::string> approved_by;   ///< the second administrator (two_person only)
};

struct Member {
  std::string member_id;
  std::string state;
  std::string role;
  std::string status;  ///< active | suspended | retired
  bool name_opt_in = false;
  std::string created_at;
  std::vector<MemberCertificate> certificates;
};

/// A certificate request waiting for a second administrator (docs/pki.md "Consent"): the 202
/// of POST /v1/admin/members/{id}/certificates and the items of GET
/// /v1/admin/certificate-requests.
struct PendingCertificateRequest {
  std::int64_t id = 0;
  std::string member_id;
  std::string role;
  std::string why;  ///< why a second administrator must approve
  std::string requested_by;
  std::string requested_at;
  std::string expires_at;
  std::string reason;
};

/// {"status": "pending_approval", "request": {...}} / {"requests": [...]}.
boost::json::object pending_request_json(const PendingCertificateRequest& request);
boost::json::object pending_requests_json(const std::vector<PendingCertificateRequest>& requests);
Result<PendingCertificateRequest> parse_pending_request(std::string_view text);
Result<std::vector<PendingCertificateRequest>> parse_pending_requests(std::string_view text);

/// The member as a JSON object, members in the order of the struct.
boost::json::object member_json(const Member& member);
/// {"members": [...]}: the reply of GET /v1/admin/members.
boost::json::object members_json(const std::vector<Member>& members);

/// Parses one member ("member: ..." errors). `created_at`, `name_opt_in` and `certificates` may
/// be absent (empty, false and none).
Result<Member> parse_member(std::string_view text);
/// Parses the reply of GET /v1/admin/members ("members response: ..." errors).
Result<std::vector<Member>> parse_members(std::string_view text);

}  // namespace vrs::schema::api
