#include "vrs/server/cli/init_command.hpp"
#include "vrs/server/store/cell_key_secret.hpp"
#include "vrs/server/store/server_keys.hpp"

#include <openssl/x509.h>
#include <sys/stat.h>

#include <boost/json.hpp>

#include "vrs/certs/authority.hpp"
#include "vrs/common/text_file.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/db/audit_log.hpp"
#include "vrs/db/database.hpp"
#include "vrs/server/cli/db_commands.hpp"
#include "vrs/server/issuing_authority.hpp"
#include "vrs/server/store/key_source.hpp"
#include "vrs/server/store/member_store.hpp"

namespace vrs::server::cli {
namespace {

namespace fs = std::filesystem;

Result<InitResult> init_in(const InitOptions& o) {
  const fs::path& dir = o.dir;
  const fs::path& ca = o.ca_dir;
  VRS_TRY(auto root, certs::Certificate::load(ca / "root.crt"));
  auto issuing = certs::Certificate::load(ca / "issuing.crt");
  if (!issuing) return fail(issuing.error());
  VRS_TRY(auto issuing_key, certs::PrivateKey::load(ca / "issuing.key"));
  if (!issuing->is_ca() || issuing->issuer() != root.subject() ||
      X509_check_private_key(issuing->native(), issuing_key.native()) != 1) {
    return fail(ErrorCode::InvalidArgument, ca.string() + ": issuing.crt, issuing.key and root.crt do not belong together");
  }
  std::string chain;
  std::error_code ec;
  if (fs::exists(ca / "ca-chain.pem", ec)) {
    VRS_TRY(auto text, read_text_file(ca / "ca-chain.pem", kMaxPemFileBytes));
    chain = std::move(text);
  } else {
    chain = issuing->to_pem() + root.to_pem();
  }

  VRS_TRY_VOID(root.save(dir / "root.crt"));
  VRS_TRY_VOID(issuing->save(dir / "issuing.crt"));
  VRS_TRY_VOID(issuing_key.save(dir / "issuing.key"));
  VRS_TRY_VOID(write_file_atomically(dir / "ca-chain.pem", chain, 0644));

  VRS_TRY(auto server_key, certs::PrivateKey::generate());
  VRS_TRY_VOID(server_key.save(dir / "server.key"));
  VRS_TRY(auto server_cert, certs::make_server_certificate(*issuing, issuing_key, server_key, o.names,
                                                    certs::Validity::from_now(certs::kDefaultLeafValidity)));
  VRS_TRY_VOID(write_file_atomically(dir / "server-chain.pem", server_cert.to_pem() + issuing->to_pem(), 0644));

  Config config;
  config.listen.port = o.port;
  config.metrics.port = o.metrics_port;
  const fs::path config_path = dir / "vrs-server.toml";
  VRS_TRY_VOID(write_file_atomically(config_path, to_toml(config), 0600));

  store::KeySource key;
  key.key_file = dir / "vrs.db.key";
  auto created = db_init(DbInitOptions{dir / "vrs.db", key});
  if (!created) return fail(created.error());
  VRS_TRY(auto db_key, db::read_key_file(key.key_file));
  VRS_TRY(auto database, db::Database::open(dir / "vrs.db", db_key));
  IssuingAuthority authority(std::move(*issuing), std::move(issuing_key), chain, dir / "crl.pem");
  store::MemberStore store(database, authority);
  VRS_TRY_VOID(store.publish_crl("operator"));
  InitResult result;
  result.config = config_path;
  result.server_serial = server_cert.serial_hex();
  result.server_fingerprint = server_cert.fingerprint_sha256();
  result.server_not_after = certs::format_time(server_cert.not_after());
  std::string names;
  for (const auto& n : o.names) names += (names.empty() ? "" : ",") + n;
  db::AuditLog audit(database);
  auto seq = audit.append({"operator", "server.init", "server_certificate serial=" + result.server_serial + " names=" + names, "ok"});
  if (!seq) return fail(seq.error());
  // The submission keys (X25519 sealing, Ed25519 receipts) live in the encrypted database.
  auto keys = store::ServerKeys::load_or_create(database, std::chrono::days(config.keys.sealing_grace_days));
  if (!keys) return fail(keys.error().with_context("server keys"));
  // The secret behind the noise of published figures (docs/disclosure.md "Noise").
  if (auto secret = store::ensure_cell_key_secret(database); !secret) {
    return fail(secret.error().with_context("cell-key secret"));
  }
  return result;
}

}  // namespace

Result<InitResult> init_server(const InitOptions& o) {
  if (o.dir.empty()) return fail(ErrorCode::InvalidArgument, "--dir is required");
  if (o.ca_dir.empty()) return fail(ErrorCode::InvalidArgument, "--ca-dir is required");
  if (o.names.empty()) return fail(ErrorCode::InvalidArgument, "give at least one --name for the server certificate");
  std::error_code ec;
  bool created_dir = false;
  if (fs::exists(o.dir, ec)) {
    if (!fs::is_directory(o.dir, ec) || !fs::is_empty(o.dir, ec)) {
      return fail(ErrorCode::AlreadyExists, "cannot initialise " + o.dir.string() + ": it exists and is not an empty directory");
    }
  } else {
    if (!fs::create_directories(o.dir, ec) || ec) {
      return fail(ErrorCode::Unavailable, "cannot create " + o.dir.string() + ": " + ec.message());
    }
    created_dir = true;
  }
  if (::chmod(o.dir.c_str(), 0700) != 0) return fail(ErrorCode::Unavailable, "cannot chmod 0700 " + o.dir.string());
  auto result = init_in(o);
  if (!result) {
    // Leave nothing half-made behind.
    for (const auto& entry : fs::directory_iterator(o.dir, ec)) fs::remove_all(entry.path(), ec);
    if (created_dir) fs::remove(o.dir, ec);
    return fail(result.error().with_context("cannot initialise " + o.dir.string()));
  }
  return result;
}

}  // namespace vrs::server::cli
