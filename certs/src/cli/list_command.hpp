#pragma once
// Internal: the vrs-ca subcommand list: show every certificate issued by the CA.

#include "command.hpp"

namespace vrs::certs::cli {

/// Adds the subcommand to `app`; its run() is called when it was the one parsed.
Command list_command(CLI::App& app);

}  // namespace vrs::certs::cli
