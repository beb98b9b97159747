#pragma once
/// `vrs-client agent` and `agent status` (vrs/client/agent/agent.hpp, docs/agent.md).

namespace CLI {
class App;
}  // namespace CLI

namespace vrs::client::commands {

void add_agent_command(CLI::App& app, int& exit_code);

}  // namespace vrs::client::commands
