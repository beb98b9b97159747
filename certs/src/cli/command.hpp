#pragma once
// Internal: what every vrs-ca subcommand shares (CLI11 stays out of public headers).

#include <CLI/CLI.hpp>

#include <functional>
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

/// "<not before> to <not after>".
std::string validity_line(const IndexEntry& e);

}  // namespace vrs::certs::cli
