#pragma once
/// The tamper-evident audit log (docs/architecture.md "Storage"): an append-only table whose rows
/// form a BLAKE2b hash chain.
///
/// Entry hash (version 1), BLAKE2b-256 over these fields in order, each fed through
/// crypto::Blake2b256::update_framed (64-bit big-endian length, then the bytes):
///   1. seq        as 8 bytes, big-endian two's complement;
///   2. time       UTF-8 text, UTC ISO-8601 as written (vrs/db/clock.hpp);
///   3. actor      UTF-8 text;
///   4. action     UTF-8 text;
///   5. object     UTF-8 text;
///   6. outcome    UTF-8 text;
///   7. prev_hash  32 bytes: the hash of entry seq-1, or 32 zero bytes for seq 1 (genesis).
/// Sequence numbers start at 1 and have no gaps. The table refuses UPDATE and DELETE and
/// any INSERT that is not the next seq (triggers), so changing history needs the database key
/// *and* dropping triggers, and still breaks the chain; only truncating the tail is invisible to
/// the chain alone, which is what signed checkpoints of the head (audit_checkpoints) are for.
///
/// Never put incident content or key material in an entry: actor is a member id or
/// "operator", object names a thing (a member id, a certificate serial, a submission id).
///
/// Thread-safety: an AuditLog is bound to one Database and shares its thread.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "vrs/common/error.hpp"
#include "vrs/crypto/hash.hpp"

namespace vrs::db {

class Database;

/// Limits (bytes) checked by append() before anything is written.
inline constexpr std::size_t kMaxAuditActor = 128;
inline constexpr std::size_t kMaxAuditAction = 128;
inline constexpr std::size_t kMaxAuditObject = 512;
inline constexpr std::size_t kMaxAuditOutcome = 256;

/// What the caller logs; append() adds seq, time and the hashes.
struct AuditEntry {
  std::string actor;    ///< non-empty, e.g. "AUS-ABF", "operator", "admin:NZL-INZ"
  std::string action;   ///< non-empty, dotted, e.g. "db.init", "submission.accept"
  std::string object;   ///< may be empty
  std::string outcome;  ///< non-empty, e.g. "ok", "denied: revoked certificate"
};

/// A stored row.
struct AuditRecord {
  std::int64_t seq = 0;
  std::string time;
  std::string actor;
  std::string action;
  std::string object;
  std::string outcome;
  crypto::Bytes prev_hash;  ///< 32 bytes in a sound log
  crypto::Bytes hash;       ///< 32 bytes in a sound log
};

/// The chain head: seq 0 and 32 zero bytes for an empty log.
struct AuditHead {
  std::int64_t seq = 0;
  crypto::Digest32 hash{};
};

struct AuditVerifyReport {
  std::int64_t entries = 0;                     ///< rows read
  std::int64_t head_seq = 0;                    ///< seq of the last row (0 if empty)
  crypto::Digest32 head_hash{};                 ///< hash stored in the last row
  std::optional<std::int64_t> first_broken_seq; ///< the first entry that does not verify
  std::string reason;                           ///< why, when broken
  [[nodiscard]] bool ok() const noexcept { return !first_broken_seq.has_value(); }
};

/// The hash of an entry as documented above. `prev_hash` must be 32 bytes (checked by the
/// callers; a wrong size yields a hash that cannot match).
crypto::Digest32 compute_audit_hash(std::int64_t seq, std::string_view time, std::string_view actor,
                                    std::string_view action, std::string_view object,
                                    std::string_view outcome, crypto::ByteView prev_hash);

class AuditLog {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  /// Binds to `db` (which must outlive this object). `clock` defaults to system_clock::now.
  explicit AuditLog(Database& db, Clock clock = {});

  /// Appends an entry and returns its seq. Inside the caller's transaction when one is open
  /// (so the entry commits or rolls back with the action it records: if it cannot be written,
  /// the caller must refuse the action); otherwise in its own BEGIN IMMEDIATE transaction.
  /// InvalidArgument for an empty actor/action/outcome or a field over its limit.
  Result<std::int64_t> append(const AuditEntry& entry);

  /// The last entry's seq and hash.
  Result<AuditHead> head();

  /// Up to `limit` entries with seq > after_seq, in seq order (paging: pass the last seq seen).
  Result<std::vector<AuditRecord>> list(std::int64_t after_seq, std::size_t limit);

  /// Recomputes the whole chain from the genesis and names the first entry that fails:
  /// a missing seq (deleted or reordered rows), a prev_hash that is not the previous entry's
  /// hash, or a stored hash that does not match the entry's fields. Errors only if the
  /// database cannot be read.
  Result<AuditVerifyReport> verify();

  /// true if the append-only triggers of audit_log are all present.
  Result<bool> triggers_present();

 private:
  Database* db_;
  Clock clock_;
};

}  // namespace vrs::db
