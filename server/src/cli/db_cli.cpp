#include "cli/db_cli.hpp"

#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>

#include "vrs/server/cli/db_commands.hpp"

namespace vrs::server::cli {
namespace {

constexpr const char* kKeyHelp =
    "Database key (exactly one of):\n"
    "  --key-file PATH        a file holding the 32-byte key as 64 lower-case hex characters and\n"
    "                         an optional newline; mode 0600 (refused if group or others may read\n"
    "                         it, or if it is a symbolic link)\n"
    "  --passphrase-stdin     read a passphrase from stdin (to EOF; one trailing newline dropped)\n"
    "  --passphrase-env NAME  take the passphrase from environment variable NAME (removed from\n"
    "                         the environment after reading)\n"
    "A passphrase is stretched with Argon2id; its parameters and salt are kept beside the\n"
    "database in <db>.kdf, which must stay with the database.\n";

struct DbArgs {
  std::string db;
  std::string key_file;
  bool passphrase_stdin = false;
  std::string passphrase_env;
  bool minimal_kdf_for_tests = false;
};

store::KeySource key_source(const DbArgs& args) {
  store::KeySource source;
  source.key_file = args.key_file;
  source.passphrase_stdin = args.passphrase_stdin;
  source.passphrase_env = args.passphrase_env;
  source.stdin_fd = STDIN_FILENO;
  source.kdf_cost = args.minimal_kdf_for_tests ? db::KdfCost::MinimumForTests : db::KdfCost::Moderate;
  return source;
}

void add_key_options(CLI::App& cmd, DbArgs& args) {
  cmd.add_option("--db", args.db, "Path of the database file")->required()->type_name("PATH");
  auto* key_file = cmd.add_option("--key-file", args.key_file, "Key file (64 hex characters, mode 0600)")
                       ->type_name("PATH");
  auto* stdin_flag = cmd.add_flag("--passphrase-stdin", args.passphrase_stdin, "Read a passphrase from stdin");
  auto* env = cmd.add_option("--passphrase-env", args.passphrase_env, "Take the passphrase from this variable")
                  ->type_name("NAME");
  key_file->excludes(stdin_flag)->excludes(env);
  stdin_flag->excludes(env);
  cmd.footer(kKeyHelp);
}

int report_error(const Error& error) {
  std::cerr << "vrs-server: " << error.message() << "\n";
  return 1;
}

// A db command's outcome: its summary on stdout and exit 0, or its error on stderr and exit 1.
template <class Outcome>
int print_outcome(const Result<Outcome>& outcome) {
  if (!outcome) return report_error(outcome.error());
  std::cout << format_summary(*outcome);
  return 0;
}

}  // namespace

void add_db_commands(CLI::App& app, int& exit_code) {
  auto* db = app.add_subcommand("db", "Create and check the encrypted store");
  db->require_subcommand(1);

  auto init_args = std::make_shared<DbArgs>();
  auto* init = db->add_subcommand(
      "init",
      "Create a new encrypted database: refuses an existing file; uses the given key file, or\n"
      "creates it with a fresh random key (mode 0600) if it does not exist; applies the schema\n"
      "migrations and writes the first audit-log entry (db.init).");
  add_key_options(*init, *init_args);
  // Tests only: the cheapest Argon2id parameters libsodium accepts, so suites stay fast. Hidden
  // from --help and named so nobody mistakes it for a production setting; it only affects the
  // parameters written at creation (opening always uses what <db>.kdf says).
  init->add_flag("--insecure-minimal-kdf-for-tests", init_args->minimal_kdf_for_tests)->group("");
  init->callback([init_args, &exit_code] {
    exit_code = print_outcome(db_init(DbInitOptions{init_args->db, key_source(*init_args)}));
  });

  auto check_args = std::make_shared<DbArgs>();
  auto* check = db->add_subcommand(
      "check",
      "Check a database without changing it: key, application id, schema version against the\n"
      "known migrations (pending ones are reported, not applied), SQLite integrity check (which\n"
      "also verifies every page's SQLCipher HMAC), foreign keys, and the audit-log hash chain.\n"
      "Prints a summary and exits 0 if all is well; otherwise prints one line naming the problem\n"
      "and exits 1.");
  add_key_options(*check, *check_args);
  check->callback([check_args, &exit_code] {
    exit_code = print_outcome(db_check(DbCheckOptions{check_args->db, key_source(*check_args)}));
  });
}

}  // namespace vrs::server::cli
