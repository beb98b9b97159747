#include "vrs/server/init_command.hpp"
#include "vrs/server/server_keys.hpp"

#include <openssl/x509.h>
#include <sys/stat.h>

#include <boost/json.hpp>

#include "vrs/certs/authority.hpp"
#include "vrs/common/text_file.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/db/audit_log.hpp"
#include "vrs/db/database.hpp"
#include "vrs/server/db_commands.hpp"
#include "vrs/server/issuing_authority.hpp"
#include "vrs/server/key_source.hpp"

namespace vrs::server {
namespace {

namespace fs = std::filesystem;

KeySource key_source(const Config& config) {
  KeySource source;
  source.key_file = config.paths.db_key_file;
  source.passphrase_env = config.paths.db_passphrase_env;
  source.passphrase_stdin = config.paths.db_passphrase_stdin;
  return source;
}

Result<InitResult> init_in(const InitOptions& o) {
  const fs::path& dir = o.dir;
  const fs::path& ca = o.ca_dir;
  auto root = certs::Certificate::load(ca / "root.crt");
  if (!root) return tl::unexpected(root.error());
  auto issuing = certs::Certificate::load(ca / "issuing.crt");
  if (!issuing) return tl::unexpected(issuing.error());
  auto issuing_key = certs::PrivateKey::load(ca / "issuing.key");
  if (!issuing_key) return tl::unexpected(issuing_key.error());
  if (!issuing->is_ca() || issuing->issuer() != root->subject() ||
      X509_check_private_key(issuing->native(), issuing_key->native()) != 1) {
    return fail(ErrorCode::InvalidArgument, ca.string() + ": issuing.crt, issuing.key and root.crt do not belong together");
  }
  std::string chain;
  std::error_code ec;
  if (fs::exists(ca / "ca-chain.pem", ec)) {
    auto text = read_text_file(ca / "ca-chain.pem", kMaxPemFileBytes);
    if (!text) return tl::unexpected(text.error());
    chain = std::move(*text);
  } else {
    chain = issuing->to_pem() + root->to_pem();
  }

  VRS_TRY_VOID(root->save(dir / "root.crt"));
  VRS_TRY_VOID(issuing->save(dir / "issuing.crt"));
  VRS_TRY_VOID(issuing_key->save(dir / "issuing.key"));
  VRS_TRY_VOID(write_file_atomically(dir / "ca-chain.pem", chain, 0644));

  auto server_key = certs::PrivateKey::generate();
  if (!server_key) return tl::unexpected(server_key.error());
  VRS_TRY_VOID(server_key->save(dir / "server.key"));
  auto server_cert = certs::make_server_certificate(*issuing, *issuing_key, *server_key, o.names,
                                                    certs::Validity::from_now(certs::kDefaultLeafValidity));
  if (!server_cert) return tl::unexpected(server_cert.error());
  VRS_TRY_VOID(write_file_atomically(dir / "server-chain.pem", server_cert->to_pem() + issuing->to_pem(), 0644));

  Config config;
  config.listen.port = o.port;
  config.metrics.port = o.metrics_port;
  const fs::path config_path = dir / "vrs-server.toml";
  VRS_TRY_VOID(write_file_atomically(config_path, to_toml(config), 0600));

  KeySource key;
  key.key_file = dir / "vrs.db.key";
  auto created = db_init(DbInitOptions{dir / "vrs.db", key});
  if (!created) return tl::unexpected(created.error());
  auto db_key = db::read_key_file(key.key_file);
  if (!db_key) return tl::unexpected(db_key.error());
  auto database = db::Database::open(dir / "vrs.db", *db_key);
  if (!database) return tl::unexpected(database.error());
  IssuingAuthority authority(std::move(*issuing), std::move(*issuing_key), chain, dir / "crl.pem");
  MemberStore store(*database, authority);
  VRS_TRY_VOID(store.publish_crl("operator"));
  InitResult result;
  result.config = config_path;
  result.server_serial = server_cert->serial_hex();
  result.server_fingerprint = server_cert->fingerprint_sha256();
  result.server_not_after = certs::format_time(server_cert->not_after());
  std::string names;
  for (const auto& n : o.names) names += (names.empty() ? "" : ",") + n;
  db::AuditLog audit(*database);
  auto seq = audit.append({"operator", "server.init", "server_certificate serial=" + result.server_serial + " names=" + names, "ok"});
  if (!seq) return tl::unexpected(seq.error());
  // The submission keys (X25519 sealing, Ed25519 receipts) live in the encrypted database.
  auto keys = ServerKeys::load_or_create(*database);
  if (!keys) return tl::unexpected(keys.error().with_context("server keys"));
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

std::string bundle_json(const IssuedCertificate& issued) {
  boost::json::object o;
  o["member_id"] = issued.member_id;
  o["role"] = issued.role;
  o["serial"] = issued.serial;
  o["fingerprint_sha256"] = issued.fingerprint;
  o["not_after"] = issued.not_after;
  o["certificate"] = issued.certificate_pem;
  o["ca_chain"] = issued.ca_chain_pem;
  return boost::json::serialize(o) + "\n";
}

Result<IssuedCertificate> bootstrap_admin(const Config& config, const BootstrapOptions& options) {
  std::error_code ec;
  if (fs::exists(options.out, ec)) return fail(ErrorCode::AlreadyExists, options.out.string() + " already exists");
  auto text = read_text_file(options.request, 64 * 1024);
  if (!text) return tl::unexpected(text.error());
  boost::json::error_code jec;
  auto value = boost::json::parse(*text, jec);
  if (jec || !value.is_object()) return fail(ErrorCode::InvalidArgument, options.request.string() + ": not a JSON object");
  const auto& o = value.as_object();
  auto field = [&](std::string_view key) -> Result<std::string> {
    const auto* v = o.if_contains(key);
    if (v == nullptr || !v->is_string()) {
      return fail(ErrorCode::InvalidArgument, options.request.string() + ": " + std::string(key) + " must be a string");
    }
    return std::string(v->as_string().data(), v->as_string().size());
  };
  auto member_text = field("member_id");
  if (!member_text) return tl::unexpected(member_text.error());
  auto member = certs::parse_member_id(*member_text);
  if (!member) return fail(member.error().with_context("member_id"));
  auto csr = field("csr");
  if (!csr) return tl::unexpected(csr.error());
  auto signing_key_text = field("signing_key");
  if (!signing_key_text) return tl::unexpected(signing_key_text.error());
  auto signing_key = crypto::from_base64(*signing_key_text);
  IssueRequest request;
  if (!signing_key || signing_key->size() != request.signing_key.size()) {
    return fail(ErrorCode::InvalidArgument, "signing_key: must be a base64 Ed25519 public key (32 bytes)");
  }
  std::copy(signing_key->begin(), signing_key->end(), request.signing_key.begin());
  request.csr_pem = std::move(*csr);
  request.days = options.days;
  request.reason = "bootstrap of the first administrator";

  auto key = resolve_existing_key(key_source(config), config.paths.db);
  if (!key) return tl::unexpected(key.error());
  auto database = db::Database::open(config.paths.db, key->key);
  if (!database) return tl::unexpected(database.error());
  auto authority = IssuingAuthority::load(config.paths);
  if (!authority) return tl::unexpected(authority.error());
  MemberStore store(*database, **authority);
  auto has_admin = store.has_active_admin();
  if (!has_admin) return tl::unexpected(has_admin.error());
  if (*has_admin) {
    return fail(ErrorCode::FailedPrecondition,
                "an administrator with a valid certificate exists: enrol further administrators through the API "
                "(vrs-client admin enrol)");
  }
  auto existing = store.get_member(member->str());
  if (existing) {
    if (existing->role != "admin") {
      return fail(ErrorCode::FailedPrecondition, "member " + member->str() + " exists with role " + existing->role);
    }
  } else if (existing.error().code() == ErrorCode::NotFound) {
    auto created = store.create_member(*member, certs::Role::Admin, false, "operator");
    if (!created) return tl::unexpected(created.error());
  } else {
    return tl::unexpected(existing.error());
  }
  auto issued = store.issue_certificate(member->str(), request, "operator");
  if (!issued) return tl::unexpected(issued.error());
  VRS_TRY_VOID(write_file_atomically(options.out, bundle_json(*issued), 0600, Replace::No));
  return issued;
}

}  // namespace vrs::server
