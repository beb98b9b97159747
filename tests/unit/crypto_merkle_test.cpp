// Merkle trees (RFC 9162): the published reference roots, and every proof of every size checked
// against the RFC's recursive definitions and its verification algorithms, tampering included.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/init.hpp"
#include "vrs/crypto/merkle.hpp"

using namespace vrs::crypto;

namespace {

Digest32 digest(const std::string& hex) {
  auto bytes = from_hex(hex).value();
  Digest32 d{};
  std::copy(bytes.begin(), bytes.end(), d.begin());
  return d;
}

// The RFC's definitions, written out naively over a list of leaf hashes.
std::uint64_t split(std::uint64_t n) {
  std::uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
Digest32 mth(const std::vector<Digest32>& d, std::size_t b, std::size_t e) {
  if (e - b == 1) return d[b];
  const auto k = split(e - b);
  return merkle_node_hash(mth(d, b, b + k), mth(d, b + k, e));
}
std::vector<Digest32> naive_path(const std::vector<Digest32>& d, std::size_t m, std::size_t b, std::size_t e) {
  if (e - b == 1) return {};
  const auto k = split(e - b);
  std::vector<Digest32> out;
  if (m < k) {
    out = naive_path(d, m, b, b + k);
    out.push_back(mth(d, b + k, e));
  } else {
    out = naive_path(d, m - k, b + k, e);
    out.push_back(mth(d, b, b + k));
  }
  return out;
}
std::vector<Digest32> naive_subproof(const std::vector<Digest32>& d, std::size_t m, std::size_t b, std::size_t e, bool whole) {
  if (m == e - b) return whole ? std::vector<Digest32>{} : std::vector<Digest32>{mth(d, b, e)};
  const auto k = split(e - b);
  std::vector<Digest32> out;
  if (m <= k) {
    out = naive_subproof(d, m, b, b + k, whole);
    out.push_back(mth(d, b + k, e));
  } else {
    out = naive_subproof(d, m - k, b + k, e, false);
    out.push_back(mth(d, b, b + k));
  }
  return out;
}

}  // namespace

TEST_CASE("merkle roots match the RFC 6962 reference vectors") {
  REQUIRE(init());
  const std::vector<std::string> data = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                         "606162636465666768696a6b6c6d6e6f"};
  const std::vector<std::string> roots = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
  MerkleTree tree;
  CHECK(to_hex(tree.root(0).value()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  for (const auto& hex : data) tree.append(merkle_leaf_hash(from_hex(hex).value()));
  for (std::size_t n = 1; n <= roots.size(); ++n) CHECK(to_hex(tree.root(n).value()) == roots[n - 1]);
  // The published audit path of the first leaf in the tree of eight.
  const auto path = tree.inclusion_proof(0, 8).value();
  REQUIRE(path.size() == 3);
  CHECK(to_hex(path[0]) == "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7");
  CHECK(to_hex(path[1]) == "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e");
  CHECK(to_hex(path[2]) == "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
  CHECK(verify_inclusion(0, 8, merkle_leaf_hash(ByteView()), path, digest(roots[7])));
}

TEST_CASE("every inclusion and consistency proof up to 40 leaves is the RFC's and verifies, and no altered one does") {
  REQUIRE(init());
  constexpr std::size_t kMax = 40;
  std::vector<Digest32> leaves;
  MerkleTree tree;
  for (std::size_t i = 0; i < kMax; ++i) {
    const std::string data = "entry " + std::to_string(i);
    leaves.push_back(merkle_leaf_hash(as_bytes(data)));
    tree.append(leaves.back());
  }
  for (std::size_t n = 1; n <= kMax; ++n) {
    const auto root = tree.root(n).value();
    REQUIRE(root == mth(leaves, 0, n));
    for (std::size_t m = 0; m < n; ++m) {
      const auto proof = tree.inclusion_proof(m, n).value();
      REQUIRE(proof == naive_path(leaves, m, 0, n));
      REQUIRE(verify_inclusion(m, n, leaves[m], proof, root));
      CHECK_FALSE(verify_inclusion(m, n, leaves[(m + 1) % kMax], proof, root));  // another leaf
      if (!proof.empty()) {
        auto bad = proof;
        bad.back()[0] ^= 1;
        CHECK_FALSE(verify_inclusion(m, n, leaves[m], bad, root));
        CHECK_FALSE(verify_inclusion(m, n, leaves[m], std::vector<Digest32>(proof.begin(), proof.end() - 1), root));
      }
      CHECK_FALSE(verify_inclusion(m, n, leaves[m], proof, tree.root(kMax).value() == root ? Digest32{} : tree.root(kMax).value()));
    }
    for (std::size_t m = 1; m <= n; ++m) {
      const auto first_root = tree.root(m).value();
      const auto proof = tree.consistency_proof(m, n).value();
      if (m < n) REQUIRE(proof == naive_subproof(leaves, m, 0, n, true));
      REQUIRE(verify_consistency(m, n, first_root, root, proof));
      if (m < n) {
        auto bad_root = first_root;
        bad_root[5] ^= 0x10;
        CHECK_FALSE(verify_consistency(m, n, bad_root, root, proof));  // a forked or rewritten first tree
        CHECK_FALSE(verify_consistency(m, n, first_root, bad_root, proof));
        auto bad = proof;
        bad.front()[0] ^= 1;
        CHECK_FALSE(verify_consistency(m, n, first_root, root, bad));
        CHECK_FALSE(verify_consistency(m, n, first_root, root, {}));
      }
    }
  }
  CHECK(verify_consistency(0, 5, Digest32{}, tree.root(5).value(), {}));
  CHECK_FALSE(verify_consistency(6, 5, tree.root(6).value(), tree.root(5).value(), {}));
}

TEST_CASE("proofs outside the tree are refused, naming the sizes") {
  MerkleTree tree;
  for (int i = 0; i < 3; ++i) tree.append(merkle_leaf_hash(as_bytes(std::to_string(i))));
  CHECK_FALSE(tree.root(4));
  CHECK_FALSE(tree.inclusion_proof(3, 3));
  CHECK_FALSE(tree.inclusion_proof(0, 4));
  auto r = tree.consistency_proof(2, 4);
  REQUIRE_FALSE(r);
  CHECK(r.error().message().find("the log has 3") != std::string::npos);
  CHECK_FALSE(tree.consistency_proof(3, 2));
  CHECK_FALSE(verify_inclusion(3, 3, Digest32{}, {}, Digest32{}));
}
