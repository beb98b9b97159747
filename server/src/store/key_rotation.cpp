#include "vrs/server/store/key_rotation.hpp"

#include "vrs/crypto/seal.hpp"
#include "vrs/db/audit_log.hpp"
#include "vrs/db/clock.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/transaction.hpp"
#include "vrs/schema/envelope.hpp"
#include "vrs/schema/key_retirement.hpp"

namespace vrs::server::store {
namespace {

const char* kind_text(KeyKind kind) { return kind == KeyKind::Sealing ? "x25519" : "ed25519"; }

Result<void> insert_key(db::Database& db, const std::string& key_id, KeyKind kind, crypto::ByteView public_key,
                        crypto::ByteView secret_key, const std::string& now) {
  VRS_TRY(auto stmt, db.prepare(
      "INSERT INTO server_keys (key_id, kind, public_key, secret_key, created_at) VALUES (?1, ?2, ?3, ?4, ?5)"));
  VRS_TRY_VOID(stmt.bind_text(1, key_id));
  VRS_TRY_VOID(stmt.bind_text(2, kind_text(kind)));
  VRS_TRY_VOID(stmt.bind_blob(3, public_key));
  VRS_TRY_VOID(stmt.bind_blob(4, secret_key));
  VRS_TRY_VOID(stmt.bind_text(5, now));
  return stmt.run();
}

Result<void> audit(db::Database& db, const char* action, const std::string& object) {
  db::AuditLog log(db);
  auto seq = log.append({"operator", action, object, "ok"});
  if (!seq) return fail(seq.error());
  return {};
}

}  // namespace

Result<std::string> add_current_key(db::Database& db, KeyKind kind, const std::string& now,
                                    std::unique_ptr<crypto::SigningKey>* receipt_out) {
  if (kind == KeyKind::Sealing) {
    VRS_TRY(auto box, crypto::BoxKeyPair::generate());
    auto id = schema::sealing_key_id(box.public_key());
    VRS_TRY_VOID(insert_key(db, id, kind, box.public_key(), box.secret_key(), now));
    return id;
  }
  VRS_TRY(auto key, crypto::SigningKey::generate());
  auto id = schema::receipt_key_id(key.public_key());
  VRS_TRY_VOID(insert_key(db, id, kind, key.public_key(), key.seed(), now));
  if (receipt_out != nullptr) *receipt_out = std::make_unique<crypto::SigningKey>(std::move(key));
  return id;
}

Result<std::string> rotate_server_key(db::Database& db, KeyKind kind) {
  VRS_TRY(auto tx, db::Transaction::begin(db));
  VRS_TRY(auto change, rotate_in_transaction(db, kind));
  VRS_TRY_VOID(tx.commit());
  return change;
}

namespace {
const char* request_key(KeyKind kind) { return kind == KeyKind::Sealing ? "rotate_requested_sealing" : "rotate_requested_receipt"; }
}  // namespace

Result<void> request_rotation(db::Database& db, KeyKind kind, const std::string& actor) {
  VRS_TRY(auto tx, db::Transaction::begin(db));
  VRS_TRY(auto stmt, db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)"));
  VRS_TRY_VOID(stmt.bind_text(1, request_key(kind)));
  VRS_TRY_VOID(stmt.bind_text(2, db::utc_now()));
  VRS_TRY_VOID(stmt.run());
  db::AuditLog log(db);
  auto seq = log.append({actor, "server_keys.rotate_requested", kind == KeyKind::Sealing ? "sealing" : "receipt", "ok"});
  if (!seq) return fail(seq.error());
  return tx.commit();
}

Result<std::vector<std::string>> apply_requested_rotations(db::Database& db) {
  std::vector<std::string> changes;
  VRS_TRY(auto tx, db::Transaction::begin(db));
  for (const KeyKind kind : {KeyKind::Sealing, KeyKind::Receipt}) {
    VRS_TRY(auto find, db.prepare("SELECT 1 FROM meta WHERE key = ?1"));
    VRS_TRY_VOID(find.bind_text(1, request_key(kind)));
    VRS_TRY(auto row, find.step());
    if (!row) continue;
    VRS_TRY_VOID(find.reset());
    VRS_TRY(auto change, rotate_in_transaction(db, kind));
    VRS_TRY(auto done, db.prepare("DELETE FROM meta WHERE key = ?1"));
    VRS_TRY_VOID(done.bind_text(1, request_key(kind)));
    VRS_TRY_VOID(done.run());
    changes.push_back(std::move(change));
  }
  VRS_TRY_VOID(tx.commit());
  return changes;
}

Result<std::string> rotate_in_transaction(db::Database& db, KeyKind kind) {
  VRS_TRY(auto current, db.prepare("SELECT key_id, public_key FROM server_keys WHERE kind = ?1 AND retired_at IS NULL"));
  VRS_TRY_VOID(current.bind_text(1, kind_text(kind)));
  VRS_TRY(auto row, current.step());
  if (!row) return fail(ErrorCode::FailedPrecondition, std::string("there is no current ") + kind_text(kind) + " key to rotate");
  const std::string old_id = current.column_text(0);
  const crypto::Bytes old_public = current.column_blob(1);
  VRS_TRY_VOID(current.reset());
  const std::string now = db::utc_now();
  VRS_TRY(auto retire, db.prepare("UPDATE server_keys SET retired_at = ?2 WHERE key_id = ?1"));
  VRS_TRY_VOID(retire.bind_text(1, old_id));
  VRS_TRY_VOID(retire.bind_text(2, now));
  VRS_TRY_VOID(retire.run());
  std::unique_ptr<crypto::SigningKey> successor;
  VRS_TRY(const auto new_id, add_current_key(db, kind, now, &successor));
  if (kind == KeyKind::Receipt) {
    schema::KeyRetirement statement{old_id, {}, now, new_id};
    if (old_public.size() != statement.public_key.size()) {
      return fail(ErrorCode::DataLoss, "server key " + old_id + " has a public key of the wrong size");
    }
    std::copy(old_public.begin(), old_public.end(), statement.public_key.begin());
    VRS_TRY(const auto signature, schema::sign_key_retirement(statement, *successor));
    VRS_TRY(auto sign, db.prepare("UPDATE server_keys SET successor = ?2, retirement_signature = ?3 WHERE key_id = ?1"));
    VRS_TRY_VOID(sign.bind_text(1, old_id));
    VRS_TRY_VOID(sign.bind_text(2, new_id));
    VRS_TRY_VOID(sign.bind_blob(3, crypto::ByteView(signature.data(), signature.size())));
    VRS_TRY_VOID(sign.run());
  }
  std::string change = old_id + " -> " + new_id;
  VRS_TRY_VOID(audit(db, "server_keys.rotate", change));
  return change;
}

Result<void> close_sealing_key(db::Database& db, const std::string& key_id) {
  VRS_TRY(auto tx, db::Transaction::begin(db));
  VRS_TRY(auto find, db.prepare("SELECT kind, retired_at IS NULL, closed_at IS NOT NULL FROM server_keys WHERE key_id = ?1"));
  VRS_TRY_VOID(find.bind_text(1, key_id));
  VRS_TRY(auto row, find.step());
  if (!row) return fail(ErrorCode::NotFound, "no server key " + key_id + " (see vrs-server keys list)");
  const std::string kind = find.column_text(0);
  const bool current = find.column_int64(1) != 0;
  const bool closed = find.column_int64(2) != 0;
  VRS_TRY_VOID(find.reset());
  if (kind != "x25519") {
    return fail(ErrorCode::FailedPrecondition,
                key_id + " is a receipt key: retired receipt keys only verify what they signed; rotate with "
                         "keys rotate --receipt");
  }
  if (current) return fail(ErrorCode::FailedPrecondition, key_id + " is the current sealing key: run keys rotate --sealing first");
  if (closed) return fail(ErrorCode::FailedPrecondition, key_id + " is already closed");
  VRS_TRY(auto close, db.prepare("UPDATE server_keys SET closed_at = ?2 WHERE key_id = ?1"));
  VRS_TRY_VOID(close.bind_text(1, key_id));
  VRS_TRY_VOID(close.bind_text(2, db::utc_now()));
  VRS_TRY_VOID(close.run());
  VRS_TRY_VOID(audit(db, "server_keys.retire", key_id));
  return tx.commit();
}

}  // namespace vrs::server::store
