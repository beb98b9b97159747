#pragma once
/// The secret behind the record keys of the cell-key method (docs/disclosure.md "Noise"; table
/// cell_key_secret): created once with the OS random generator when the server first starts
/// on a store (audit "cell_key_secret.create"), never changed. The analysis engine reads it
/// (analysis/facts.hpp) to give every record version its secret key.
///
/// Thread-safety: functions over the caller's connection.

#include "vrs/common/error.hpp"
#include "vrs/crypto/secure_buffer.hpp"

namespace vrs::db {
class Database;
}

namespace vrs::server::store {

/// Creates the secret unless the store has one.
Result<void> ensure_cell_key_secret(db::Database& db);

/// The secret (16 bytes). NotFound when the store has none yet (the server creates it at start).
Result<crypto::SecureBuffer> read_cell_key_secret(db::Database& db);

}  // namespace vrs::server::store
