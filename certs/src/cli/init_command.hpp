#pragma once
// Internal: the vrs-ca subcommand init: create a new CA directory (root CA, issuing CA, index, first CRL).

#include "command.hpp"

namespace vrs::certs::cli {

/// Adds the subcommand to `app`; its run() is called when it was the one parsed.
Command init_command(CLI::App& app);

}  // namespace vrs::certs::cli
