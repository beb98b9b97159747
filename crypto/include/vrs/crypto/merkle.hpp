#pragma once
/// Merkle trees as Certificate Transparency defines them (RFC 9162, section 2.1), with SHA-256:
/// the hash of an empty tree is SHA-256 of nothing, a leaf is SHA-256(0x00 || data), a node is
/// SHA-256(0x01 || left || right), and a tree of n > 1 leaves splits at k, the largest power of
/// two below n. Inclusion proofs (audit paths) and consistency proofs are generated and
/// verified exactly as the RFC describes, so any RFC 9162 verifier can check ours.
///
/// MerkleTree keeps every complete subtree hash (about twice the leaves in memory: 64 MB for a
/// million leaves), so a root or a proof for any earlier size costs O(log² n) hashes.
///
/// Thread-safety: MerkleTree is a plain value (no internal locking); the free functions are
/// pure.

#include <cstdint>
#include <vector>

#include "vrs/common/error.hpp"
#include "vrs/crypto/bytes.hpp"
#include "vrs/crypto/hash.hpp"

namespace vrs::crypto {

/// SHA-256(0x00 || data).
Digest32 merkle_leaf_hash(ByteView data);
/// SHA-256(0x01 || left || right).
Digest32 merkle_node_hash(const Digest32& left, const Digest32& right);

class MerkleTree {
 public:
  /// Appends a leaf given by its leaf hash (merkle_leaf_hash of its data).
  void append(const Digest32& leaf_hash);
  [[nodiscard]] std::uint64_t size() const noexcept { return levels_.empty() ? 0 : levels_[0].size(); }
  /// The root of the tree made of the first `size` leaves. InvalidArgument if size > size().
  [[nodiscard]] Result<Digest32> root(std::uint64_t size) const;
  /// The audit path of leaf `index` in the tree of the first `size` leaves (RFC 9162 2.1.3.1).
  /// InvalidArgument unless index < size <= size().
  [[nodiscard]] Result<std::vector<Digest32>> inclusion_proof(std::uint64_t index, std::uint64_t size) const;
  /// The consistency proof between the trees of the first `first` and `second` leaves (RFC 9162
  /// 2.1.4.1); empty when first == second or first == 0. InvalidArgument unless
  /// first <= second <= size().
  [[nodiscard]] Result<std::vector<Digest32>> consistency_proof(std::uint64_t first, std::uint64_t second) const;

 private:
  [[nodiscard]] Digest32 range_hash(std::uint64_t begin, std::uint64_t end) const;
  void path(std::uint64_t index, std::uint64_t begin, std::uint64_t end, std::vector<Digest32>& out) const;
  void subproof(std::uint64_t m, std::uint64_t begin, std::uint64_t end, bool whole, std::vector<Digest32>& out) const;
  /// levels_[k][i]: the hash of the complete subtree of 2^k leaves starting at leaf i * 2^k.
  std::vector<std::vector<Digest32>> levels_;
};

/// RFC 9162 2.1.3.2: true only if `proof` shows the leaf `leaf_hash` at `index` in the tree of
/// `size` leaves whose root is `root`.
[[nodiscard]] bool verify_inclusion(std::uint64_t index, std::uint64_t size, const Digest32& leaf_hash,
                                    const std::vector<Digest32>& proof, const Digest32& root);

/// RFC 9162 2.1.4.2: true only if `proof` shows that the tree of `first` leaves with root
/// `first_root` is a prefix of the tree of `second` leaves with root `second_root`. Equal sizes
/// need equal roots and an empty proof; first == 0 is consistent with anything (empty proof).
[[nodiscard]] bool verify_consistency(std::uint64_t first, std::uint64_t second, const Digest32& first_root,
                                      const Digest32& second_root, const std::vector<Digest32>& proof);

}  // namespace vrs::crypto
