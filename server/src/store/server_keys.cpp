#include "vrs/server/store/server_keys.hpp"

#include "vrs/crypto/random.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/secure_buffer.hpp"
#include "vrs/db/audit_log.hpp"
#include "vrs/db/clock.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/transaction.hpp"
#include "vrs/schema/envelope.hpp"

namespace vrs::server::store {
namespace {

namespace json = boost::json;

struct Row {
  std::string key_id;
  std::string kind;
  crypto::Bytes secret;
  bool current = false;
};

Result<std::vector<Row>> read_rows(db::Database& db) {
  VRS_TRY(auto stmt, db.prepare("SELECT key_id, kind, secret_key, retired_at IS NULL FROM server_keys ORDER BY created_at, key_id"));
  std::vector<Row> rows;
  for (;;) {
    VRS_TRY(auto row, stmt.step());
    if (!row) break;
    rows.push_back(Row{stmt.column_text(0), stmt.column_text(1), stmt.column_blob(2), stmt.column_int64(3) != 0});
  }
  return rows;
}

Result<void> insert_key(db::Database& db, const std::string& key_id, const char* kind, crypto::ByteView public_key,
                        crypto::ByteView secret_key) {
  VRS_TRY(auto stmt, db.prepare(
      "INSERT INTO server_keys (key_id, kind, public_key, secret_key, created_at) VALUES (?1, ?2, ?3, ?4, ?5)"));
  VRS_TRY_VOID(stmt.bind_text(1, key_id));
  VRS_TRY_VOID(stmt.bind_text(2, kind));
  VRS_TRY_VOID(stmt.bind_blob(3, public_key));
  VRS_TRY_VOID(stmt.bind_blob(4, secret_key));
  VRS_TRY_VOID(stmt.bind_text(5, db::utc_now()));
  return stmt.run();
}

// Creates the missing current keys (one transaction with the audit entry).
Result<void> create_missing(db::Database& db, bool need_sealing, bool need_receipt) {
  VRS_TRY(auto tx, db::Transaction::begin(db));
  std::string created;
  if (need_sealing) {
    VRS_TRY(auto box, crypto::BoxKeyPair::generate());
    const auto id = schema::sealing_key_id(box.public_key());
    VRS_TRY_VOID(insert_key(db, id, "x25519", box.public_key(), box.secret_key()));
    created += id;
  }
  if (need_receipt) {
    VRS_TRY(auto key, crypto::SigningKey::generate());
    const auto id = schema::receipt_key_id(key.public_key());
    VRS_TRY_VOID(insert_key(db, id, "ed25519", key.public_key(), key.seed()));
    if (!created.empty()) created += ' ';
    created += id;
  }
  db::AuditLog audit(db);
  auto seq = audit.append({"operator", "server_keys.create", created, "ok"});
  if (!seq) return fail(seq.error());
  return tx.commit();
}

// The server's identity in envelope signatures (docs/envelope.md): the store id made by
// `db init`; a store without one (made by other means) gets one now.
Result<std::string> load_server_id(db::Database& db) {
  VRS_TRY(auto get, db.prepare("SELECT value FROM meta WHERE key = 'store_id'"));
  VRS_TRY(auto row, get.step());
  if (row) return "vrs-" + get.column_text(0);
  const std::string id = crypto::random_uuid_v4();
  VRS_TRY(auto set, db.prepare("INSERT INTO meta (key, value) VALUES ('store_id', ?1)"));
  VRS_TRY_VOID(set.bind_text(1, id));
  VRS_TRY_VOID(set.run());
  return "vrs-" + id;
}

}  // namespace

Result<std::shared_ptr<const ServerKeys>> ServerKeys::load_or_create(db::Database& db) {
  auto rows = read_rows(db);
  if (!rows) return fail(rows.error());
  bool have_sealing = false;
  bool have_receipt = false;
  for (const auto& r : *rows) {
    have_sealing = have_sealing || (r.kind == "x25519" && r.current);
    have_receipt = have_receipt || (r.kind == "ed25519" && r.current);
  }
  if (!have_sealing || !have_receipt) {
    for (auto& r : *rows) crypto::wipe(r.secret);
    VRS_TRY_VOID(create_missing(db, !have_sealing, !have_receipt));
    rows = read_rows(db);
    if (!rows) return fail(rows.error());
  }
  std::shared_ptr<ServerKeys> keys(new ServerKeys());
  VRS_TRY(keys->server_id_, load_server_id(db));
  json::array sealing;
  json::array receipt;
  Result<void> status;
  for (auto& r : *rows) {
    if (r.kind == "x25519") {
      auto box = crypto::BoxKeyPair::from_secret(r.secret);
      if (!box) {
        status = fail(box.error().with_context("server key " + r.key_id));
      } else {
        sealing.push_back(json::object{{"key_id", r.key_id},
                                       {"public_key", crypto::to_base64(box->public_key())},
                                       {"current", r.current}});
        if (r.current) keys->current_sealing_id_ = r.key_id;
        keys->sealing_.emplace(r.key_id, std::move(*box));
      }
    } else if (r.kind == "ed25519") {
      auto key = crypto::SigningKey::from_seed(r.secret);
      if (!key) {
        status = fail(key.error().with_context("server key " + r.key_id));
      } else {
        receipt.push_back(json::object{{"key_id", r.key_id},
                                       {"public_key", crypto::to_base64(key->public_key())},
                                       {"current", r.current}});
        if (r.current) {
          keys->receipt_key_id_ = r.key_id;
          keys->receipt_key_ = std::make_unique<crypto::SigningKey>(std::move(*key));
        }
      }
    }
    crypto::wipe(r.secret);
  }
  if (!status) return fail(status.error());
  if (keys->current_sealing_id_.empty() || !keys->receipt_key_) {
    return fail(ErrorCode::DataLoss, "server_keys: no current sealing or receipt key after creating them");
  }
  keys->public_json_ = json::serialize(json::object{{"server_id", keys->server_id_}, {"sealing", std::move(sealing)}, {"receipt", std::move(receipt)}});
  return std::shared_ptr<const ServerKeys>(std::move(keys));
}

const crypto::BoxKeyPair* ServerKeys::sealing_key(const std::string& key_id) const {
  auto it = sealing_.find(key_id);
  return it == sealing_.end() ? nullptr : &it->second;
}

}  // namespace vrs::server::store
