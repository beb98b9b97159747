#pragma once
// Internal: the vrs-ca subcommand crl: issue a fresh CRL.

#include "command.hpp"

namespace vrs::certs::cli {

/// Adds the subcommand to `app`; its run() is called when it was the one parsed.
Command crl_command(CLI::App& app);

}  // namespace vrs::certs::cli
