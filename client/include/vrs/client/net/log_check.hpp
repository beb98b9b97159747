#pragma once
/// Checking the server's transparency log from the member's side (docs/transparency.md): every
/// receipt carries a signed tree head and the proof that the receipt's own audit entry is in it;
/// the member keeps the latest head it verified. Consistency proofs from every head it holds to
/// the server's current head show that the log only ever grew: a log that was cut, reordered or
/// rewritten after any of those heads was signed cannot produce them. Two heads of one size
/// with different roots are a fork: the server showed different logs to different parties.
///
/// The checks are pure (the command fetches the documents): check_receipts() offline, then
/// against the current head with check_current() and check_consistency().
///
/// Thread-safety: pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vrs/client/net/server_keys.hpp"
#include "vrs/common/error.hpp"
#include "vrs/schema/receipt.hpp"
#include "vrs/schema/tree_head.hpp"

namespace vrs::client::net {

/// A signed head the member holds, and where it came from ("receipt <submission id>", "kept head").
struct HeldHead {
  schema::SignedTreeHead head;
  std::string source;
};

struct LogCheck {
  std::size_t receipts = 0;                ///< receipts read
  std::size_t receipts_proved = 0;         ///< whose entry was proved in their head
  std::size_t receipts_without_proof = 0;  ///< made before the server kept a log (no "log")
  std::vector<HeldHead> heads;             ///< every verified head held
  std::vector<std::string> problems;       ///< each one a reason to distrust the log
  [[nodiscard]] bool ok() const noexcept { return problems.empty(); }
};

/// The signature of `head` under the receipt key it names. Unauthenticated / NotFound (key).
Result<void> check_head_signature(const schema::SignedTreeHead& head, const ServerKeys& keys);

/// The log part of one receipt: the head's signature, that the entry is this receipt's
/// (seq = audit_seq, actor = member, action submission.store, object names the submission)
/// and that the inclusion proof puts it in the head.
Result<void> check_receipt_log(const schema::Receipt& receipt, const schema::ReceiptLog& log, const ServerKeys& keys);

/// Reads every receipt wire and `kept` (the head kept by the last verification), recording
/// the heads held and the problems found, without any network.
LogCheck check_receipts(const std::vector<std::string>& wires, const std::optional<schema::SignedTreeHead>& kept,
                        const ServerKeys& keys);

/// Checks the server's current head (signature, not smaller than any held head, no fork at one
/// size) and returns the distinct sizes below it that need a consistency proof, ascending.
std::vector<std::uint64_t> check_current(LogCheck& check, const schema::SignedTreeHead& current, const ServerKeys& keys);

/// Checks the consistency proofs the server gave for those sizes to the current head.
void check_consistency(LogCheck& check, const schema::SignedTreeHead& current,
                       const std::vector<schema::ConsistencyProof>& proofs, const std::vector<std::uint64_t>& asked);

}  // namespace vrs::client::net
