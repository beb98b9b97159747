#pragma once
/// The server's own keys for submissions (docs/architecture.md "Keys"), kept in the encrypted
/// database (table server_keys): X25519 sealing keys (envelopes are sealed to the current one;
/// retired ones still open old envelopes) and the Ed25519 key that signs receipts. Created on
/// first start (audit "server_keys.create"), loaded once; key ids as envelope.hpp.
///
/// Thread-safety: immutable after load(); every const member may be used from any thread.

#include <map>
#include <memory>
#include <string>

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
  static Result<std::shared_ptr<const ServerKeys>> load_or_create(db::Database& db);

  /// The sealing key with this id (current or retired), nullptr if unknown.
  [[nodiscard]] const crypto::BoxKeyPair* sealing_key(const std::string& key_id) const;
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
  std::string current_sealing_id_;
  std::unique_ptr<crypto::SigningKey> receipt_key_;
  std::string receipt_key_id_;
  std::string server_id_;
  std::string public_json_;
};

}  // namespace vrs::server::store
