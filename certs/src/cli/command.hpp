#pragma once
// Internal: what every vrs-ca subcommand shares (CLI11 stays out of public headers).

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>

#include "vrs/certs/ca_index.hpp"
#include "vrs/certs/private_key.hpp"
#include "vrs/common/error.hpp"

namespace vrs::certs::cli {

/// One row of the command table: the CLI11 subcommand and what runs when it was parsed.
struct Command {
  CLI::App* app;
  std::function<int()> run;  ///< returns the exit code
};

/// The footer every subcommand shows: what stays offline.
extern const char* const kOfflineNote;

/// Prints "vrs-ca: <message>" on stderr; returns 1.
int failure(const Error& error);

/// Prints "vrs-ca: <message> (see --help)" on stderr; returns 2.
int usage(const std::string& message);

/// "ed25519" or anything else (CLI11 checks it is "p256").
KeyType key_type(const std::string& text);

/// Adds subcommand `name` with its help text and the required --dir option every vrs-ca
/// command has (bound to `dir`).
CLI::App* add_command(CLI::App& app, const char* name, const char* help, std::string& dir);

/// The exit code of a command's result: 0, or 1 after printing the failure.
int exit_code(const Result<void>& done);

/// What one vrs-ca subcommand declares. `Args` holds its option values, including the
/// `std::string dir` that every command has.
template <typename Args>
struct CommandSpec {
  const char* name;
  const char* help;  ///< shown by `vrs-ca <name> --help`
  /// Adds the command's own options (beside --dir), bound to the members of `args`.
  void (*options)(CLI::App& cmd, Args& args);
  /// What the command does once parsed.
  Result<void> (*run)(const Args& args);
  /// A misuse CLI11 cannot express, checked after parsing: its message, or nullptr if none.
  const char* (*misuse)(const Args& args) = nullptr;
};

/// Adds the subcommand of `spec` to `app`. Its run() returns 2 after printing a misuse,
/// else 0 or 1 as exit_code() says.
template <typename Args>
Command make_command(CLI::App& app, const CommandSpec<Args>& spec) {
  auto args = std::make_shared<Args>();
  auto* cmd = add_command(app, spec.name, spec.help, args->dir);
  if (spec.options != nullptr) spec.options(*cmd, *args);
  return {cmd, [args, spec] {
            if (spec.misuse != nullptr) {
              if (const char* message = spec.misuse(*args)) return usage(message);
            }
            return exit_code(spec.run(*args));
          }};
}

/// "<not before> to <not after>".
std::string validity_line(const IndexEntry& e);

}  // namespace vrs::certs::cli
