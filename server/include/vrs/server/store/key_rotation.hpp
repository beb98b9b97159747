#pragma once
/// Rotating and retiring the server's own keys (docs/operations.md "Rotate keys"); offline
/// commands `vrs-server keys rotate` / `keys retire`, which a running server picks up on SIGHUP.
///  - rotate: the current key of a kind is retired now and a new one made current, in one
///    transaction with the audit entry "server_keys.rotate" ("<old> -> <new>"). A new receipt
///    key signs the retirement of the old one (schema/key_retirement.hpp).
///  - close: a retired sealing key stops opening envelopes now, before its grace period ends
///    (after a compromise); audit "server_keys.retire". The current key cannot be closed
///    (rotate first), nor a receipt key (retired receipt keys only verify what they signed).
///
/// Thread-safety: plain functions on the caller's connection.

#include <memory>
#include <string>
#include <vector>

#include "vrs/common/error.hpp"
#include "vrs/crypto/sign.hpp"

namespace vrs::db {
class Database;
}

namespace vrs::server::store {

enum class KeyKind { Sealing, Receipt };

/// Generates a key of `kind` and stores it as current, created at `now`; the caller holds the
/// transaction and has retired the previous current key. Returns its id; a new receipt key is
/// also handed to `receipt_out` when given (to sign its predecessor's retirement).
Result<std::string> add_current_key(db::Database& db, KeyKind kind, const std::string& now,
                                    std::unique_ptr<crypto::SigningKey>* receipt_out = nullptr);

/// Retires the current key of `kind` and makes a new one current. Returns "<old> -> <new>".
Result<std::string> rotate_server_key(db::Database& db, KeyKind kind);
/// The same inside the caller's transaction.
Result<std::string> rotate_in_transaction(db::Database& db, KeyKind kind);

/// `vrs-server keys rotate` beside a running server: records the request (meta row, audit
/// "server_keys.rotate_requested"); the server makes the rotation itself at its next start or
/// SIGHUP (apply_requested_rotations), so the old key's retirement time is the moment it stops
/// signing, never earlier. A restore requests a receipt rotation the same way.
Result<void> request_rotation(db::Database& db, KeyKind kind, const std::string& actor = "operator");
/// Makes the requested rotations (one transaction); their "<old> -> <new>".
Result<std::vector<std::string>> apply_requested_rotations(db::Database& db);

/// Closes the retired sealing key `key_id` now. NotFound for an unknown id; FailedPrecondition
/// for the current key, a receipt key, or one already closed.
Result<void> close_sealing_key(db::Database& db, const std::string& key_id);

}  // namespace vrs::server::store
