#pragma once
// Internal: the vrs-ca subcommand revoke: revoke a certificate and write the next CRL.

#include "command.hpp"

namespace vrs::certs::cli {

/// Adds the subcommand to `app`; its run() is called when it was the one parsed.
Command revoke_command(CLI::App& app);

}  // namespace vrs::certs::cli
