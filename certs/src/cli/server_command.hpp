#pragma once
// Internal: the vrs-ca subcommand server: issue the TLS server certificate and its new key.

#include "command.hpp"

namespace vrs::certs::cli {

/// Adds the subcommand to `app`; its run() is called when it was the one parsed.
Command server_command(CLI::App& app);

}  // namespace vrs::certs::cli
