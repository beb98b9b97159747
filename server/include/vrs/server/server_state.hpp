#pragma once
/// What the listener, the sessions and the handlers share: configuration, limits, registry
/// cache, metrics, rate limiters, the DB worker, the issuing CA, the current TLS context and
/// the set of live sessions (for draining). Owned by Server; outlives every session and job.
///
/// Thread-safety: every member function may be called from any thread; the members that
/// change at run time (limits, TLS context, sessions, per-member counts) are behind mutexes
/// held only for pointer swaps and map updates (never across I/O or the database).

#include <atomic>
#include <cstddef>
#include <memory>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

#include "vrs/server/analysis/engine.hpp"
#include "vrs/server/config.hpp"
#include "vrs/server/store/db_worker.hpp"
#include "vrs/server/issuing_authority.hpp"
#include "vrs/server/metrics.hpp"
#include "vrs/server/transport/net.hpp"
#include "vrs/server/transport/rate_limiter.hpp"
#include "vrs/server/store/registry.hpp"
#include "vrs/server/store/transparency_log.hpp"
#include "vrs/server/transport/router.hpp"
#include "vrs/server/store/server_keys.hpp"

#include <boost/asio/thread_pool.hpp>

namespace vrs::server::transport {
class Session;
}  // namespace vrs::server::transport

namespace vrs::server {

/// Rejection audit entries written per second per reason (burst 2x) at most: a flood of bad
/// certificates must not turn into a flood of database writes, and a flood of one kind (unknown
/// certificates) cannot crowd out another (a revoked certificate). What a bucket drops is
/// counted and written with the reason's next entry, or as a summary every minute.
inline constexpr double kRejectionAuditPerSecond = 5;

struct ServerState {
  explicit ServerState(Config cfg);

  const Config config;  ///< as loaded at start (paths, listen); limits live in limits()
  store::Registry registry;
  Metrics metrics;
  transport::RateLimiter rate_limiter;
  transport::RateLimiter audit_limiter{kRejectionAuditPerSecond, 2 * kRejectionAuditPerSecond, 64};
  std::unique_ptr<store::DbWorker> db;
  std::shared_ptr<IssuingAuthority> authority;
  std::unique_ptr<store::TransparencyLog> log;           ///< the audit log's Merkle tree: DB worker only
  std::unique_ptr<transport::net::thread_pool> workers;     ///< envelope opening, signatures, validation
  std::unique_ptr<analysis::Engine> analysis;      ///< reports: own thread, read-only connection
  transport::Router router;
  std::atomic<bool> draining{false};

  /// Sealing and receipt keys (each set immutable; SIGHUP swaps in a reloaded set).
  [[nodiscard]] std::shared_ptr<const store::ServerKeys> keys() const;
  void set_keys(std::shared_ptr<const store::ServerKeys> keys);

  [[nodiscard]] std::shared_ptr<const Limits> limits() const;
  void set_limits(const Limits& limits);

  /// The context new connections use.
  [[nodiscard]] std::shared_ptr<transport::ssl::context> tls_context() const;
  /// Builds a new context from the configured files (certificate chain, key, CA, CRL) and swaps
  /// it in for new connections. File I/O: call on the DB worker or at start-up, never on an I/O
  /// thread.
  Result<void> rebuild_tls_context();

  /// After a registry change (on the DB worker): reloads the cache from `db` and rebuilds the
  /// TLS context (new CRL). Errors are logged and returned.
  Result<void> refresh(db::Database& db);

  /// Counts a rejected authentication and writes it to the audit log (rate-limited, on the
  /// DB worker). Never blocks.
  void reject_authentication(const std::string& actor, const std::string& fingerprint, std::string_view reason);

  /// Writes one "auth.reject.summary" entry per reason whose refusals were counted but not
  /// logged singly since the last entry for it (posted to the DB worker).
  void flush_rejection_summaries();

  /// Per-member analysis slots (queued or running). false when the member is at `limit`.
  bool acquire_analysis_slot(const std::string& member_id, std::size_t limit);
  void release_analysis_slot(const std::string& member_id);

  /// Per-member connection slots. acquire() is false when the member is at its limit.
  bool acquire_member_slot(const std::string& member_id, std::size_t limit);
  void release_member_slot(const std::string& member_id);

  /// Per source address: a connection slot (held for the connection's life) and a handshake
  /// slot (held until its TLS handshake ends). acquire_source() takes both, or neither and
  /// false when the address is at either limit.
  bool acquire_source(const std::string& address, std::size_t connections, std::size_t handshakes);
  void end_source_handshake(const std::string& address);
  void release_source(const std::string& address);

  void add_session(transport::Session* key, std::weak_ptr<transport::Session> session);
  void remove_session(transport::Session* key);
  /// Live sessions (for draining).
  [[nodiscard]] std::vector<std::shared_ptr<transport::Session>> sessions() const;

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const Limits> limits_;
  std::shared_ptr<const store::ServerKeys> keys_;
  std::shared_ptr<transport::ssl::context> tls_context_;
  std::unordered_map<std::string, std::size_t> member_connections_;
  std::unordered_map<std::string, std::size_t> member_analyses_;
  std::map<std::string, std::uint64_t> rejections_unlogged_;  ///< per reason, since its last entry
  struct SourceCount {
    std::size_t connections = 0;
    std::size_t handshakes = 0;
  };
  std::unordered_map<std::string, SourceCount> sources_;
  std::unordered_map<transport::Session*, std::weak_ptr<transport::Session>> sessions_;
};

}  // namespace vrs::server
