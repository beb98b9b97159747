#include "vrs/server/store/transparency_log.hpp"

#include <spdlog/spdlog.h>

#include <map>

#include "vrs/common/text_file.hpp"
#include "vrs/crypto/compare.hpp"
#include "vrs/db/audit_log.hpp"
#include "vrs/db/clock.hpp"
#include "vrs/db/database.hpp"
#include "vrs/schema/canonical_json.hpp"
#include "vrs/server/store/server_keys.hpp"

namespace vrs::server::store {
namespace {

constexpr std::string_view kSelectFrom =
    "SELECT seq, time, actor, action, object, outcome, prev_hash, hash FROM audit_log WHERE seq > ?1 ORDER BY seq";

bool equal(crypto::ByteView a, crypto::ByteView b) { return a.size() == b.size() && crypto::constant_time_equal(a, b); }

crypto::ByteView view(const crypto::Digest32& d) { return crypto::ByteView(d.data(), d.size()); }

crypto::Digest32 digest(const crypto::Bytes& bytes) {
  crypto::Digest32 out{};
  if (bytes.size() == out.size()) std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

// Every Ed25519 key the server ever had, by id: heads signed by a retired key still verify.
Result<std::map<std::string, crypto::Ed25519PublicKey>> receipt_keys(db::Database& db) {
  VRS_TRY(auto stmt, db.prepare("SELECT key_id, public_key FROM server_keys WHERE kind = 'ed25519'"));
  std::map<std::string, crypto::Ed25519PublicKey> out;
  for (;;) {
    VRS_TRY(auto row, stmt.step());
    if (!row) break;
    const auto bytes = stmt.column_blob(1);
    crypto::Ed25519PublicKey key{};
    if (bytes.size() != key.size()) continue;
    std::copy(bytes.begin(), bytes.end(), key.begin());
    out.emplace(stmt.column_text(0), key);
  }
  return out;
}

// A signed head that the log as it is now must still have.
Result<void> check_head(const crypto::MerkleTree& tree, const std::map<std::string, crypto::Ed25519PublicKey>& keys,
                        const schema::SignedTreeHead& head, const std::string& what) {
  const auto key = keys.find(head.head.key_id);
  if (key == keys.end()) return fail(ErrorCode::DataLoss, what + " is signed by an unknown key " + head.head.key_id);
  if (!schema::verify_tree_head(head, key->second)) return fail(ErrorCode::DataLoss, what + " has a bad signature");
  if (head.head.tree_size > tree.size()) {
    return fail(ErrorCode::DataLoss, what + " signed a log of " + std::to_string(head.head.tree_size) +
                                         " entries, and the log has " + std::to_string(tree.size()) + ": it was cut");
  }
  VRS_TRY(const auto root, tree.root(head.head.tree_size));
  if (!equal(view(root), view(head.head.root))) {
    return fail(ErrorCode::DataLoss, what + ": the first " + std::to_string(head.head.tree_size) +
                                         " entries are not those it signed: they were changed, reordered or replaced");
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<TransparencyLog>> TransparencyLog::open(db::Database& db, std::filesystem::path head_file) {
  std::unique_ptr<TransparencyLog> log(new TransparencyLog(std::move(head_file)));
  VRS_TRY_VOID(log->sync(db));
  VRS_TRY(const auto keys, receipt_keys(db));

  VRS_TRY(auto stmt, db.prepare("SELECT id, seq, head_hash, key_id, signature, created_at FROM audit_checkpoints ORDER BY id"));
  std::uint64_t previous = 0;
  for (;;) {
    VRS_TRY(auto row, stmt.step());
    if (!row) break;
    const std::string what = "audit checkpoint " + std::to_string(stmt.column_int64(0));
    schema::SignedTreeHead head;
    head.head.tree_size = static_cast<std::uint64_t>(stmt.column_int64(1));
    head.head.root = digest(stmt.column_blob(2));
    head.head.key_id = stmt.column_text(3);
    const auto signature = stmt.column_blob(4);
    if (signature.size() != head.signature.size()) return fail(ErrorCode::DataLoss, what + " has a malformed signature");
    std::copy(signature.begin(), signature.end(), head.signature.begin());
    head.head.time = stmt.column_text(5);
    if (head.head.tree_size < previous) {
      return fail(ErrorCode::DataLoss, what + " is smaller than the one before it: checkpoints were reordered");
    }
    previous = head.head.tree_size;
    VRS_TRY_VOID(check_head(log->tree_, keys, head, what));
    log->checkpointed_ = head.head.tree_size;
    log->signed_ = head;
  }

  std::error_code ec;
  if (std::filesystem::exists(log->head_file_, ec)) {
    const std::string what = "the head file " + log->head_file_.string();
    auto text = read_text_file(log->head_file_, 64 * 1024);
    if (!text) return fail(text.error().with_context(what));
    auto head = schema::parse_tree_head(*text);
    if (!head) return fail(ErrorCode::DataLoss, what + ": " + head.error().message());
    VRS_TRY_VOID(check_head(log->tree_, keys, *head, what));
    if (head->head.tree_size < previous) {
      return fail(ErrorCode::DataLoss, what + " is older than the last checkpoint: it was replaced");
    }
  } else if (previous > 0 && !log->head_file_.empty()) {  // empty: the caller keeps no head file
    spdlog::warn("transparency log: no head file {} (a restored or moved database?); checkpoints verified",
                 log->head_file_.string());
  }
  spdlog::info("transparency log verified entries={} checkpoints_up_to={}", log->size(), previous);
  return log;
}

Result<void> TransparencyLog::sync(db::Database& db) {
  VRS_TRY(auto stmt, db.cached(kSelectFrom));
  VRS_TRY_VOID(stmt->bind_int64(1, static_cast<std::int64_t>(tree_.size())));
  for (;;) {
    VRS_TRY(auto row, stmt->step());
    if (!row) break;
    const auto seq = stmt->column_int64(0);
    const std::string name = "audit entry " + std::to_string(seq);
    if (seq != static_cast<std::int64_t>(tree_.size()) + 1) {
      return fail(ErrorCode::DataLoss, "audit entry " + std::to_string(tree_.size() + 1) + " is missing (the log jumps to " +
                                           std::to_string(seq) + ")");
    }
    const auto prev = stmt->column_blob(6);
    const auto hash = stmt->column_blob(7);
    if (!equal(prev, view(last_hash_))) {
      return fail(ErrorCode::DataLoss, name + " does not follow entry " + std::to_string(seq - 1) + " (prev_hash)");
    }
    const auto computed = db::compute_audit_hash(seq, stmt->column_text(1), stmt->column_text(2), stmt->column_text(3),
                                                 stmt->column_text(4), stmt->column_text(5), prev);
    if (!equal(hash, view(computed))) return fail(ErrorCode::DataLoss, name + " does not match its hash");
    last_hash_ = computed;
    tree_.append(crypto::merkle_leaf_hash(view(computed)));
  }
  return {};
}

Result<schema::SignedTreeHead> TransparencyLog::head(db::Database& db, const ServerKeys& keys) {
  VRS_TRY_VOID(sync(db));
  if (signed_ && signed_->head.tree_size == tree_.size() && signed_->head.key_id == keys.receipt_key_id()) return *signed_;
  schema::TreeHead head;
  head.tree_size = tree_.size();
  VRS_TRY(head.root, tree_.root(head.tree_size));
  head.time = db::utc_now();
  head.key_id = keys.receipt_key_id();
  VRS_TRY(auto signed_head, schema::sign_tree_head(head, keys.receipt_key()));
  signed_ = signed_head;
  return signed_head;
}

Result<schema::SignedTreeHead> TransparencyLog::checkpoint(db::Database& db, const ServerKeys& keys) {
  VRS_TRY(auto current, head(db, keys));
  if (current.head.tree_size == 0 || current.head.tree_size <= checkpointed_) return current;
  VRS_TRY(auto insert, db.prepare(
      "INSERT INTO audit_checkpoints (seq, head_hash, key_id, signature, created_at) VALUES (?1, ?2, ?3, ?4, ?5)"));
  VRS_TRY_VOID(insert.bind_int64(1, static_cast<std::int64_t>(current.head.tree_size)));
  VRS_TRY_VOID(insert.bind_blob(2, view(current.head.root)));
  VRS_TRY_VOID(insert.bind_text(3, current.head.key_id));
  VRS_TRY_VOID(insert.bind_blob(4, crypto::ByteView(current.signature.data(), current.signature.size())));
  VRS_TRY_VOID(insert.bind_text(5, current.head.time));
  VRS_TRY_VOID(insert.run());
  checkpointed_ = current.head.tree_size;
  if (auto written = write_head_file(current); !written) {
    spdlog::error("transparency log: cannot write the head file error=\"{}\"", written.error().message());
  }
  return current;
}

Result<void> TransparencyLog::write_head_file(const schema::SignedTreeHead& head) const {
  return write_file_atomically(head_file_, schema::canonical_json(schema::tree_head_json(head)) + "\n", 0644);
}

Result<schema::ReceiptLog> TransparencyLog::receipt_log(db::Database& db, const ServerKeys& keys, std::int64_t seq) {
  schema::ReceiptLog out;
  VRS_TRY(out.head, head(db, keys));
  if (seq < 1 || static_cast<std::uint64_t>(seq) > tree_.size()) {
    return fail(ErrorCode::NotFound, "audit entry " + std::to_string(seq) + " is not in the log");
  }
  VRS_TRY(auto stmt, db.cached("SELECT time, actor, action, object, outcome, prev_hash FROM audit_log WHERE seq = ?1"));
  VRS_TRY_VOID(stmt->bind_int64(1, seq));
  VRS_TRY(auto row, stmt->step());
  if (!row) return fail(ErrorCode::NotFound, "audit entry " + std::to_string(seq) + " is not in the log");
  out.entry.seq = seq;
  out.entry.time = stmt->column_text(0);
  out.entry.actor = stmt->column_text(1);
  out.entry.action = stmt->column_text(2);
  out.entry.object = stmt->column_text(3);
  out.entry.outcome = stmt->column_text(4);
  out.entry.prev_hash = digest(stmt->column_blob(5));
  VRS_TRY(out.inclusion, tree_.inclusion_proof(static_cast<std::uint64_t>(seq - 1), out.head.head.tree_size));
  return out;
}

Result<std::vector<crypto::Digest32>> TransparencyLog::consistency(std::uint64_t from, std::uint64_t to) const {
  return tree_.consistency_proof(from, to);
}

}  // namespace vrs::server::store
