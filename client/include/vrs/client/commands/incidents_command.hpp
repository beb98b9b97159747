#pragma once
/// `vrs-client incidents REF`: the versions of one of the member's records as the server holds
/// them (GET /v1/incidents/REF).

#include <iosfwd>
#include <string>

#include "vrs/client/net/network_options.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace vrs::client::commands {

/// Prints the versions; a failure is one `vrs-client: incidents: ...` line. Exit 0 or 1.
int run_incidents(const net::NetworkOptions& options, const std::string& ref, std::ostream& out, std::ostream& err);

void add_incidents_command(CLI::App& app, int& exit_code);

}  // namespace vrs::client::commands
