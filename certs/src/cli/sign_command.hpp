#pragma once
// Internal: the vrs-ca subcommand sign: sign a member's CSR into a member certificate.

#include "command.hpp"

namespace vrs::certs::cli {

/// Adds the subcommand to `app`; its run() is called when it was the one parsed.
Command sign_command(CLI::App& app);

}  // namespace vrs::certs::cli
