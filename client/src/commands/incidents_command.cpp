#include "vrs/client/commands/incidents_command.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "commands/command.hpp"
#include "vrs/client/commands/cli_options.hpp"
#include "vrs/client/commands/failure.hpp"
#include "vrs/client/net/api.hpp"
#include "vrs/client/net/incident_history.hpp"
#include "vrs/client/net/submission_transport.hpp"
#include "vrs/client/profile.hpp"

namespace vrs::client::commands {

using namespace vrs::client::net;

int run_incidents(const NetworkOptions& options, const std::string& ref, std::ostream& out, std::ostream& err) {
  const auto complain = [&](const Error& error) { return command_failure(err, "incidents", error); };
  auto profile = Profile::open(options.home);
  if (!profile) return complain(profile.error());
  HttpsSubmissionTransport transport(*profile, options.timeout);
  std::string target = "/v1/incidents/";
  target += encode_path_segment(ref);
  auto body = transport.get(target);
  if (!body) return complain(body.error());
  auto history = parse_incident_history(*body);
  if (!history) return complain(history.error());
  out << format_incident_history(*history);
  return 0;
}

void add_incidents_command(CLI::App& app, int& exit_code) {
  struct Args {
    NetworkArgs network;
    std::string ref;
  };
  auto [cmd, args] = add_network_command<Args>(
      app, exit_code, "incidents",
      "Show the versions of one of this member's records as the server holds them (GET\n"
      "/v1/incidents/REF): version, status, the version it replaced, submission, time, latest.",
      [](const Args& a, const NetworkOptions& network) { return run_incidents(network, a.ref, std::cout, std::cerr); });
  cmd.add_option("ref", args.ref, "The record's ref")->required();
  add_network_options(cmd, args.network);
}

}  // namespace vrs::client::commands
