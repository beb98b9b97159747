#pragma once
/// The registry cache the TLS sessions authenticate against (docs/architecture.md "Transport"):
/// certificate fingerprint -> member, role, member status, certificate status and validity. The
/// source of truth is the database (tables members and certificates); the cache is rebuilt from
/// it after every change (issue, revoke, member changes) and on SIGHUP.
///
/// Thread-safety: authenticate() and size() may be called from any thread and never touch the
/// database (they read an immutable snapshot); replace()/reload() swap the snapshot atomically.
/// load()/reload() must run on the thread that owns `db` (the DB worker).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include <tl/expected.hpp>

#include "vrs/common/error.hpp"
#include "vrs/server/authenticated_peer.hpp"

namespace vrs::db {
class Database;
}

namespace vrs::server::store {

/// Why a certificate is not accepted (metrics labels and audit outcomes).
enum class AuthFailure { Unknown, Revoked, Expired, NotYetValid, Suspended };
std::string_view to_string(AuthFailure failure) noexcept;

struct RegistryEntry {
  AuthenticatedPeer peer;
  certs::SysTime not_before;
  bool certificate_active = true;  ///< false once revoked
  bool member_active = true;       ///< false when the member is suspended or retired
  /// Certificates issued in the member's name without its proof that this certificate has not
  /// been told of yet (docs/pki.md "Consent").
  std::int64_t unseen_notices = 0;
};

class Registry {
 public:
  using Entries = std::unordered_map<std::string, RegistryEntry>;  ///< key: fingerprint

  /// The peer for a certificate fingerprint, or why it is refused, at time `now`.
  [[nodiscard]] tl::expected<AuthenticatedPeer, AuthFailure> authenticate(std::string_view fingerprint,
                                                                          certs::SysTime now) const;

  /// Replaces the snapshot.
  void replace(Entries entries);
  /// Reads every certificate of every member from `db` (rows with a role the server does not
  /// know are skipped).
  static Result<Entries> load(db::Database& db);
  /// load() + replace().
  Result<void> reload(db::Database& db);

  [[nodiscard]] std::size_t size() const;
  /// RegistryEntry::unseen_notices of a certificate (0 if unknown).
  [[nodiscard]] std::int64_t unseen_notices(std::string_view fingerprint) const;

 private:
  [[nodiscard]] std::shared_ptr<const Entries> snapshot() const;
  mutable std::mutex mutex_;
  std::shared_ptr<const Entries> entries_ = std::make_shared<const Entries>();
};

}  // namespace vrs::server::store
