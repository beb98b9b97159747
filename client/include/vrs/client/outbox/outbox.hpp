#pragma once
/// The member agent's outbox (docs/architecture.md "Submission path", "Storage"): `outbox.db` in the profile directory, a
/// SQLCipher database of its own (vrs_db, db::outbox_schema(), application_id "VRSO") keyed
/// with 32 random bytes kept in `outbox.key` (hex, 0600, made on first use with
/// db::create_key_file; refused if group/others can read it).
///
/// Life of a submission (one batch):
///  1. enqueue(): the signed payload (canonical vrs.batch/1 bytes) is committed, state
///     `queued`, due at once — before anything is sent;
///  2. set_envelope(): the envelope sealed to the server's current key is committed before it
///     is posted (and replaced when the server asks for a re-seal to a newer key);
///  3. store_receipt(): only a receipt that verifies under a known server receipt key and
///     names this submission id, member, payload SHA-256 and exactly the submitted refs is
///     stored — in the same transaction that marks the envelope `sent` (payload and envelope
///     are then cleared: the receipt is the proof). Anything else changes nothing;
///  4. record_retry() (network, 5xx, 429, a bad receipt): still `queued`, attempts + 1,
///     next_attempt_at = now + backoff_delay(attempts); record_failure() (a rejection that
///     cannot succeed on retry): `failed` with the reason.
///
/// Messages and stored reasons never contain key material or record content (submission ids,
/// refs, counts and problem codes only).
///
/// Thread-safety: an Outbox is one database connection, used by one thread. Several processes
/// may open the same outbox (SQLite locking; writes take the lock up front).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vrs/client/net/server_keys.hpp"
#include "vrs/common/error.hpp"
#include "vrs/schema/receipt.hpp"

namespace vrs::db {
class Database;
}

namespace vrs::client::outbox {

using Clock = std::chrono::system_clock;

enum class EnvelopeState { Queued, Sent, Failed };
std::string_view to_string(EnvelopeState state) noexcept;

/// A submission to queue: the batch already encoded (schema::encode_batch).
struct NewSubmission {
  std::string submission_id;  ///< the batch's UUID
  std::string created_at;     ///< the batch's created_at
  std::string member;         ///< the batch's member
  std::string source;         ///< where the records came from (file names), for `status`
  std::vector<std::string> refs;
  std::string payload;        ///< the canonical batch bytes (what the signature covers)
};

struct OutboxEntry {
  std::string submission_id;
  std::string created_at;
  std::string member;
  std::string source;
  std::size_t record_count = 0;
  std::vector<std::string> refs;
  std::string payload;                  ///< empty once sent and past its resend window
  std::string payload_sha256;           ///< lower-case hex
  std::optional<std::string> key_id;    ///< sealing key of `envelope`
  std::optional<std::string> envelope;  ///< nullopt until sealed, and once sent
  EnvelopeState state = EnvelopeState::Queued;
  int attempts = 0;
  std::string last_error;
  std::string next_attempt_at;
  std::string updated_at;
};

struct StoredReceipt {
  std::string submission_id;
  std::string receipt;      ///< the signed wire JSON as the server sent it
  std::string received_at;
  std::string key_id;       ///< the server receipt key that verified it
  std::size_t record_count = 0;
  std::uint64_t audit_seq = 0;
};

struct OutboxCounts {
  std::size_t queued = 0;
  std::size_t sent = 0;
  std::size_t failed = 0;
};

/// Delay before retry number `attempts` + 1 after `attempts` failed ones (≥ 1): 15 s doubled
/// per attempt, at most kMaxBackoff.
inline constexpr std::chrono::seconds kFirstBackoff{15};
inline constexpr std::chrono::seconds kMaxBackoff{600};
std::chrono::seconds backoff_delay(int attempts) noexcept;
/// How long a sent submission keeps its payload, so that it can be sent again if the server
/// is restored from a backup that predates it (sync --resend-lost). Cleared after it when a
/// receipt is stored and whenever the outbox is opened.
inline constexpr std::chrono::hours kResendWindow{14 * 24};
/// The longest wait a server's Retry-After can impose on one submission.
inline constexpr std::chrono::seconds kMaxRetryAfter{3600};

/// Checks a receipt wire text against a queued entry without storing anything: the signature
/// under the receipt key it names (which must be in `keys`: Unauthenticated otherwise, as for
/// a bad signature), then submission id, member, payload SHA-256 and the set of refs
/// (Conflict naming the mismatch). The receipt on success.
Result<schema::Receipt> check_receipt(std::string_view wire, const OutboxEntry& entry, const net::ServerKeys& keys);

class Outbox {
 public:
  enum class Mode {
    OpenOrCreate,  ///< create outbox.key and outbox.db if missing
    OpenExisting,  ///< NotFound if outbox.db does not exist
  };
  /// Opens `db_path` with the key in `key_path`. Besides Database::open's failures
  /// (Unauthenticated: wrong key; DataLoss: corrupt; FailedPrecondition: not an outbox), all
  /// with the path in the message: FailedPrecondition if the key file is readable by group or
  /// others or if outbox.db exists without outbox.key, InvalidArgument for a malformed key file.
  static Result<Outbox> open(const std::filesystem::path& db_path, const std::filesystem::path& key_path, Mode mode);

