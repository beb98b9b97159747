// `vrs-server keys list|rotate|retire` and `vrs-server tls renew`: the server's own keys and
// its TLS certificate, changed offline beside a running server, which picks them up on SIGHUP
// (docs/operations.md "Rotate keys").
#include "cli/keys_cli.hpp"
#include "cli/server_cli.hpp"

#include <unistd.h>

#include <iostream>
#include <memory>

#include "vrs/certs/authority.hpp"
#include "vrs/common/text_file.hpp"
#include "vrs/db/audit_log.hpp"
#include "vrs/db/clock.hpp"
#include "vrs/db/database.hpp"
#include "vrs/server/config.hpp"
#include "vrs/server/store/key_rotation.hpp"
#include "vrs/server/store/key_source.hpp"
#include "vrs/server/store/server_keys.hpp"
#include "vrs/server/store/store_lock.hpp"

namespace vrs::server::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kReloadHint =
    "a running server publishes it after SIGHUP (systemctl reload vrs-server)";

// The configuration's store, opened beside a running server (shared lock).
struct OpenStore {
  store::StoreLock lock;
  db::Database database;
};

Result<OpenStore> open_store(const Config& config) {
  VRS_TRY(auto lock, store::StoreLock::acquire(config.paths.db, store::StoreLock::Mode::Shared));
  auto source = store::key_source_of(config.paths);
  source.stdin_fd = STDIN_FILENO;
  VRS_TRY(auto key, store::resolve_existing_key(source, config.paths.db));
  VRS_TRY(auto database, db::Database::open(config.paths.db, key.key));
  return OpenStore{std::move(lock), std::move(database)};
}

Result<void> list_keys(const Config& config, std::ostream& out) {
  VRS_TRY(auto opened, open_store(config));
  VRS_TRY(auto keys, store::ServerKeys::load_or_create(opened.database, std::chrono::days(config.keys.sealing_grace_days)));
  const std::string now = db::utc_now();
  for (const auto& k : keys->statuses()) {
    out << k.kind << "  " << k.key_id << "  created " << k.created_at << "  ";
    if (k.retired_at.empty()) {
      out << "current";
    } else if (k.kind == "receipt") {
      out << "retired " << k.retired_at << " (verifies the receipts it signed)";
    } else {
      out << "retired " << k.retired_at << (k.closes_at < now ? ", closed " : ", opens envelopes until ") << k.closes_at;
    }
    out << "\n";
  }
  return {};
}

Result<void> rotate(const Config& config, store::KeyKind kind) {
  VRS_TRY(auto opened, open_store(config));
  return store::request_rotation(opened.database, kind);
}

Result<void> retire(const Config& config, const std::string& key_id) {
  VRS_TRY(auto opened, open_store(config));
  return store::close_sealing_key(opened.database, key_id);
}

struct Renewed {
  std::string serial;
  std::string not_after;
  std::string names;
};

// A new TLS key and server certificate from the issuing CA, for the names of the current one
// (or `names`); each file written beside its target, then renamed over it.
Result<Renewed> renew_tls(const Config& config, std::vector<std::string> names, std::chrono::days days) {
  const auto& p = config.paths;
  VRS_TRY(auto opened, open_store(config));
  VRS_TRY(auto issuing, certs::Certificate::load(p.issuing_ca_cert));
  VRS_TRY(auto issuing_key, certs::PrivateKey::load(p.issuing_ca_key));
  if (names.empty()) {
    VRS_TRY(auto chain_text, read_text_file(p.tls_cert_chain, 1024 * 1024));
    VRS_TRY(auto chain, certs::Certificate::load_bundle(chain_text));
    if (chain.empty()) return fail(ErrorCode::InvalidArgument, p.tls_cert_chain.string() + " holds no certificate");
    names = chain.front().alt_names();
    if (names.empty()) return fail(ErrorCode::InvalidArgument, p.tls_cert_chain.string() + " names no host; give --name");
  }
  VRS_TRY(auto key, certs::PrivateKey::generate());
  VRS_TRY(auto cert, certs::make_server_certificate(issuing, issuing_key, key, names, certs::Validity::from_now(days)));
  const fs::path key_next(p.tls_key.string() + ".next");
  const fs::path chain_next(p.tls_cert_chain.string() + ".next");
  VRS_TRY_VOID(key.save(key_next));
  if (auto written = write_file_atomically(chain_next, cert.to_pem() + issuing.to_pem(), 0644); !written) {
    ::unlink(key_next.c_str());
    return fail(written.error());
  }
  for (const auto& [from, to] : {std::pair{key_next, p.tls_key}, std::pair{chain_next, p.tls_cert_chain}}) {
    if (::rename(from.c_str(), to.c_str()) != 0) {
      return fail(ErrorCode::Internal, "cannot rename " + from.string() + " to " + to.string() + ": " + errno_text(errno));
    }
  }
  VRS_TRY_VOID(fsync_dir(p.tls_key.parent_path()));
  Renewed r{cert.serial_hex(), certs::format_time(cert.not_after()), {}};
  for (const auto& n : names) r.names += (r.names.empty() ? "" : ",") + n;
  db::AuditLog audit(opened.database);
  auto seq = audit.append({"operator", "server.tls_renew", "server_certificate serial=" + r.serial + " names=" + r.names, "ok"});
  if (!seq) return fail(seq.error());
  return r;
}

