#pragma once
/// Members, their certificates and signing keys in the server database (tables members,
/// certificates, member_keys, meta 'crl_number'), and the administrator actions on them. Every
/// change is written to the audit log in the same transaction (actor = the administrator's
/// member id, or "operator" offline): if the audit entry cannot be written, nothing changes.
///
/// Thread-safety: bound to one Database, so to its thread (the DB worker, or a CLI command).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vrs/certs/crl.hpp"
#include "vrs/certs/identity.hpp"
#include "vrs/common/error.hpp"
#include "vrs/crypto/sign.hpp"
#include "vrs/schema/api/certificate_bundle.hpp"
#include "vrs/schema/api/member.hpp"
#include "vrs/server/issuing_authority.hpp"

namespace vrs::db {
class Database;
}

namespace vrs::server::store {

/// Certificates expiring within this window are flagged (docs/pki.md).
inline constexpr std::chrono::days kExpiringSoon{30};
/// Longest issue reason accepted.
inline constexpr std::size_t kMaxReasonLength = 200;

/// A member and its certificates as the admin API carries them (schema/api/member.hpp).
using CertificateInfo = schema::api::MemberCertificate;
using MemberInfo = schema::api::Member;

/// How long a certificate request waits for a second administrator.
inline constexpr std::chrono::days kRequestLifetime{7};

struct IssueRequest {
  std::string csr_pem;
  crypto::Ed25519PublicKey signing_key{};
  std::chrono::days days = certs::kDefaultLeafValidity;
  std::string reason = "enrolment";
  /// The member's proof (schema/api/enrol_proof.hpp), required for a member that already has
  /// a signing key unless a second administrator approves.
  std::optional<crypto::Ed25519Signature> proof;
  /// Offline on the server machine (`vrs-server admin bootstrap`): consent "operator".
  bool offline_operator = false;
};

/// A request that waits for a second administrator (202 of POST
/// /v1/admin/members/{id}/certificates, GET /v1/admin/certificate-requests).
using PendingRequest = schema::api::PendingCertificateRequest;

struct IssuedCertificate {
  std::string member_id;
  std::string role;
  std::string serial;
  std::string fingerprint;
  std::string not_after;
  std::string certificate_pem;
  std::string ca_chain_pem;

  /// The bundle the member installs (the 201 body of POST /v1/admin/members/{id}/certificates
  /// and bundle.json of `vrs-server admin bootstrap`).
  [[nodiscard]] schema::api::CertificateBundle bundle() const {
    return {member_id, role, serial, fingerprint, not_after, certificate_pem, ca_chain_pem};
  }
};

struct RevokedCertificate {
  std::string serial;
  std::string revoked_at;
};

/// Either a certificate, or a request waiting for a second administrator.
struct IssueOutcome {
  std::optional<IssuedCertificate> issued;
  std::optional<PendingRequest> pending;
};

class MemberStore {
 public:
  MemberStore(db::Database& db, IssuingAuthority& authority) : db_(&db), authority_(&authority) {}

  Result<std::vector<MemberInfo>> list_members();
  /// NotFound if unknown.
  Result<MemberInfo> get_member(const std::string& member_id);
  /// Registers a member (status active). AlreadyExists if present. Audit "member.create".
  Result<MemberInfo> create_member(const certs::MemberId& member, certs::Role role, bool name_opt_in,
                                   const std::string& actor);
  /// Signs the CSR for the member with its REGISTERED role, stores the certificate and the
  /// signing key (retiring the member's previous key), when consent allows (docs/pki.md
  /// "Consent"): the first certificate of a reporter; a certificate for a member with a signing
  /// key only with its proof; an offline operator. Otherwise (no proof, or the first
  /// certificate of an analyst or administrator) the request is stored as pending for a second
  /// administrator (audit "certificate.request"). NotFound (member), FailedPrecondition (member
  /// not active), InvalidArgument (CSR, days, reason, a proof that does not verify), Conflict
  /// (signing key registered to another member). Audit "certificate.issue".
  Result<IssueOutcome> issue_certificate(const std::string& member_id, const IssueRequest& request,
                                         const std::string& actor);
  /// A second administrator approves pending request `id` and the certificate is issued
  /// (consent two_person; audit "certificate.approve" and "certificate.issue"). If the member
  /// already had a signing key, every other certificate of the member is told (a notice).
  /// NotFound (request), PermissionDenied (the approver asked for it), Conflict (already
  /// approved), FailedPrecondition (expired, member no longer active).
  Result<IssuedCertificate> approve_request(std::int64_t id, const std::string& approver);
  /// Pending requests, oldest first (expired ones are marked so and left out).
  Result<std::vector<PendingRequest>> pending_requests();
  /// Marks the notices of certificates issued without the member's proof as seen by the
  /// certificate `fingerprint` (the member listed its certificates with it); returns how many
  /// were new. The registry counts what each certificate has not seen (Registry::load).
  Result<std::int64_t> mark_notices_seen(const std::string& member_id, const std::string& fingerprint);
  /// Revokes a certificate, rebuilds and publishes the CRL. NotFound (serial), Conflict (already
  /// revoked). Audit "certificate.revoke". The caller refreshes the registry cache.
  Result<RevokedCertificate> revoke_certificate(const std::string& serial, certs::RevocationReason reason,
                                                const std::string& actor);
  /// Builds a CRL with the next number from the revoked certificates, publishes it (file +
  /// memory). Audit "crl.publish". Used at init, after revocations and when the CRL nears
  /// its nextUpdate.
  Result<void> publish_crl(const std::string& actor);

  /// Takes over the revocations of a CRL signed by the issuing CA (e.g. one written by
  /// `vrs-ca revoke` and installed on the server): every listed serial that is registered and
  /// still active is marked revoked (date and reason from the CRL, audit "certificate.revoke"
  /// by `actor`); serials the server does not know are ignored (they cannot authenticate). If
  /// anything changed, the CRL's number is above the server's, or it misses a revocation the
  /// server knows, a CRL listing every revocation is re-published with a number above both, so
  /// no revocation is ever dropped.
  /// Returns the number of certificates newly revoked.
  Result<std::size_t> import_revocations(const certs::Crl& crl, const std::string& actor);

 private:
  Result<std::vector<certs::RevokedEntry>> revoked_entries();
  Result<std::uint64_t> next_crl_number();
  Result<std::uint64_t> current_crl_number();
  Result<std::string> build_next_crl();
  Result<IssuedCertificate> sign_and_store(const std::string& member_id, certs::Role role, const IssueRequest& request,
                                           std::string_view consent, const std::string& requested_by,
                                           const std::optional<std::string>& approved_by);
  db::Database* db_;
  IssuingAuthority* authority_;
};

/// Writes one rejected-authentication entry (action "auth.reject", actor the member id or
/// "unknown", object "fingerprint:<first 16 hex>", outcome "denied: <reason>", followed by the
/// count of refusals for the same reason that were counted but not logged singly before it).
Result<void> audit_rejection(db::Database& db, const std::string& actor, const std::string& fingerprint,
                             const std::string& reason, std::uint64_t unlogged_before = 0);
/// Writes "auth.reject.summary" (actor "server", object "reason=<reason>"): `count` refusals
/// for that reason were counted but not logged singly.
Result<void> audit_rejection_summary(db::Database& db, const std::string& reason, std::uint64_t count);

}  // namespace vrs::server::store
