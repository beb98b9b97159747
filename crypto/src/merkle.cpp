#include "vrs/crypto/merkle.hpp"

#include <array>
#include <cstring>

#include "vrs/crypto/compare.hpp"

namespace vrs::crypto {
namespace {

// The largest power of two strictly below n (n >= 2).
std::uint64_t split_point(std::uint64_t n) {
  std::uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

bool same(const Digest32& a, const Digest32& b) { return constant_time_equal(ByteView(a.data(), a.size()), ByteView(b.data(), b.size())); }

}  // namespace

Digest32 merkle_leaf_hash(ByteView data) {
  Bytes buffer;
  buffer.reserve(data.size() + 1);
  buffer.push_back(0x00);
  buffer.insert(buffer.end(), data.begin(), data.end());
  return sha256(buffer);
}

Digest32 merkle_node_hash(const Digest32& left, const Digest32& right) {
  std::array<std::uint8_t, 65> buffer{};
  buffer[0] = 0x01;
  std::memcpy(buffer.data() + 1, left.data(), left.size());
  std::memcpy(buffer.data() + 33, right.data(), right.size());
  return sha256(ByteView(buffer.data(), buffer.size()));
}

void MerkleTree::append(const Digest32& leaf_hash) {
  if (levels_.empty()) levels_.emplace_back();
  levels_[0].push_back(leaf_hash);
  // Every complete subtree this leaf closes gets its hash one level up.
  for (std::size_t level = 0; levels_[level].size() % 2 == 0; ++level) {
    if (levels_.size() == level + 1) levels_.emplace_back();
    const auto& below = levels_[level];
    levels_[level + 1].push_back(merkle_node_hash(below[below.size() - 2], below.back()));
  }
}

Digest32 MerkleTree::range_hash(std::uint64_t begin, std::uint64_t end) const {
  const std::uint64_t n = end - begin;
  if (n == 0) return sha256(ByteView());
  // A complete, aligned subtree is stored.
  if ((n & (n - 1)) == 0 && begin % n == 0) {
    std::size_t level = 0;
    while ((std::uint64_t{1} << level) < n) ++level;
    if (level < levels_.size() && begin / n < levels_[level].size()) return levels_[level][begin / n];
  }
  const std::uint64_t k = split_point(n);
  return merkle_node_hash(range_hash(begin, begin + k), range_hash(begin + k, end));
}

Result<Digest32> MerkleTree::root(std::uint64_t n) const {
  if (n > size()) {
    return fail(ErrorCode::InvalidArgument, "tree size " + std::to_string(n) + " is above " + std::to_string(size()));
  }
  return range_hash(0, n);
}

void MerkleTree::path(std::uint64_t index, std::uint64_t begin, std::uint64_t end, std::vector<Digest32>& out) const {
  const std::uint64_t n = end - begin;
  if (n <= 1) return;
  const std::uint64_t k = split_point(n);
  if (index < k) {
    path(index, begin, begin + k, out);
    out.push_back(range_hash(begin + k, end));
  } else {
    path(index - k, begin + k, end, out);
    out.push_back(range_hash(begin, begin + k));
  }
}

Result<std::vector<Digest32>> MerkleTree::inclusion_proof(std::uint64_t index, std::uint64_t n) const {
  if (n > size() || index >= n) {
    return fail(ErrorCode::InvalidArgument, "no leaf " + std::to_string(index) + " in a tree of " + std::to_string(n) +
                                                " (the log has " + std::to_string(size()) + ")");
  }
  std::vector<Digest32> out;
  path(index, 0, n, out);
  return out;
}

void MerkleTree::subproof(std::uint64_t m, std::uint64_t begin, std::uint64_t end, bool whole,
                          std::vector<Digest32>& out) const {
  const std::uint64_t n = end - begin;
  if (m == n) {
    if (!whole) out.push_back(range_hash(begin, end));
    return;
  }
  const std::uint64_t k = split_point(n);
  if (m <= k) {
    subproof(m, begin, begin + k, whole, out);
    out.push_back(range_hash(begin + k, end));
  } else {
    subproof(m - k, begin + k, end, false, out);
    out.push_back(range_hash(begin, begin + k));
  }
}

Result<std::vector<Digest32>> MerkleTree::consistency_proof(std::uint64_t first, std::uint64_t second) const {
  if (second > size() || first > second) {
    return fail(ErrorCode::InvalidArgument, "no consistency proof from " + std::to_string(first) + " to " +
                                                std::to_string(second) + " (the log has " + std::to_string(size()) + ")");
  }
  std::vector<Digest32> out;
  if (first == 0 || first == second) return out;
  subproof(first, 0, second, true, out);
  return out;
}

bool verify_inclusion(std::uint64_t index, std::uint64_t size, const Digest32& leaf_hash, const std::vector<Digest32>& proof,
                      const Digest32& root) {
  if (index >= size) return false;
  std::uint64_t fn = index;
  std::uint64_t sn = size - 1;
  Digest32 r = leaf_hash;
  for (const auto& p : proof) {
    if (sn == 0) return false;
    if ((fn & 1) != 0 || fn == sn) {
      r = merkle_node_hash(p, r);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = merkle_node_hash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && same(r, root);
}

bool verify_consistency(std::uint64_t first, std::uint64_t second, const Digest32& first_root, const Digest32& second_root,
                        const std::vector<Digest32>& proof) {
  if (first > second) return false;
  if (first == second) return proof.empty() && same(first_root, second_root);
  if (first == 0) return proof.empty();
  if (proof.empty()) return false;
  std::vector<Digest32> path;
  path.reserve(proof.size() + 1);
  // A first tree that is a complete subtree is not in the proof: it is its own root.
  if ((first & (first - 1)) == 0) path.push_back(first_root);
  path.insert(path.end(), proof.begin(), proof.end());
  std::uint64_t fn = first - 1;
  std::uint64_t sn = second - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  Digest32 fr = path[0];
  Digest32 sr = path[0];
  for (std::size_t i = 1; i < path.size(); ++i) {
    const auto& c = path[i];
    if (sn == 0) return false;
    if ((fn & 1) != 0 || fn == sn) {
      fr = merkle_node_hash(c, fr);
      sr = merkle_node_hash(c, sr);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = merkle_node_hash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return same(fr, first_root) && same(sr, second_root) && sn == 0;
}

}  // namespace vrs::crypto