template <class T>
bool report(const Result<T>& result, const char* what, int& exit_code) {
  if (result) return true;
  std::cerr << "vrs-server: " << what << ": " << result.error().message() << "\n";
  exit_code = 1;
  return false;
}

}  // namespace

void add_key_commands(CLI::App& app, int& exit_code) {
  struct Args {
    std::string config;
    bool sealing = false;
    bool receipt = false;
    std::string key_id;
    std::vector<std::string> names;
    int days = static_cast<int>(certs::kDefaultLeafValidity.count());
  };
  auto args = std::make_shared<Args>();
  auto* keys = app.add_subcommand("keys", "The server's sealing and receipt keys (docs/operations.md \"Rotate keys\")");
  keys->require_subcommand(1);

  auto* list = keys->add_subcommand("list", "List the sealing and receipt keys: current, retired, until when open.");
  list->add_option("--config", args->config, "Configuration file")->required()->type_name("FILE");
  list->callback([args, &exit_code] {
    auto config = config_or_report(args->config, exit_code);
    if (!config) return;
    if (report(list_keys(*config, std::cout), "keys list", exit_code)) exit_code = 0;
  });

  auto* rotate_cmd = keys->add_subcommand(
      "rotate",
      "Request that the server retire its current sealing (--sealing) or receipt (--receipt) key and\n"
      "make a new one current; it does so at its next start or SIGHUP, so the old key stops signing\n"
      "at the moment of its retirement.\n"
      "Envelopes sealed to the retired sealing key are still opened for [keys] sealing_grace_days\n"
      "(then refused with envelope_key_retired, which a client answers by sealing again); a retired\n"
      "receipt key stays published, with the new key's signature of its retirement, so old receipts\n"
      "verify. A running server publishes the new key after SIGHUP.");
  rotate_cmd->add_option("--config", args->config, "Configuration file")->required()->type_name("FILE");
  auto* sealing = rotate_cmd->add_flag("--sealing", args->sealing, "Rotate the X25519 sealing key");
  auto* receipt = rotate_cmd->add_flag("--receipt", args->receipt, "Rotate the Ed25519 receipt key");
  sealing->excludes(receipt);
  rotate_cmd->callback([args, &exit_code] {
    if (!args->sealing && !args->receipt) {
      std::cerr << "vrs-server: keys rotate: give --sealing or --receipt\n";
      exit_code = 2;
      return;
    }
    auto config = config_or_report(args->config, exit_code);
    if (!config) return;
    auto changed = rotate(*config, args->sealing ? store::KeyKind::Sealing : store::KeyKind::Receipt);
    if (!report(changed, "keys rotate", exit_code)) return;
    std::cout << (args->sealing ? "sealing" : "receipt")
              << " key rotation requested: the server makes it at its next start or SIGHUP (systemctl reload "
                 "vrs-server), and the old key is retired at that moment\n";
    exit_code = 0;
  });

  auto* retire_cmd = keys->add_subcommand(
      "retire",
      "Close a retired sealing key now, before its grace period ends (after a compromise): envelopes\n"
      "sealed to it are refused from the next SIGHUP on. Refused for the current key (rotate first)\n"
      "and for receipt keys.");
  retire_cmd->add_option("--config", args->config, "Configuration file")->required()->type_name("FILE");
  retire_cmd->add_option("KEY_ID", args->key_id, "Key id, as `keys list` shows it")->required();
  retire_cmd->callback([args, &exit_code] {
    auto config = config_or_report(args->config, exit_code);
    if (!config) return;
    if (!report(retire(*config, args->key_id), "keys retire", exit_code)) return;
    std::cout << "sealing key " << args->key_id << " closed; " << kReloadHint << "\n";
    exit_code = 0;
  });

  auto* tls = app.add_subcommand("tls", "The server's TLS certificate");
  tls->require_subcommand(1);
  auto* renew = tls->add_subcommand(
      "renew",
      "Issue a new TLS key and server certificate from the issuing CA (paths.issuing_ca_*), for the\n"
      "names of the current certificate unless --name is given, and put them in place of\n"
      "paths.tls_key and paths.tls_cert_chain. A running server serves it to new connections after\n"
      "SIGHUP; open connections keep theirs and are not dropped.");
  renew->add_option("--config", args->config, "Configuration file")->required()->type_name("FILE");
  renew->add_option("--name", args->names, "DNS name or IP address (repeatable); default: the current ones")
      ->type_name("NAME");
  renew->add_option("--days", args->days, "Validity in days")->check(CLI::Range(1, 825));
  renew->callback([args, &exit_code] {
    auto config = config_or_report(args->config, exit_code);
    if (!config) return;
    auto renewed = renew_tls(*config, args->names, std::chrono::days(args->days));
    if (!report(renewed, "tls renew", exit_code)) return;
    std::cout << "server certificate renewed: serial " << renewed->serial << ", names " << renewed->names
              << ", valid until " << renewed->not_after << "; " << kReloadHint << "\n";
    exit_code = 0;
  });
}

}  // namespace vrs::server::cli
