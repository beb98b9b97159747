#pragma once
/// The server's own keys for submissions (docs/architecture.md "Keys"), kept in the encrypted
/// database (table server_keys): X25519 sealing keys (envelopes are sealed to the current one;
/// a retired one still opens envelopes until it closes: its closed_at, or retired_at plus the
/// grace period) and Ed25519 receipt keys (the current one signs receipts and tree heads;
/// retired ones stay published so old receipts verify, each with its successor's signature of
/// its retirement). Created on first start (audit "server_keys.create"), rotated offline
/// (key_rotation.hpp), loaded at start and on SIGHUP; key ids as envelope.hpp.
///
/// Thread-safety: immutable after load(); every const member may be used from any thread.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "vrs/common/error.hpp"
#include "vrs/crypto/seal.hpp"
#include "vrs/crypto/sign.hpp"

namespace vrs::db {
class Database;
}

namespace vrs::server::store {

class ServerKeys {
 public:
  /// Loads the keys, creating a current sealing and receipt key if there is none (in one
  /// transaction with its audit entry). Must run on the thread that owns `db`.
  /// `sealing_grace`: how long a retired sealing key still opens envelopes, unless closed.
  static Result<std::shared_ptr<const ServerKeys>> load_or_create(db::Database& db,
                                                                  std::chrono::days sealing_grace);

  /// The sealing key with this id (current or retired, closed or not), nullptr if unknown.
  [[nodiscard]] const crypto::BoxKeyPair* sealing_key(const std::string& key_id) const;
  /// When envelopes sealed to this key stop being opened (db::format_utc text; "" = the current
  /// key, never). Compare with db::utc_now(): a later time is closed.
  [[nodiscard]] std::string sealing_closes_at(const std::string& key_id) const;

  /// One line per key for `vrs-server keys list`: kind, id, state.
  struct Status {
    std::string kind;  ///< "sealing" or "receipt"
    std::string key_id;
    std::string created_at;
    std::string retired_at;  ///< "" while current
    std::string closes_at;   ///< sealing keys that are retired
  };
  [[nodiscard]] const std::vector<Status>& statuses() const noexcept { return statuses_; }
  [[nodiscard]] const std::string& current_sealing_id() const noexcept { return current_sealing_id_; }
  [[nodiscard]] const crypto::SigningKey& receipt_key() const noexcept { return *receipt_key_; }
  [[nodiscard]] const std::string& receipt_key_id() const noexcept { return receipt_key_id_; }
  /// This VRS instance's identity, signed into every version 2 envelope ("vrs-" + store id).
  [[nodiscard]] const std::string& server_id() const noexcept { return server_id_; }
  /// The GET /v1/keys document (docs/api.md).
  [[nodiscard]] const std::string& public_json() const noexcept { return public_json_; }

 private:
  ServerKeys() = default;
  std::map<std::string, crypto::BoxKeyPair> sealing_;
  std::map<std::string, std::string> sealing_closes_;
  std::vector<Status> statuses_;
  std::string current_sealing_id_;
  std::unique_ptr<crypto::SigningKey> receipt_key_;
  std::string receipt_key_id_;
  std::string server_id_;
  std::string public_json_;
};

}  // namespace vrs::server::store
