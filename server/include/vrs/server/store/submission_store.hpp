#pragma once
/// Submissions and incident versions in the server database (docs/architecture.md "Submission
/// path"): stores a verified batch atomically with its audit entry and signed receipt, and reads
/// a member's own submissions and record histories. Records live in the (member, ref) space of
/// the TLS identity's member: another member's ref cannot even be named.
///
/// store() runs inside the caller's transaction (the DB worker's group commit savepoint) and
/// never opens one itself. Thread-safety: bound to one Database, so to its thread.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vrs/common/error.hpp"
#include "vrs/crypto/sign.hpp"
#include "vrs/schema/envelope.hpp"
#include "vrs/server/store/server_keys.hpp"

namespace vrs::db {
class Database;
}

namespace vrs::server::store {

/// A batch whose envelope opened, whose signature verified and whose records are valid.
struct VerifiedSubmission {
  std::string member_id;  ///< from the TLS identity (the batch's `member` equals it)
  std::string state;      ///< the member's state
  schema::Batch batch;
  std::string payload_sha256;  ///< lower-case hex
  crypto::Ed25519Signature signature{};
  crypto::Ed25519PublicKey signer{};
  std::string sealed_to;  ///< sealing key id
  int envelope_version = 2;  ///< 1 during its grace period (docs/envelope.md)
};

struct SubmissionOutcome {
  enum class Kind {
    Stored,              ///< new: receipt signed and stored
    Replayed,            ///< same id, same payload: the stored receipt
    SignerMismatch,      ///< the signer key is not the member's current signing key
    SubmissionConflict,  ///< same id, other payload (or another member's id)
    VersionConflict,     ///< see `conflicts`
  };
  Kind kind = Kind::Stored;
  std::string receipt;                ///< Stored/Replayed: the signed wire receipt
  schema::FieldErrors conflicts;      ///< VersionConflict: one per record, path records[i].…
  std::string detail;                 ///< one line for the problem
  std::size_t records = 0;            ///< Stored: records stored
};

struct SubmissionSummary {
  std::int64_t id = 0;
  std::string submission_id;
  std::string received_at;
  std::int64_t record_count = 0;
  std::string payload_sha256;
  std::int64_t audit_seq = 0;
};

struct IncidentVersionInfo {
  std::int64_t version = 0;
  std::string status;
  std::optional<std::int64_t> base_version;
  std::string submission_id;
  std::string created_at;
  bool latest = false;
  std::string canonical;  ///< the record as submitted (canonical JSON)
};

class SubmissionStore {
 public:
  explicit SubmissionStore(db::Database& db) : db_(&db) {}

  /// See SubmissionOutcome. An Error only for database failures (then the caller rolls back).
  Result<SubmissionOutcome> store(const VerifiedSubmission& submission, const ServerKeys& keys);

  /// Own submissions with id > after, oldest first, at most `limit`.
  Result<std::vector<SubmissionSummary>> list(const std::string& member_id, std::int64_t after, std::size_t limit);
  /// The stored receipt of an own submission, nullopt if there is none.
  Result<std::optional<std::string>> receipt(const std::string& member_id, const std::string& submission_id);
  /// Every version of an own record, oldest first (empty if the ref is unknown).
  Result<std::vector<IncidentVersionInfo>> versions(const std::string& member_id, const std::string& ref);

 private:
  db::Database* db_;
};

}  // namespace vrs::server::store
