#include "vrs/server/store/member_store.hpp"

#include <algorithm>
#include <map>

#include "vrs/certs/csr.hpp"
#include "vrs/db/audit_log.hpp"
#include "vrs/db/clock.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/transaction.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/schema/api/enrol_proof.hpp"
#include "vrs/server/store/time_text.hpp"

namespace vrs::server::store {
namespace {

bool valid_reason_text(const std::string& s) {
  if (s.empty() || s.size() > kMaxReasonLength) return false;
  return std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

}  // namespace

Result<std::vector<MemberInfo>> MemberStore::list_members() {
  VRS_TRY(auto members, db_->prepare(
      "SELECT member_id, state, role, status, name_opt_in, created_at FROM members ORDER BY member_id"));
  std::vector<MemberInfo> out;
  std::map<std::string, std::size_t> index;
  for (;;) {
    auto row = members.step();
    if (!row) return fail(row.error());
    if (!*row) break;
    MemberInfo m;
    m.member_id = members.column_text(0);
    m.state = members.column_text(1);
    m.role = members.column_text(2);
    m.status = members.column_text(3);
    m.name_opt_in = members.column_int64(4) != 0;
    m.created_at = members.column_text(5);
    index[m.member_id] = out.size();
    out.push_back(std::move(m));
  }
  auto certs_stmt = db_->prepare(
      "SELECT member_id, serial, fingerprint, status, not_before, not_after, issued_reason, revoked_at, reason, "
      "consent, requested_by, approved_by FROM certificates ORDER BY member_id, created_at, rowid");
  if (!certs_stmt) return fail(certs_stmt.error());
  const auto soon = std::chrono::system_clock::now() + kExpiringSoon;
  for (;;) {
    VRS_TRY(auto row, certs_stmt->step());
    if (!row) break;
    auto it = index.find(certs_stmt->column_text(0));
    if (it == index.end()) continue;
    CertificateInfo c;
    c.serial = certs_stmt->column_text(1);
    c.fingerprint_sha256 = certs_stmt->column_text(2);
    c.status = certs_stmt->column_text(3);
    c.not_before = certs_stmt->column_text(4);
    c.not_after = certs_stmt->column_text(5);
    c.issued_reason = certs_stmt->column_text(6);
    if (!certs_stmt->column_is_null(7)) c.revoked_at = certs_stmt->column_text(7);
    if (!certs_stmt->column_is_null(8)) c.revocation_reason = certs_stmt->column_text(8);
    c.consent = certs_stmt->column_text(9);
    if (!certs_stmt->column_is_null(10)) c.requested_by = certs_stmt->column_text(10);
    if (!certs_stmt->column_is_null(11)) c.approved_by = certs_stmt->column_text(11);
    auto not_after = parse_time_text(c.not_after);
    c.expiring_soon = c.status == "active" && not_after && *not_after <= soon;
    out[it->second].certificates.push_back(std::move(c));
  }
  return out;
}

Result<MemberInfo> MemberStore::get_member(const std::string& member_id) {
  VRS_TRY(auto all, list_members());
  for (auto& m : all) {
    if (m.member_id == member_id) return std::move(m);
  }
  return fail(ErrorCode::NotFound, "member " + member_id + " is not registered");
}

Result<MemberInfo> MemberStore::create_member(const certs::MemberId& member, certs::Role role, bool name_opt_in,
                                              const std::string& actor) {
  const std::string id = member.str();
  VRS_TRY(auto tx, db::Transaction::begin(*db_));
  VRS_TRY(auto exists, db_->prepare("SELECT count(*) FROM members WHERE member_id = ?1"));
  VRS_TRY_VOID(exists.bind_text(1, id));
  VRS_TRY(auto row, exists.step());
  if (row && exists.column_int64(0) > 0) return fail(ErrorCode::AlreadyExists, "member " + id + " already exists");
  VRS_TRY(auto insert, db_->prepare(
      "INSERT INTO members (member_id, state, agency, role, status, name_opt_in, created_at) "
      "VALUES (?1, ?2, ?3, ?4, 'active', ?5, ?6)"));
  VRS_TRY_VOID(insert.bind_text(1, id));
  VRS_TRY_VOID(insert.bind_text(2, member.state));
  VRS_TRY_VOID(insert.bind_text(3, member.agency));
  VRS_TRY_VOID(insert.bind_text(4, certs::to_string(role)));
  VRS_TRY_VOID(insert.bind_int64(5, name_opt_in ? 1 : 0));
  VRS_TRY_VOID(insert.bind_text(6, db::utc_now()));
  VRS_TRY_VOID(insert.run());
  db::AuditLog audit(*db_);
  auto seq = audit.append({actor, "member.create", id + " role=" + std::string(certs::to_string(role)), "ok"});
  if (!seq) return fail(seq.error());
  VRS_TRY_VOID(tx.commit());
  return get_member(id);
}

namespace {

struct MemberRow {
  certs::Role role{};
  std::optional<crypto::Ed25519PublicKey> current_key;
};

// The member's registered role and current signing key; NotFound / FailedPrecondition.
Result<MemberRow> active_member(db::Database& db, const std::string& member_id) {
  VRS_TRY(auto member, db.prepare("SELECT role, status FROM members WHERE member_id = ?1"));
  VRS_TRY_VOID(member.bind_text(1, member_id));
  VRS_TRY(auto row, member.step());
  if (!row) return fail(ErrorCode::NotFound, "member " + member_id + " is not registered");
  const std::string role_text = member.column_text(0);
  const std::string status = member.column_text(1);
  if (status != "active") return fail(ErrorCode::FailedPrecondition, "member " + member_id + " is " + status);
  auto role = certs::parse_role(role_text);
  if (!role) return fail(ErrorCode::FailedPrecondition, "member " + member_id + " has role " + role_text + " which cannot be certified");
  MemberRow out{*role, std::nullopt};
  VRS_TRY(auto key, db.prepare("SELECT public_key FROM member_keys WHERE member_id = ?1 AND retired_at IS NULL"));
  VRS_TRY_VOID(key.bind_text(1, member_id));
  VRS_TRY(auto key_row, key.step());
  if (key_row) {
    const auto bytes = key.column_blob(0);
    crypto::Ed25519PublicKey k{};
    if (bytes.size() != k.size()) return fail(ErrorCode::DataLoss, "member " + member_id + " has a malformed signing key");
    std::copy(bytes.begin(), bytes.end(), k.begin());
    out.current_key = k;
  }
  return out;
}

Result<void> check_issue_request(const IssueRequest& request) {
  if (request.days.count() < 1 || request.days > certs::kMaxLeafValidity) {
    return fail(ErrorCode::InvalidArgument, "days: " + std::to_string(request.days.count()) + " is not in [1, " +
                                                std::to_string(certs::kMaxLeafValidity.count()) + "]");
  }
  if (!valid_reason_text(request.reason)) {
    return fail(ErrorCode::InvalidArgument,
                "reason: must be 1.." + std::to_string(kMaxReasonLength) + " bytes without control characters");
  }
  if (request.csr_pem.size() > certs::kMaxCsrPem) {
    return fail(ErrorCode::InvalidArgument, "csr: larger than " + std::to_string(certs::kMaxCsrPem) + " bytes");
  }
  auto csr = certs::Csr::from_pem(request.csr_pem);
  if (!csr) return fail(ErrorCode::InvalidArgument, "csr: " + csr.error().message());
  return {};
}

// A signing key registered to another member, or retired, is refused.
Result<void> check_signing_key(db::Database& db, const std::string& member_id, const crypto::Ed25519PublicKey& key) {
  VRS_TRY(auto owner, db.prepare("SELECT member_id, retired_at IS NULL FROM member_keys WHERE public_key = ?1"));
  VRS_TRY_VOID(owner.bind_blob(1, crypto::ByteView(key.data(), key.size())));
  VRS_TRY(auto row, owner.step());
  if (!row) return {};
  if (owner.column_text(0) != member_id) return fail(ErrorCode::Conflict, "signing_key: registered to another member");
  if (owner.column_int64(1) == 0) return fail(ErrorCode::Conflict, "signing_key: this key was retired");
  return {};
}

std::string plus_days(const std::string& time, std::chrono::days days) {
  auto t = parse_time_text(time);
  return t ? db::format_utc(*t + days) : time;
}

}  // namespace

Result<IssueOutcome> MemberStore::issue_certificate(const std::string& member_id, const IssueRequest& request,
                                                    const std::string& actor) {
  VRS_TRY_VOID(check_issue_request(request));
  VRS_TRY(auto tx, db::Transaction::begin(*db_));
  VRS_TRY(const auto member, active_member(*db_, member_id));
  VRS_TRY_VOID(check_signing_key(*db_, member_id, request.signing_key));

  std::string consent;
  std::string why;
  if (request.offline_operator) {
    consent = "operator";
  } else if (member.current_key) {
    if (request.proof) {
      const std::string key_b64 = crypto::to_base64(crypto::ByteView(request.signing_key.data(), request.signing_key.size()));
      const std::string message = schema::api::enrol_proof_message(member_id, request.csr_pem, key_b64);
      if (!crypto::verify_signature(*member.current_key, crypto::as_bytes(message), *request.proof)) {
        return fail(ErrorCode::InvalidArgument, "proof: not a signature of this request by the current signing key of " +
                                                    member_id + " (make the request with `vrs-client enroll --renew`)");
      }
      consent = "member_proof";
    } else {
      why = "no proof from the current signing key of " + member_id;
    }
  } else {
    if (request.proof) {
      return fail(ErrorCode::InvalidArgument, "proof: " + member_id + " has no signing key yet; a first enrolment carries no proof");
    }
    if (member.role == certs::Role::Reporter) {
      consent = "first_enrolment";
    } else {
      why = "first certificate of a member with role " + std::string(certs::to_string(member.role));
    }
  }

  IssueOutcome out;
  if (!consent.empty()) {
    VRS_TRY(auto issued, sign_and_store(member_id, member.role, request, consent, actor, std::nullopt));
    VRS_TRY_VOID(tx.commit());
    out.issued = std::move(issued);
    return out;
  }
  PendingRequest pending;
  pending.member_id = member_id;
  pending.role = std::string(certs::to_string(member.role));
  pending.why = why;
  pending.requested_by = actor;
  pending.requested_at = db::utc_now();
  pending.expires_at = plus_days(pending.requested_at, kRequestLifetime);
  pending.reason = request.reason;
  VRS_TRY(auto insert, db_->prepare(
      "INSERT INTO certificate_requests (member_id, csr, signing_key, days, reason, why, requested_by, requested_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
  VRS_TRY_VOID(insert.bind_text(1, member_id));
  VRS_TRY_VOID(insert.bind_text(2, request.csr_pem));
  VRS_TRY_VOID(insert.bind_blob(3, crypto::ByteView(request.signing_key.data(), request.signing_key.size())));
  VRS_TRY_VOID(insert.bind_int64(4, request.days.count()));
  VRS_TRY_VOID(insert.bind_text(5, request.reason));
  VRS_TRY_VOID(insert.bind_text(6, why));
  VRS_TRY_VOID(insert.bind_text(7, actor));
  VRS_TRY_VOID(insert.bind_text(8, pending.requested_at));
  VRS_TRY_VOID(insert.run());
  VRS_TRY(pending.id, db_->query_int64("SELECT last_insert_rowid()"));
  db::AuditLog audit(*db_);
  auto seq = audit.append({actor, "certificate.request", "request=" + std::to_string(pending.id) + " member=" + member_id,
                           "pending: " + why});
  if (!seq) return fail(seq.error());
  VRS_TRY_VOID(tx.commit());
  out.pending = std::move(pending);
  return out;
}

Result<IssuedCertificate> MemberStore::approve_request(std::int64_t id, const std::string& approver) {
  VRS_TRY(auto tx, db::Transaction::begin(*db_));
  VRS_TRY(auto find, db_->prepare(
      "SELECT member_id, csr, signing_key, days, reason, requested_by, requested_at, status, serial "
      "FROM certificate_requests WHERE id = ?1"));
  VRS_TRY_VOID(find.bind_int64(1, id));
  VRS_TRY(auto row, find.step());
  const std::string name = "certificate request " + std::to_string(id);
  if (!row) return fail(ErrorCode::NotFound, name + " does not exist");
  const std::string member_id = find.column_text(0);
  IssueRequest request;
  request.csr_pem = find.column_text(1);
  const auto key = find.column_blob(2);
  if (key.size() != request.signing_key.size()) return fail(ErrorCode::DataLoss, name + " has a malformed signing key");
  std::copy(key.begin(), key.end(), request.signing_key.begin());
  request.days = std::chrono::days(find.column_int64(3));
  request.reason = find.column_text(4);
  const std::string requested_by = find.column_text(5);
  const std::string requested_at = find.column_text(6);
  const std::string status = find.column_text(7);
  if (status == "approved") return fail(ErrorCode::Conflict, name + " was already approved (certificate " + find.column_text(8) + ")");
  if (status == "expired") return fail(ErrorCode::FailedPrecondition, name + " expired; ask for a new one");
  if (approver == requested_by) {
    return fail(ErrorCode::PermissionDenied, name + " was made by " + requested_by +
                                                 "; a second, different administrator must approve it");
  }
  const auto made = parse_time_text(requested_at);
  if (!made || std::chrono::system_clock::now() > *made + kRequestLifetime) {
    VRS_TRY(auto expire, db_->prepare("UPDATE certificate_requests SET status = 'expired' WHERE id = ?1"));
    VRS_TRY_VOID(expire.bind_int64(1, id));
    VRS_TRY_VOID(expire.run());
    VRS_TRY_VOID(tx.commit());
    return fail(ErrorCode::FailedPrecondition, name + " expired; ask for a new one");
  }
  VRS_TRY(const auto member, active_member(*db_, member_id));
  VRS_TRY_VOID(check_signing_key(*db_, member_id, request.signing_key));
  db::AuditLog audit(*db_);
  auto approved = audit.append({approver, "certificate.approve",
                                "request=" + std::to_string(id) + " member=" + member_id + " requested_by=" + requested_by, "ok"});
  if (!approved) return fail(approved.error());
  VRS_TRY(auto issued, sign_and_store(member_id, member.role, request, "two_person", requested_by, approver));
  VRS_TRY(auto mark, db_->prepare(
      "UPDATE certificate_requests SET status = 'approved', approved_by = ?2, approved_at = ?3, serial = ?4 WHERE id = ?1"));
  VRS_TRY_VOID(mark.bind_int64(1, id));
  VRS_TRY_VOID(mark.bind_text(2, approver));
  VRS_TRY_VOID(mark.bind_text(3, db::utc_now()));
  VRS_TRY_VOID(mark.bind_text(4, issued.serial));
  VRS_TRY_VOID(mark.run());
  if (member.current_key) {
    // Issued in the name of a member that could have signed for it: tell the member.
    VRS_TRY(auto notice, db_->prepare("INSERT INTO certificate_notices (member_id, serial, created_at) VALUES (?1, ?2, ?3)"));
    VRS_TRY_VOID(notice.bind_text(1, member_id));
    VRS_TRY_VOID(notice.bind_text(2, issued.serial));
    VRS_TRY_VOID(notice.bind_text(3, db::utc_now()));
    VRS_TRY_VOID(notice.run());
  }
  VRS_TRY_VOID(tx.commit());
  return issued;
}

Result<std::vector<PendingRequest>> MemberStore::pending_requests() {
  VRS_TRY(auto tx, db::Transaction::begin(*db_));
  const std::string cutoff = db::format_utc(std::chrono::system_clock::now() - kRequestLifetime);
  VRS_TRY(auto expire, db_->prepare("UPDATE certificate_requests SET status = 'expired' WHERE status = 'pending' AND requested_at < ?1"));
  VRS_TRY_VOID(expire.bind_text(1, cutoff));
  VRS_TRY_VOID(expire.run());
  VRS_TRY(auto stmt, db_->prepare(
      "SELECT r.id, r.member_id, m.role, r.why, r.requested_by, r.requested_at, r.reason FROM certificate_requests r "
      "JOIN members m ON m.member_id = r.member_id WHERE r.status = 'pending' ORDER BY r.id"));
  std::vector<PendingRequest> out;
  for (;;) {
    VRS_TRY(auto row, stmt.step());
    if (!row) break;
    PendingRequest p;
    p.id = stmt.column_int64(0);
    p.member_id = stmt.column_text(1);
    p.role = stmt.column_text(2);
    p.why = stmt.column_text(3);
    p.requested_by = stmt.column_text(4);
    p.requested_at = stmt.column_text(5);
    p.expires_at = plus_days(p.requested_at, kRequestLifetime);
    p.reason = stmt.column_text(6);
    out.push_back(std::move(p));
  }
  VRS_TRY_VOID(tx.commit());
  return out;
}

Result<std::int64_t> MemberStore::mark_notices_seen(const std::string& member_id, const std::string& fingerprint) {
  VRS_TRY(auto stmt, db_->prepare(
      "INSERT OR IGNORE INTO certificate_notice_seen (notice_id, fingerprint, seen_at) "
      "SELECT n.id, ?2, ?3 FROM certificate_notices n JOIN certificates c ON c.serial = n.serial "
      "WHERE n.member_id = ?1 AND c.fingerprint != ?2"));
  VRS_TRY_VOID(stmt.bind_text(1, member_id));
  VRS_TRY_VOID(stmt.bind_text(2, fingerprint));
  VRS_TRY_VOID(stmt.bind_text(3, db::utc_now()));
  VRS_TRY_VOID(stmt.run());
  return db_->changes();
}

Result<IssuedCertificate> MemberStore::sign_and_store(const std::string& member_id, certs::Role role,
                                                      const IssueRequest& request, std::string_view consent,
                                                      const std::string& requested_by,
                                                      const std::optional<std::string>& approved_by) {
  VRS_TRY(auto parsed_id, certs::parse_member_id(member_id));
  auto csr = certs::Csr::from_pem(request.csr_pem);
  if (!csr) return fail(ErrorCode::InvalidArgument, "csr: " + csr.error().message());
  // Signing key: registered to this member (kept) or new (the previous current key is retired).
  const crypto::ByteView key_view(request.signing_key.data(), request.signing_key.size());
  VRS_TRY(auto known, db_->prepare("SELECT count(*) FROM member_keys WHERE public_key = ?1"));
  VRS_TRY_VOID(known.bind_blob(1, key_view));
  VRS_TRY(auto known_row, known.step());
  const std::string now_text = db::utc_now();
  if (!known_row || known.column_int64(0) == 0) {
    VRS_TRY(auto retire, db_->prepare("UPDATE member_keys SET retired_at = ?2 WHERE member_id = ?1 AND retired_at IS NULL"));
    VRS_TRY_VOID(retire.bind_text(1, member_id));
    VRS_TRY_VOID(retire.bind_text(2, now_text));
    VRS_TRY_VOID(retire.run());
    VRS_TRY(auto add, db_->prepare("INSERT INTO member_keys (member_id, public_key, created_at) VALUES (?1, ?2, ?3)"));
    VRS_TRY_VOID(add.bind_text(1, member_id));
    VRS_TRY_VOID(add.bind_blob(2, key_view));
    VRS_TRY_VOID(add.bind_text(3, now_text));
    VRS_TRY_VOID(add.run());
  }

  auto cert = authority_->sign(*csr, certs::Identity{parsed_id, role}, request.days);
  if (!cert) return fail(cert.error().with_context("cannot sign the certificate"));
  IssuedCertificate out;
  out.member_id = member_id;
  out.role = std::string(certs::to_string(role));
  out.serial = cert->serial_hex();
  out.fingerprint = cert->fingerprint_sha256();
  out.not_after = certs::format_time(cert->not_after());
  out.certificate_pem = cert->to_pem();
  out.ca_chain_pem = authority_->chain_pem();

  VRS_TRY(auto insert, db_->prepare(
      "INSERT INTO certificates (serial, member_id, fingerprint, role, subject, not_before, not_after, status, "
      "issued_reason, created_at, consent, requested_by, approved_by) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'active', ?8, ?9, ?10, ?11, ?12)"));
  VRS_TRY_VOID(insert.bind_text(1, out.serial));
  VRS_TRY_VOID(insert.bind_text(2, member_id));
  VRS_TRY_VOID(insert.bind_text(3, out.fingerprint));
  VRS_TRY_VOID(insert.bind_text(4, out.role));
  VRS_TRY_VOID(insert.bind_text(5, cert->subject()));
  VRS_TRY_VOID(insert.bind_text(6, certs::format_time(cert->not_before())));
  VRS_TRY_VOID(insert.bind_text(7, out.not_after));
  VRS_TRY_VOID(insert.bind_text(8, request.reason));
  VRS_TRY_VOID(insert.bind_text(9, now_text));
  VRS_TRY_VOID(insert.bind_text(10, consent));
  VRS_TRY_VOID(insert.bind_text(11, requested_by));
  if (approved_by) {
    VRS_TRY_VOID(insert.bind_text(12, *approved_by));
  } else {
    VRS_TRY_VOID(insert.bind_null(12));
  }
  VRS_TRY_VOID(insert.run());
  db::AuditLog audit(*db_);
  auto seq = audit.append({approved_by.value_or(requested_by), "certificate.issue",
                           "serial=" + out.serial + " member=" + member_id + " consent=" + std::string(consent), "ok"});
  if (!seq) return fail(seq.error());
  return out;
}

Result<std::vector<certs::RevokedEntry>> MemberStore::revoked_entries() {
  VRS_TRY(auto stmt, db_->prepare("SELECT serial, revoked_at, reason FROM certificates WHERE status = 'revoked' ORDER BY serial"));
  std::vector<certs::RevokedEntry> out;
  for (;;) {
    VRS_TRY(auto row, stmt.step());
    if (!row) break;
    certs::RevokedEntry e;
    e.serial_hex = stmt.column_text(0);
    auto at = parse_time_text(stmt.column_text(1));
    e.revoked_at = at ? *at : std::chrono::system_clock::now();
    auto reason = certs::parse_revocation_reason(stmt.column_is_null(2) ? "unspecified" : stmt.column_text(2));
    e.reason = reason ? *reason : certs::RevocationReason::Unspecified;
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::uint64_t> MemberStore::current_crl_number() {
  VRS_TRY(auto get, db_->prepare("SELECT value FROM meta WHERE key = 'crl_number'"));
  VRS_TRY(auto row, get.step());
  if (!row) return std::uint64_t{0};
  try {
    return static_cast<std::uint64_t>(std::stoull(get.column_text(0)));
  } catch (const std::exception&) {
    return fail(ErrorCode::DataLoss, "meta crl_number is not a number");
  }
}

Result<std::uint64_t> MemberStore::next_crl_number() {
  VRS_TRY(auto current, current_crl_number());
  const std::uint64_t number = current + 1;
  VRS_TRY(auto set, db_->prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('crl_number', ?1)"));
  VRS_TRY_VOID(set.bind_text(1, std::to_string(number)));
  VRS_TRY_VOID(set.run());
  return number;
}

Result<std::string> MemberStore::build_next_crl() {
  VRS_TRY(auto revoked, revoked_entries());
  VRS_TRY(auto number, next_crl_number());
  return authority_->build_crl(revoked, number);
}

Result<RevokedCertificate> MemberStore::revoke_certificate(const std::string& serial, certs::RevocationReason reason,
                                                           const std::string& actor) {
  VRS_TRY(auto tx, db::Transaction::begin(*db_));
  // Serials compare without leading zeros (Certificate::serial_hex keeps whole bytes).
  std::string wanted = serial;
  wanted.erase(0, std::min(wanted.find_first_not_of('0'), wanted.size()));
  VRS_TRY(auto find, db_->prepare("SELECT serial, status, member_id FROM certificates WHERE ltrim(serial, '0') = ?1"));
  VRS_TRY_VOID(find.bind_text(1, wanted));
  VRS_TRY(auto row, find.step());
  if (!row) return fail(ErrorCode::NotFound, "certificate " + serial + " is not known");
  const std::string stored = find.column_text(0);
  if (find.column_text(1) == "revoked") return fail(ErrorCode::Conflict, "certificate " + stored + " is already revoked");
  const std::string member_id = find.column_text(2);
  RevokedCertificate out{stored, db::utc_now()};
  VRS_TRY(auto update, db_->prepare("UPDATE certificates SET status = 'revoked', revoked_at = ?2, reason = ?3 WHERE serial = ?1"));
  VRS_TRY_VOID(update.bind_text(1, stored));
  VRS_TRY_VOID(update.bind_text(2, out.revoked_at));
  VRS_TRY_VOID(update.bind_text(3, certs::to_string(reason)));
  VRS_TRY_VOID(update.run());
  VRS_TRY(auto crl, build_next_crl());
  db::AuditLog audit(*db_);
  auto seq = audit.append({actor, "certificate.revoke",
                           "serial=" + stored + " member=" + member_id + " reason=" + std::string(certs::to_string(reason)),
                           "ok"});
  if (!seq) return fail(seq.error());
  VRS_TRY_VOID(tx.commit());
  // The revocation is committed (and the registry refresh makes it effective); the CRL file
  // follows. A failure to write it is reported: the operator must fix the disk and SIGHUP.
  VRS_TRY_VOID(authority_->publish_crl(crl));
  return out;
}

Result<void> MemberStore::publish_crl(const std::string& actor) {
  VRS_TRY(auto tx, db::Transaction::begin(*db_));
  VRS_TRY(auto crl, build_next_crl());
  db::AuditLog audit(*db_);
  auto seq = audit.append({actor, "crl.publish", authority_->crl_path().filename().string(), "ok"});
  if (!seq) return fail(seq.error());
  VRS_TRY_VOID(tx.commit());
  return authority_->publish_crl(crl);
}

Result<std::size_t> MemberStore::import_revocations(const certs::Crl& crl, const std::string& actor) {
  VRS_TRY(auto tx, db::Transaction::begin(*db_));
  auto find = db_->prepare("SELECT serial, member_id FROM certificates WHERE ltrim(serial, '0') = ?1 AND status = 'active'");
  auto update = db_->prepare("UPDATE certificates SET status = 'revoked', revoked_at = ?2, reason = ?3 WHERE serial = ?1");
  if (!find) return fail(find.error());
  if (!update) return fail(update.error());
  db::AuditLog audit(*db_);
  std::size_t revoked = 0;
  for (const auto& entry : crl.entries()) {
    VRS_TRY_VOID(find->reset());
    VRS_TRY_VOID(find->bind_text(1, entry.serial_hex));
    VRS_TRY(auto row, find->step());
    if (!row) continue;
    const std::string stored = find->column_text(0);
    const std::string member_id = find->column_text(1);
    VRS_TRY_VOID(update->reset());
    VRS_TRY_VOID(update->bind_text(1, stored));
    VRS_TRY_VOID(update->bind_text(2, certs::format_time(entry.revoked_at)));
    VRS_TRY_VOID(update->bind_text(3, certs::to_string(entry.reason)));
    VRS_TRY_VOID(update->run());
    auto seq = audit.append({actor, "certificate.revoke",
                             "serial=" + stored + " member=" + member_id +
                                 " reason=" + std::string(certs::to_string(entry.reason)) + " source=crl",
                             "ok"});
    if (!seq) return fail(seq.error());
    ++revoked;
  }
  VRS_TRY(auto current, current_crl_number());
  const std::uint64_t theirs = crl.number().value_or(0);
  if (revoked == 0 && theirs <= current) {
    // Nothing new; keep the installed CRL if it still lists every revocation we know of.
    VRS_TRY(auto known, revoked_entries());
    if (std::all_of(known.begin(), known.end(), [&crl](const auto& e) { return crl.is_revoked(e.serial_hex); })) {
      return std::size_t{0};
    }
  }
  if (theirs > current) {
    VRS_TRY(auto set, db_->prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('crl_number', ?1)"));
    VRS_TRY_VOID(set.bind_text(1, std::to_string(theirs)));
    VRS_TRY_VOID(set.run());
  }
  VRS_TRY(auto rebuilt, build_next_crl());
  auto seq = audit.append({actor, "crl.publish", authority_->crl_path().filename().string(), "ok"});
  if (!seq) return fail(seq.error());
  VRS_TRY_VOID(tx.commit());
  VRS_TRY_VOID(authority_->publish_crl(rebuilt));
  return revoked;
}

Result<void> audit_rejection(db::Database& db, const std::string& actor, const std::string& fingerprint,
                             const std::string& reason, std::uint64_t unlogged_before) {
  db::AuditLog audit(db);
  const std::string object = fingerprint.empty() ? std::string("-") : "fingerprint:" + fingerprint.substr(0, 16);
  std::string outcome = "denied: " + reason;
  if (unlogged_before > 0) {
    outcome += "; " + std::to_string(unlogged_before) + " more refused for this reason before, counted, not logged singly";
  }
  auto seq = audit.append({actor.empty() ? std::string("unknown") : actor, "auth.reject", object, outcome});
  if (!seq) return fail(seq.error());
  return {};
}

Result<void> audit_rejection_summary(db::Database& db, const std::string& reason, std::uint64_t count) {
  auto seq = db::AuditLog(db).append({"server", "auth.reject.summary", "reason=" + reason,
                                      "denied: " + std::to_string(count) + " refused, counted, not logged singly"});
  if (!seq) return fail(seq.error());
  return {};
}

}  // namespace vrs::server::store
