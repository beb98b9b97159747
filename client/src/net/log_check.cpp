#include "vrs/client/net/log_check.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "vrs/crypto/compare.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/merkle.hpp"
#include "vrs/db/audit_log.hpp"

namespace vrs::client::net {
namespace {

std::string hex(const crypto::Digest32& d) { return crypto::to_hex(crypto::ByteView(d.data(), d.size())); }

bool same(const crypto::Digest32& a, const crypto::Digest32& b) {
  return crypto::constant_time_equal(crypto::ByteView(a.data(), a.size()), crypto::ByteView(b.data(), b.size()));
}

std::string describe(const HeldHead& h) {
  return "the tree head of size " + std::to_string(h.head.head.tree_size) + " (" + h.source + ")";
}

}  // namespace

Result<void> check_head_signature(const schema::SignedTreeHead& head, const ServerKeys& keys) {
  const auto* key = keys.find_receipt_key(head.head.key_id);
  if (key == nullptr) return fail(ErrorCode::NotFound, "tree head signed by key " + head.head.key_id + ", which the server does not list");
  if (!schema::verify_tree_head(head, key->public_key)) {
    return fail(ErrorCode::Unauthenticated, "the tree head's signature does not verify");
  }
  return {};
}

Result<void> check_receipt_log(const schema::Receipt& receipt, const schema::ReceiptLog& log, const ServerKeys& keys) {
  VRS_TRY_VOID(check_head_signature(log.head, keys));
  const auto& e = log.entry;
  if (e.seq < 1 || static_cast<std::uint64_t>(e.seq) != receipt.audit_seq) {
    return fail(ErrorCode::InvalidArgument, "the log entry is " + std::to_string(e.seq) + ", the receipt says audit seq " +
                                                std::to_string(receipt.audit_seq));
  }
  if (e.actor != receipt.member || e.action != "submission.store" || e.object.find(receipt.submission_id) == std::string::npos) {
    return fail(ErrorCode::InvalidArgument, "the log entry " + std::to_string(e.seq) + " is not this submission's");
  }
  const auto chain = db::compute_audit_hash(e.seq, e.time, e.actor, e.action, e.object, e.outcome,
                                            crypto::ByteView(e.prev_hash.data(), e.prev_hash.size()));
  const auto leaf = crypto::merkle_leaf_hash(crypto::ByteView(chain.data(), chain.size()));
  if (!crypto::verify_inclusion(static_cast<std::uint64_t>(e.seq - 1), log.head.head.tree_size, leaf, log.inclusion,
                                log.head.head.root)) {
    return fail(ErrorCode::DataLoss, "the inclusion proof does not put entry " + std::to_string(e.seq) +
                                         " in the tree head of size " + std::to_string(log.head.head.tree_size));
  }
  return {};
}

LogCheck check_receipts(const std::vector<std::string>& wires, const std::optional<schema::SignedTreeHead>& kept,
                        const ServerKeys& keys) {
  LogCheck out;
  for (const auto& wire : wires) {
    ++out.receipts;
    auto receipt = schema::parse_receipt(wire);
    if (!receipt) {
      out.problems.push_back("a stored receipt does not parse: " + receipt.error().message());
      continue;
    }
    const std::string name = "receipt " + receipt->submission_id;
    auto log = schema::receipt_log_of(wire);
    if (!log) {
      out.problems.push_back(name + ": " + log.error().message());
      continue;
    }
    if (!*log) {
      ++out.receipts_without_proof;
      continue;
    }
    if (auto ok = check_receipt_log(*receipt, **log, keys); !ok) {
      out.problems.push_back(name + ": " + ok.error().message());
      continue;
    }
    ++out.receipts_proved;
    out.heads.push_back({(*log)->head, name});
  }
  if (kept) {
    if (auto ok = check_head_signature(*kept, keys); !ok) {
      out.problems.push_back("the kept tree head: " + ok.error().message());
    } else {
      out.heads.push_back({*kept, "kept from the last verification"});
    }
  }
  // Two heads of one size must have one root.
  std::map<std::uint64_t, const HeldHead*> by_size;
  for (const auto& h : out.heads) {
    auto [it, inserted] = by_size.emplace(h.head.head.tree_size, &h);
    if (!inserted && !same(it->second->head.head.root, h.head.head.root)) {
      out.problems.push_back("FORK: " + describe(*it->second) + " has root " + hex(it->second->head.head.root) + " and " +
                             describe(h) + " has root " + hex(h.head.head.root));
    }
  }
  return out;
}

std::vector<std::uint64_t> check_current(LogCheck& check, const schema::SignedTreeHead& current, const ServerKeys& keys) {
  if (auto ok = check_head_signature(current, keys); !ok) {
    check.problems.push_back("the server's current tree head: " + ok.error().message());
    return {};
  }
  std::set<std::uint64_t> sizes;
  for (const auto& h : check.heads) {
    const auto size = h.head.head.tree_size;
    if (size > current.head.tree_size) {
      check.problems.push_back("REWRITTEN: the server's log has " + std::to_string(current.head.tree_size) +
                               " entries, but it signed " + describe(h) + ": the log was cut or replaced");
    } else if (size == current.head.tree_size) {
      if (!same(h.head.head.root, current.head.root)) {
        check.problems.push_back("FORK: " + describe(h) + " and the server's current head have the same size and different roots");
      }
    } else if (size > 0) {
      sizes.insert(size);
    }
  }
  return {sizes.begin(), sizes.end()};
}

void check_consistency(LogCheck& check, const schema::SignedTreeHead& current, const std::vector<schema::ConsistencyProof>& proofs,
                       const std::vector<std::uint64_t>& asked) {
  std::map<std::uint64_t, const schema::ConsistencyProof*> by_from;
  for (const auto& p : proofs) by_from.emplace(p.from, &p);
  for (const auto& h : check.heads) {
    const auto size = h.head.head.tree_size;
    if (!std::binary_search(asked.begin(), asked.end(), size)) continue;
    const auto it = by_from.find(size);
    if (it == by_from.end()) {
      check.problems.push_back("the server gave no consistency proof for " + describe(h));
      continue;
    }
    if (!crypto::verify_consistency(size, current.head.tree_size, h.head.head.root, current.head.root, it->second->proof)) {
      check.problems.push_back("REWRITTEN: " + describe(h) + " is not a prefix of the server's current log (size " +
                               std::to_string(current.head.tree_size) + "): entries it covers were changed, reordered or removed");
    }
  }
}

}  // namespace vrs::client::net
