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
#include "vrs/server/store/key_rotation.hpp"
#include "vrs/server/store/time_text.hpp"

namespace vrs::server::store {
namespace {

namespace json = boost::json;

struct Row {
  std::string key_id;
  std::string kind;
  crypto::Bytes secret;
  bool current = false;
  std::string created_at;
  std::string retired_at;
  std::string closed_at;
  std::string successor;
  crypto::Bytes retirement_signature;
};

Result<std::vector<Row>> read_rows(db::Database& db) {
  VRS_TRY(auto stmt, db.prepare("SELECT key_id, kind, secret_key, retired_at IS NULL, created_at, "
                                "coalesce(retired_at, ''), coalesce(closed_at, ''), coalesce(successor, ''), "
                                "retirement_signature FROM server_keys ORDER BY created_at, key_id"));
  std::vector<Row> rows;
  for (;;) {
    VRS_TRY(auto row, stmt.step());
    if (!row) break;
    rows.push_back(Row{stmt.column_text(0), stmt.column_text(1), stmt.column_blob(2), stmt.column_int64(3) != 0,
                       stmt.column_text(4), stmt.column_text(5), stmt.column_text(6), stmt.column_text(7),
                       stmt.column_blob(8)});
  }
  return rows;
}

// retired_at plus the grace period, in the same text form; "" if retired_at does not parse.
std::string plus_grace(const std::string& retired_at, std::chrono::days grace) {
  auto at = parse_time_text(retired_at);
  if (!at) return {};
  return db::format_utc(std::chrono::time_point_cast<std::chrono::system_clock::duration>(*at + grace));
}

// Creates the missing current keys (one transaction with the audit entry).
Result<void> create_missing(db::Database& db, bool need_sealing, bool need_receipt) {
  VRS_TRY(auto tx, db::Transaction::begin(db));
  std::string created;
  const std::string now = db::utc_now();
  if (need_sealing) {
    VRS_TRY(created, add_current_key(db, KeyKind::Sealing, now));
  }
  if (need_receipt) {
    VRS_TRY(const auto id, add_current_key(db, KeyKind::Receipt, now));
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

Result<std::shared_ptr<const ServerKeys>> ServerKeys::load_or_create(db::Database& db, std::chrono::days sealing_grace) {
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
        json::object entry{{"key_id", r.key_id}, {"public_key", crypto::to_base64(box->public_key())}, {"current", r.current}};
        std::string closes;
        if (!r.current) {
          // Closed explicitly (keys retire), or at the end of the grace period, whichever is first.
          closes = plus_grace(r.retired_at, sealing_grace);
          if (!r.closed_at.empty() && (closes.empty() || r.closed_at < closes)) closes = r.closed_at;
          if (closes.empty()) closes = r.retired_at;
          entry["retired_at"] = r.retired_at;
          entry["open_until"] = closes;
        }
        sealing.push_back(std::move(entry));
        keys->sealing_closes_[r.key_id] = closes;
        keys->statuses_.push_back(Status{"sealing", r.key_id, r.created_at, r.retired_at, closes});
        if (r.current) keys->current_sealing_id_ = r.key_id;
        keys->sealing_.emplace(r.key_id, std::move(*box));
      }
    } else if (r.kind == "ed25519") {
      auto key = crypto::SigningKey::from_seed(r.secret);
      if (!key) {
        status = fail(key.error().with_context("server key " + r.key_id));
      } else {
        json::object entry{{"key_id", r.key_id}, {"public_key", crypto::to_base64(key->public_key())}, {"current", r.current}};
        if (!r.current) {
          entry["retired_at"] = r.retired_at;
          // Keys retired before rotation was built have no successor statement.
          if (!r.successor.empty() && r.retirement_signature.size() == crypto::Ed25519Signature{}.size()) {
            entry["successor"] = r.successor;
            entry["retirement_signature"] = crypto::to_base64(r.retirement_signature);
          }
        }
        receipt.push_back(std::move(entry));
        keys->statuses_.push_back(Status{"receipt", r.key_id, r.created_at, r.retired_at, ""});
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

std::string ServerKeys::sealing_closes_at(const std::string& key_id) const {
  auto it = sealing_closes_.find(key_id);
  return it == sealing_closes_.end() ? std::string() : it->second;
}

const crypto::BoxKeyPair* ServerKeys::sealing_key(const std::string& key_id) const {
  auto it = sealing_.find(key_id);
  return it == sealing_.end() ? nullptr : &it->second;
}

}  // namespace vrs::server::store