  Outbox(Outbox&&) noexcept;
  Outbox& operator=(Outbox&&) noexcept;
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;
  ~Outbox();

  /// Queues every submission in one transaction (all or none), due at `now`. InvalidArgument
  /// for an empty payload or no refs; AlreadyExists for a submission id already queued.
  /// `also`, when given, runs in the same transaction (the agent records the file the
  /// submissions came from); its failure queues nothing.
  Result<void> enqueue(const std::vector<NewSubmission>& submissions, Clock::time_point now,
                       const std::function<Result<void>(db::Database&)>& also = {});
  /// The outbox's database, for the agent's own table kept in it (agent/file_registry.hpp).
  db::Database& database() noexcept;
  /// Stores the sealed envelope of a queued or failed entry (committed before it is sent).
  Result<void> set_envelope(std::string_view submission_id, std::string_view key_id, std::string_view envelope,
                            Clock::time_point now);
  /// check_receipt(), then in one transaction: the receipt row in, the entry `sent` (payload
  /// and envelope cleared). NotFound for an unknown id; FailedPrecondition if the entry is not
  /// queued. On any error the outbox is unchanged.
  Result<schema::Receipt> store_receipt(std::string_view submission_id, std::string_view wire, const net::ServerKeys& keys,
                                        Clock::time_point now);
  /// A transient failure: attempts + 1, next attempt after backoff_delay(attempts) or after
  /// `at_least` (the server's Retry-After, at most kMaxRetryAfter) when that is longer, the
  /// reason kept. Returns the entry as updated.
  Result<OutboxEntry> record_retry(std::string_view submission_id, std::string_view reason, Clock::time_point now,
                                   std::chrono::seconds at_least = std::chrono::seconds(0));
  /// A rejection that cannot succeed on retry: state `failed`, attempts + 1, the reason kept.
  Result<void> record_failure(std::string_view submission_id, std::string_view reason, Clock::time_point now);
  /// Removes a `failed` entry (FailedPrecondition for any other state, NotFound if unknown).
  Result<void> discard(std::string_view submission_id);

  Result<std::optional<OutboxEntry>> find(std::string_view submission_id);
  /// Queued entries due at `now` (all queued ones with `all`), oldest first.
  Result<std::vector<OutboxEntry>> due(Clock::time_point now, bool all);
  /// Entries in `state`, oldest first (every entry with nullopt).
  Result<std::vector<OutboxEntry>> list(std::optional<EnvelopeState> state);
  Result<OutboxCounts> counts();
  /// Sent submissions still in their resend window (payload kept), oldest first.
  Result<std::vector<OutboxEntry>> resendable(Clock::time_point now);
  /// Queues a sent submission again (the server no longer has it): its receipt moves to
  /// lost_receipts, it is due now with no attempts. FailedPrecondition unless it is sent and
  /// still has its payload.
  Result<void> requeue_lost(std::string_view submission_id, Clock::time_point now);
  /// Stored receipts, oldest first.
  Result<std::vector<StoredReceipt>> receipts();

 private:
  struct Impl;
  explicit Outbox(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vrs::client::outbox
