#pragma once
/// The transparency log (docs/transparency.md): the audit log as an append-only Merkle tree
/// (RFC 9162) whose leaf i is the audit entry with seq i + 1 (leaf data: its chain hash). The
/// server signs tree heads with its receipt key: for every receipt (with the receipt's
/// inclusion proof), on GET /v1/log/head, and at a fixed interval; heads of the two latter kinds
/// are stored (audit_checkpoints) and the latest is also written to a file beside the database.
///
/// open() verifies the whole log before the server serves: the chain, every stored checkpoint
/// (its signature, and that the tree of its size still has its root) and the head file. A log
/// that was cut, reordered or rewritten since a head was signed fails with DataLoss naming it.
/// What it cannot see, members can: they hold signed heads from their receipts and check them
/// against the server's current head with consistency proofs (`vrs-client log verify`).
///
/// Thread-safety: none; it lives on the DB worker, next to the connection it reads.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "vrs/common/error.hpp"
#include "vrs/crypto/merkle.hpp"
#include "vrs/schema/tree_head.hpp"

namespace vrs::db {
class Database;
}

namespace vrs::server::store {

class ServerKeys;

/// How often the server signs and stores a head of a grown log.
inline constexpr std::chrono::seconds kCheckpointInterval{60};

class TransparencyLog {
 public:
  /// Reads and verifies the whole log (see above). DataLoss naming the first problem.
  static Result<std::unique_ptr<TransparencyLog>> open(db::Database& db, std::filesystem::path head_file);

  /// Takes in the entries committed since the last call (checking their chain).
  Result<void> sync(db::Database& db);
  [[nodiscard]] std::uint64_t size() const noexcept { return tree_.size(); }
  /// The root of the tree of the first `size` entries.
  [[nodiscard]] Result<crypto::Digest32> root(std::uint64_t size) const { return tree_.root(size); }

  /// A head of the current size signed with the current receipt key (one signature per size).
  Result<schema::SignedTreeHead> head(db::Database& db, const ServerKeys& keys);
  /// Stores the current head as a checkpoint and in the head file if the log grew since the
  /// last one; returns it.
  Result<schema::SignedTreeHead> checkpoint(db::Database& db, const ServerKeys& keys);
  /// The log part of the receipt whose audit entry is `seq`: that entry, the current head and
  /// the entry's inclusion proof.
  Result<schema::ReceiptLog> receipt_log(db::Database& db, const ServerKeys& keys, std::int64_t seq);
  /// The consistency proof from tree `from` to tree `to` (both <= size()).
  [[nodiscard]] Result<std::vector<crypto::Digest32>> consistency(std::uint64_t from, std::uint64_t to) const;

 private:
  explicit TransparencyLog(std::filesystem::path head_file) : head_file_(std::move(head_file)) {}
  Result<void> write_head_file(const schema::SignedTreeHead& head) const;
  crypto::MerkleTree tree_;
  crypto::Digest32 last_hash_{};  ///< chain hash of the last entry (zeros: empty)
  std::optional<schema::SignedTreeHead> signed_;
  std::uint64_t checkpointed_ = 0;
  std::filesystem::path head_file_;
};

}  // namespace vrs::server::store
