#pragma once
/// The transparency log's documents (docs/transparency.md): signed tree heads, the log part of
/// a receipt, and consistency proofs. The log is a Merkle tree (crypto/merkle.hpp, RFC 9162)
/// whose leaf i is the audit entry with seq i + 1; its leaf data is the entry's 32-byte chain
/// hash (vrs/db/audit_log.hpp), so a proof shows neither the entry nor its neighbours.
///
/// Signed tree head, `vrs.tree-head/1`: {"tree_head": {...}, "signature": "<base64>"} where the
/// Ed25519 signature by the server's receipt key covers canonical_json of
///   {"format": "vrs.tree-head/1", "key_id", "root_hash" (hex), "time", "tree_size"}.
///
/// Thread-safety: pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/fwd.hpp>

#include "vrs/common/error.hpp"
#include "vrs/crypto/hash.hpp"
#include "vrs/crypto/sign.hpp"

namespace vrs::schema {

inline constexpr std::string_view kTreeHeadFormat = "vrs.tree-head/1";
/// Most sizes one consistency request may ask for (GET /v1/log/consistency).
inline constexpr std::size_t kMaxConsistencyFrom = 64;

struct TreeHead {
  std::uint64_t tree_size = 0;
  crypto::Digest32 root{};
  std::string time;    ///< UTC, as the audit log writes it
  std::string key_id;  ///< the receipt key that signed it (GET /v1/keys)
  friend bool operator==(const TreeHead&, const TreeHead&) = default;
};

struct SignedTreeHead {
  TreeHead head;
  crypto::Ed25519Signature signature{};
  friend bool operator==(const SignedTreeHead&, const SignedTreeHead&) = default;
};

/// The signed bytes.
std::string tree_head_canonical(const TreeHead& head);
Result<SignedTreeHead> sign_tree_head(const TreeHead& head, const crypto::SigningKey& key);
[[nodiscard]] bool verify_tree_head(const SignedTreeHead& head, const crypto::Ed25519PublicKey& key);

boost::json::object tree_head_json(const SignedTreeHead& head);
/// InvalidArgument naming the field ("tree head: ...") for a wrong shape; the signature is not
/// checked here.
Result<SignedTreeHead> parse_tree_head(const boost::json::value& value);
Result<SignedTreeHead> parse_tree_head(std::string_view text);

/// An audit entry: the fields its chain hash covers (vrs/db/audit_log.hpp).
struct LogEntry {
  std::int64_t seq = 0;
  std::string time;
  std::string actor;
  std::string action;
  std::string object;
  std::string outcome;
  crypto::Digest32 prev_hash{};
  friend bool operator==(const LogEntry&, const LogEntry&) = default;
};

/// The "log" member of a receipt's wire form: the receipt's own audit entry, a signed tree head
/// that includes it, and the inclusion proof (leaf index = entry.seq - 1).
struct ReceiptLog {
  SignedTreeHead head;
  LogEntry entry;
  std::vector<crypto::Digest32> inclusion;
};

boost::json::object receipt_log_json(const ReceiptLog& log);
Result<ReceiptLog> parse_receipt_log(const boost::json::value& value);
/// The "log" member of a receipt wire, if it has one. InvalidArgument for a wire that is not
/// JSON or a log of the wrong shape.
Result<std::optional<ReceiptLog>> receipt_log_of(std::string_view wire);
/// The wire with `log` as its "log" member (replacing one it had).
Result<std::string> with_receipt_log(std::string_view wire, const ReceiptLog& log);

/// One proof of GET /v1/log/consistency: tree `from` is a prefix of tree `to`.
struct ConsistencyProof {
  std::uint64_t from = 0;
  std::vector<crypto::Digest32> proof;
};

/// {"to": N, "proofs": [{"from": a, "proof": ["<hex>", ...]}, ...]}
boost::json::object consistency_json(std::uint64_t to, const std::vector<ConsistencyProof>& proofs);
/// InvalidArgument ("consistency: ...") unless `to` is `expected_to`.
Result<std::vector<ConsistencyProof>> parse_consistency(std::string_view text, std::uint64_t expected_to);

}  // namespace vrs::schema
