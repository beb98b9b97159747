#include "cli/server_cli.hpp"

#include <iostream>
#include <memory>
#include <optional>

#include "vrs/server/cli/backup_command.hpp"
#include "vrs/server/cli/bootstrap_command.hpp"
#include "vrs/server/cli/init_command.hpp"
#include "vrs/server/cli/run_command.hpp"
#include "vrs/server/store/rekey.hpp"

namespace vrs::server::cli {

void add_operations_commands(CLI::App& app, int& exit_code);

std::optional<Config> config_or_report(const std::string& path, int& exit_code) {
  auto config = load_config(path);
  if (config) return std::move(*config);
  std::cerr << "vrs-server: " << config.error().message() << "\n";
  exit_code = 1;
  return std::nullopt;
}


void add_server_commands(CLI::App& app, int& exit_code) {
  add_operations_commands(app, exit_code);
  struct InitArgs {
    std::string dir;
    std::string ca_dir;
    std::vector<std::string> names;
    int port = kDefaultPort;
    int metrics_port = kDefaultMetricsPort;
  };
  auto init_args = std::make_shared<InitArgs>();
  auto* init = app.add_subcommand(
      "init",
      "Create a server directory: configuration, encrypted database and key, a copy of the CA\n"
      "certificates and the issuing CA key from the CA directory (root.crt, issuing.crt,\n"
      "issuing.key, ca-chain.pem), a new TLS key and server certificate for --name, an empty CRL,\n"
      "and the submission keys (X25519 sealing, Ed25519 receipts) inside the encrypted database.");
  init->add_option("--dir", init_args->dir, "Directory to create (mode 0700)")->required()->type_name("DIR");
  init->add_option("--ca-dir", init_args->ca_dir, "CA directory made by vrs-ca")->required()->type_name("CA");
  init->add_option("--name", init_args->names, "DNS name or IP address of the server (repeatable)")
      ->required()
      ->type_name("NAME");
  init->add_option("--port", init_args->port, "TLS port written to the configuration")->check(CLI::Range(0, 65535));
  init->add_option("--metrics-port", init_args->metrics_port, "Metrics port written to the configuration")
      ->check(CLI::Range(0, 65535));
  init->callback([init_args, &exit_code] {
    InitOptions o;
    o.dir = init_args->dir;
    o.ca_dir = init_args->ca_dir;
    o.names = init_args->names;
    o.port = static_cast<std::uint16_t>(init_args->port);
    o.metrics_port = static_cast<std::uint16_t>(init_args->metrics_port);
    auto result = init_server(o);
    if (!result) {
      std::cerr << "vrs-server: " << result.error().message() << "\n";
      exit_code = 1;
      return;
    }
    std::cout << "created " << o.dir << "\n"
              << "config: " << result->config.string() << "\n"
              << "server certificate: serial " << result->server_serial << ", fingerprint "
              << result->server_fingerprint << ", valid until " << result->server_not_after << "\n"
              << "next: vrs-server admin bootstrap --config " << result->config.string()
              << " --request enrol-request.json --out bundle.json\n";
    exit_code = 0;
  });

  struct RunArgs {
    std::string config;
    std::string port_file;
  };
  auto run_args = std::make_shared<RunArgs>();
  auto* run = app.add_subcommand("run",
                                 "Serve until SIGTERM/SIGINT (graceful drain). SIGHUP reloads limits, log level,\n"
                                 "CRL and the registry cache.");
  run->add_option("--config", run_args->config, "Configuration file (vrs-server.toml)")->required()->type_name("FILE");
  run->add_option("--port-file", run_args->port_file, "Write the TLS port here once listening")->type_name("PATH");
  run->callback([run_args, &exit_code] {
    RunOptions o;
    o.config = run_args->config;
    if (!run_args->port_file.empty()) o.port_file = run_args->port_file;
    exit_code = run_server(o);
  });

  struct BootstrapArgs {
    std::string config;
    std::string request;
    std::string out;
    int days = static_cast<int>(certs::kDefaultLeafValidity.count());
  };
  auto boot_args = std::make_shared<BootstrapArgs>();
  auto* admin = app.add_subcommand("admin", "Offline administration on the server machine");
  admin->require_subcommand(1);
  auto* bootstrap = admin->add_subcommand(
      "bootstrap",
      "Enroll an administrator offline: registers the member of the enrolment request as admin and\n"
      "writes its certificate bundle. For administrators without a certificate (the first, and a\n"
      "second one for the two-person rule); refused for one that already has a certificate, which\n"
      "renews through the API. Send SIGHUP to a running server afterwards.");
  bootstrap->add_option("--config", boot_args->config, "Configuration file")->required()->type_name("FILE");
  bootstrap->add_option("--request", boot_args->request, "enrol-request.json from vrs-client enroll")
      ->required()
      ->type_name("FILE");
  bootstrap->add_option("--out", boot_args->out, "Where to write bundle.json")->required()->type_name("FILE");
  bootstrap->add_option("--days", boot_args->days, "Certificate validity in days")->check(CLI::Range(1, 825));
  bootstrap->callback([boot_args, &exit_code] {
    auto config = config_or_report(boot_args->config, exit_code);
    if (!config) return;
    BootstrapOptions o;
    o.request = boot_args->request;
    o.out = boot_args->out;
    o.days = std::chrono::days(boot_args->days);
    auto issued = bootstrap_admin(*config, o);
    if (!issued) {
      std::cerr << "vrs-server: " << issued.error().message() << "\n";
      exit_code = 1;
      return;
    }
    std::cout << "enrolled administrator " << issued->member_id << ": certificate serial " << issued->serial
              << ", valid until " << issued->not_after << "\n"
              << "bundle written to " << o.out.string() << " (install it with: vrs-client install)\n";
    exit_code = 0;
  });
}


// backup, restore, config check: what an operator runs around the server (docs/operations.md).
void add_operations_commands(CLI::App& app, int& exit_code) {
  struct BackupArgs {
    std::string config;
    std::string out;
    std::string key_file;
  };
  auto backup_args = std::make_shared<BackupArgs>();
  auto* backup_cmd = app.add_subcommand(
      "backup",
      "Write a consistent, encrypted copy of the store while the server runs, with the server's\n"
      "configuration, TLS and CA files inside, and OUT.manifest.json beside it (time, schema, row\n"
      "counts, audit and log heads, SHA-256). Encrypted with the database key, or with --key-file\n"
      "(a separate 32-byte key file, kept apart from the server). Progress on stderr.\n"
      "Exit status: 0 written, 1 failure (nothing left behind).");
  backup_cmd->add_option("--config", backup_args->config, "Configuration file")->required()->type_name("FILE");
  backup_cmd->add_option("--out", backup_args->out, "Backup file to write (never overwritten), mode 0600")
      ->required()
      ->type_name("FILE");
  backup_cmd->add_option("--key-file", backup_args->key_file, "Encrypt with this key file instead of the database key")
      ->type_name("FILE");
  backup_cmd->callback([backup_args, &exit_code] {
    auto config = config_or_report(backup_args->config, exit_code);
    if (!config) return;
    BackupOptions o;
    o.out = backup_args->out;
    if (!backup_args->key_file.empty()) o.key_file = backup_args->key_file;
    auto done = backup(*config, o, std::cerr);
    if (!done) {
      std::cerr << "vrs-server: backup: " << done.error().message() << "\n";
      exit_code = 1;
      return;
    }
    std::cout << "backup " << done->file.string() << " (" << done->manifest.bytes << " bytes, "
              << done->manifest.audit_entries << " audit entries), manifest " << done->manifest_file.string() << "\n";
    exit_code = 0;
  });

  struct RestoreArgs {
    std::string from;
    std::string dir;
    std::string key_file;
  };
  auto restore_args = std::make_shared<RestoreArgs>();
  auto* restore_cmd = app.add_subcommand(
      "restore",
      "Check a backup (manifest and SHA-256, key, integrity, schema, row counts, audit chain and\n"
      "transparency log) and only then make a new server directory from it, which\n"
      "`vrs-server run --config DIR/vrs-server.toml` starts from. The key that opens the backup\n"
      "becomes the new directory's database key. Never writes into a directory that has files.\n"
      "Exit status: 0 restored, 1 failure (nothing written).");
  restore_cmd->add_option("--from", restore_args->from, "Backup file (its .manifest.json beside it)")->required()->type_name("FILE");
  restore_cmd->add_option("--dir", restore_args->dir, "New server directory (absent or empty)")->required()->type_name("DIR");
  restore_cmd->add_option("--key-file", restore_args->key_file, "The key the backup was made with")->required()->type_name("FILE");
  restore_cmd->callback([restore_args, &exit_code] {
    auto done = restore(RestoreOptions{restore_args->from, restore_args->dir, restore_args->key_file}, std::cerr);
    if (!done) {
      std::cerr << "vrs-server: restore: " << done.error().message() << "\n";
      exit_code = 1;
      return;
    }
    std::cout << "restored into " << restore_args->dir << "; configuration " << done->config.string() << "\n";
    exit_code = 0;
  });

  struct RekeyArgs {
    std::string config;
    bool new_passphrase_stdin = false;
    std::string new_passphrase_env;
    bool minimal_kdf_for_tests = false;
    std::string crash_after_for_tests;
  };
  auto rekey_args = std::make_shared<RekeyArgs>();
  auto* rekey_cmd = app.add_subcommand(
      "rekey",
      "Change the database key, with the server stopped: a new random key file (when the\n"
      "configuration names paths.db_key_file), or a new passphrase (when it names a passphrase).\n"
      "The store is copied under the new key beside the old one (free disk space for one more\n"
      "copy is needed), then renamed over it, then the new key over the old; a crash at any point\n"
      "leaves a database that the old or the new key opens, and the next `run` or `rekey`\n"
      "finishes or undoes it. Afterwards the old key opens nothing; backups made with the\n"
      "database key before still need the old key (docs/operations.md \"Rekey\").\n"
      "Exit status: 0 rekeyed, 1 failure (naming what was left as it was).");
  rekey_cmd->add_option("--config", rekey_args->config, "Configuration file")->required()->type_name("FILE");
  auto* pp_stdin = rekey_cmd->add_flag("--new-passphrase-stdin", rekey_args->new_passphrase_stdin,
                                       "Read the new passphrase from stdin (passphrase-keyed database)");
  auto* pp_env = rekey_cmd->add_option("--new-passphrase-env", rekey_args->new_passphrase_env,
                                       "Take the new passphrase from this environment variable")
                     ->type_name("NAME");
  pp_stdin->excludes(pp_env);
  rekey_cmd->add_flag("--insecure-minimal-kdf-for-tests", rekey_args->minimal_kdf_for_tests)->group("");
  rekey_cmd->add_option("--crash-after-for-tests", rekey_args->crash_after_for_tests)->group("");
  rekey_cmd->callback([rekey_args, &exit_code] {
    auto config = config_or_report(rekey_args->config, exit_code);
    if (!config) return;
    store::RekeyOptions o;
    o.new_passphrase_stdin = rekey_args->new_passphrase_stdin;
    o.new_passphrase_env = rekey_args->new_passphrase_env;
    o.kdf_cost = rekey_args->minimal_kdf_for_tests ? db::KdfCost::MinimumForTests : db::KdfCost::Moderate;
    o.crash_after_for_tests = rekey_args->crash_after_for_tests;
    auto done = store::rekey(*config, o, std::cerr);
    if (!done) {
      std::cerr << "vrs-server: rekey: " << done.error().message() << "\n";
      exit_code = 1;
      return;
    }
    std::cout << "rekeyed " << config->paths.db.string() << " in " << done->seconds << " s: was " << done->old_key
              << ", now " << done->new_key << "\n";
    exit_code = 0;
  });

  auto config_path = std::make_shared<std::string>();
  auto* config_cmd = app.add_subcommand("config", "The configuration file");
  config_cmd->require_subcommand(1);
  auto* check = config_cmd->add_subcommand(
      "check",
      "Validate a configuration file without starting anything: every key known, every value in\n"
      "its range, the files it names present. Exit status: 0 valid, 1 naming the first problem.");
  check->add_option("--config", *config_path, "Configuration file")->required()->type_name("FILE");
  check->callback([config_path, &exit_code] {
    auto config = config_or_report(*config_path, exit_code);
    if (!config) return;
    const auto& p = config->paths;
    for (const auto* file : {&p.tls_cert_chain, &p.tls_key, &p.client_ca, &p.issuing_ca_cert, &p.issuing_ca_key, &p.crl, &p.db}) {
      std::error_code ec;
      if (!std::filesystem::exists(*file, ec)) {
        std::cerr << "vrs-server: " << *config_path << ": " << file->string() << " does not exist\n";
        exit_code = 1;
        return;
      }
    }
    std::cout << *config_path << ": valid\n";
    exit_code = 0;
  });
  auto* reference = config_cmd->add_subcommand(
      "reference",
      "Print the configuration reference (Markdown): every section and key with its default, its\n"
      "values and its effect. docs/configuration.md is this output.");
  reference->callback([&exit_code] {
    std::cout << config_reference();
    exit_code = 0;
  });
}

}  // namespace vrs::server::cli
