#include "vrs/server/store/registry.hpp"

#include <spdlog/spdlog.h>

#include "vrs/db/database.hpp"
#include "vrs/server/store/time_text.hpp"

namespace vrs::server::store {

std::string_view to_string(AuthFailure failure) noexcept {
  switch (failure) {
    case AuthFailure::Unknown: return "unknown_certificate";
    case AuthFailure::Revoked: return "revoked";
    case AuthFailure::Expired: return "expired";
    case AuthFailure::NotYetValid: return "not_yet_valid";
    case AuthFailure::Suspended: return "member_suspended";
  }
  return "unknown_certificate";
}

std::shared_ptr<const Registry::Entries> Registry::snapshot() const {
  std::lock_guard lock(mutex_);
  return entries_;
}

tl::expected<AuthenticatedPeer, AuthFailure> Registry::authenticate(std::string_view fingerprint,
                                                                    certs::SysTime now) const {
  const auto entries = snapshot();
  auto it = entries->find(std::string(fingerprint));
  if (it == entries->end()) return tl::unexpected(AuthFailure::Unknown);
  const RegistryEntry& e = it->second;
  if (!e.certificate_active) return tl::unexpected(AuthFailure::Revoked);
  if (!e.member_active) return tl::unexpected(AuthFailure::Suspended);
  if (now >= e.peer.not_after) return tl::unexpected(AuthFailure::Expired);
  if (now < e.not_before) return tl::unexpected(AuthFailure::NotYetValid);
  return e.peer;
}

void Registry::replace(Entries entries) {
  auto next = std::make_shared<const Entries>(std::move(entries));
  std::lock_guard lock(mutex_);
  entries_ = std::move(next);
}

std::size_t Registry::size() const { return snapshot()->size(); }

std::int64_t Registry::unseen_notices(std::string_view fingerprint) const {
  const auto entries = snapshot();
  auto it = entries->find(std::string(fingerprint));
  return it == entries->end() ? 0 : it->second.unseen_notices;
}

Result<Registry::Entries> Registry::load(db::Database& db) {
  VRS_TRY(auto stmt, db.prepare(
      "SELECT c.fingerprint, c.serial, c.member_id, m.state, m.role, m.status, c.status, c.not_before, c.not_after "
      "FROM certificates c JOIN members m ON m.member_id = c.member_id"));
  Entries entries;
  for (;;) {
    VRS_TRY(auto row, stmt.step());
    if (!row) break;
    RegistryEntry e;
    const std::string fingerprint = stmt.column_text(0);
    e.peer.fingerprint = fingerprint;
    e.peer.serial = stmt.column_text(1);
    e.peer.member_id = stmt.column_text(2);
    e.peer.state = stmt.column_text(3);
    // The member's registered role decides, not the certificate's (they agree when we issued it).
    auto role = certs::parse_role(stmt.column_text(4));
    if (!role) {
      spdlog::warn("registry: skipping certificate with unsupported role serial={} member={}", e.peer.serial,
                   e.peer.member_id);
      continue;
    }
    e.peer.role = *role;
    e.member_active = stmt.column_text(5) == "active";
    e.certificate_active = stmt.column_text(6) == "active";
    auto not_before = parse_time_text(stmt.column_text(7));
    auto not_after = parse_time_text(stmt.column_text(8));
    if (!not_before || !not_after) {
      spdlog::warn("registry: skipping certificate with unreadable validity serial={}", e.peer.serial);
      continue;
    }
    e.not_before = *not_before;
    e.peer.not_after = *not_after;
    entries.emplace(fingerprint, std::move(e));
  }
  // Notices: for each certificate of a member, the notices about its other certificates not seen.
  VRS_TRY(auto notices, db.prepare(
      "SELECT c.fingerprint, count(*) FROM certificate_notices n JOIN certificates c ON c.member_id = n.member_id "
      "WHERE c.serial != n.serial AND NOT EXISTS (SELECT 1 FROM certificate_notice_seen s "
      "WHERE s.notice_id = n.id AND s.fingerprint = c.fingerprint) GROUP BY c.fingerprint"));
  for (;;) {
    VRS_TRY(auto row, notices.step());
    if (!row) break;
    auto it = entries.find(notices.column_text(0));
    if (it != entries.end()) it->second.unseen_notices = notices.column_int64(1);
  }
  return entries;
}

Result<void> Registry::reload(db::Database& db) {
  VRS_TRY(auto entries, load(db));
  replace(std::move(entries));
  return {};
}

}  // namespace vrs::server::store
