#include "vrs/server/store/cell_key_secret.hpp"

#include "vrs/crypto/random.hpp"
#include "vrs/db/audit_log.hpp"
#include "vrs/db/clock.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/statement.hpp"
#include "vrs/db/transaction.hpp"

namespace vrs::server::store {
namespace {
constexpr std::size_t kSecretBytes = 16;  // SipHash-2-4's key
}

Result<void> ensure_cell_key_secret(db::Database& db) {
  VRS_TRY(const auto present, db.query_int64("SELECT count(*) FROM cell_key_secret"));
  if (present > 0) return {};
  VRS_TRY(auto secret, crypto::SecureBuffer::allocate(kSecretBytes));
  crypto::random_bytes(secret.span());
  VRS_TRY(auto tx, db::Transaction::begin(db));
  VRS_TRY(auto stmt, db.prepare("INSERT INTO cell_key_secret (id, secret, created_at) VALUES (1, ?1, ?2)"));
  VRS_TRY_VOID(stmt.bind_blob(1, secret.view()));
  VRS_TRY_VOID(stmt.bind_text(2, db::utc_now()));
  VRS_TRY_VOID(stmt.run());
  db::AuditLog audit(db);
  auto seq = audit.append({"operator", "cell_key_secret.create", "", "ok"});
  if (!seq) return fail(seq.error());
  return tx.commit();
}

Result<crypto::SecureBuffer> read_cell_key_secret(db::Database& db) {
  VRS_TRY(auto stmt, db.prepare("SELECT secret FROM cell_key_secret WHERE id = 1"));
  VRS_TRY(const auto row, stmt.step());
  if (!row) return fail(ErrorCode::NotFound, "cell_key_secret: the store has no cell-key secret yet (the server creates it at start)");
  auto bytes = stmt.column_blob(0);
  if (bytes.size() != kSecretBytes) {
    crypto::wipe(bytes);
    return fail(ErrorCode::DataLoss, "cell_key_secret: the stored secret has " + std::to_string(bytes.size()) +
                                         " bytes, not " + std::to_string(kSecretBytes));
  }
  auto secret = crypto::SecureBuffer::copy_of(bytes);
  crypto::wipe(bytes);
  return secret;
}

}  // namespace vrs::server::store
