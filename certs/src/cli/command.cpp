#include "command.hpp"

#include <iostream>

namespace vrs::certs::cli {

const char* const kOfflineNote =
    "What stays offline: root.key is only needed to create issuing CAs. After init, move it to\n"
    "offline storage (e.g. an encrypted USB stick in a safe) and delete it from the CA directory;\n"
    "every other command works without it. Keep the whole CA directory on an offline machine;\n"
    "only issuing.key (copied to the server for online enrolment), the certificates and the CRL\n"
    "leave it.\n";

int failure(const Error& error) {
  std::cerr << "vrs-ca: " << error.message() << "\n";
  return 1;
}

int usage(const std::string& message) {
  std::cerr << "vrs-ca: " << message << " (see --help)\n";
  return 2;
}

KeyType key_type(const std::string& text) { return text == "ed25519" ? KeyType::Ed25519 : KeyType::EcdsaP256; }

CLI::App* add_command(CLI::App& app, const char* name, const char* help, std::string& dir) {
  auto* cmd = app.add_subcommand(name, help);
  cmd->add_option("--dir", dir, "CA directory")->required()->type_name("DIR");
  return cmd;
}

int exit_code(const Result<void>& done) { return done ? 0 : failure(done.error()); }

std::string validity_line(const IndexEntry& e) {
  return format_time(e.not_before) + " to " + format_time(e.not_after);
}

}  // namespace vrs::certs::cli
