#include "cli/server_cli.hpp"

#include <iostream>
#include <memory>

#include "vrs/server/cli/bootstrap_command.hpp"
#include "vrs/server/cli/init_command.hpp"
#include "vrs/server/cli/run_command.hpp"

namespace vrs::server::cli {

void add_server_commands(CLI::App& app, int& exit_code) {
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
      "Enroll the first administrator offline: registers the member of the enrolment request as\n"
      "admin and writes its certificate bundle. Refused once an administrator holds a valid\n"
      "certificate. Send SIGHUP to a running server afterwards.");
  bootstrap->add_option("--config", boot_args->config, "Configuration file")->required()->type_name("FILE");
  bootstrap->add_option("--request", boot_args->request, "enrol-request.json from vrs-client enroll")
      ->required()
      ->type_name("FILE");
  bootstrap->add_option("--out", boot_args->out, "Where to write bundle.json")->required()->type_name("FILE");
  bootstrap->add_option("--days", boot_args->days, "Certificate validity in days")->check(CLI::Range(1, 825));
  bootstrap->callback([boot_args, &exit_code] {
    auto config = load_config(boot_args->config);
    if (!config) {
      std::cerr << "vrs-server: " << config.error().message() << "\n";
      exit_code = 1;
      return;
    }
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

}  // namespace vrs::server::cli
