// `vrs-client agent` and `vrs-client agent status` (docs/agent.md).
#include <iostream>

#include "commands/command.hpp"
#include "vrs/client/agent/agent.hpp"
#include "vrs/client/commands/agent_command.hpp"

namespace vrs::client::commands {

void add_agent_command(CLI::App& app, int& exit_code) {
  struct Args {
    NetworkArgs network;
    std::string watch;
    int rescan = 30;
    int settle_ms = 2000;
    std::size_t batch_size = outbox::kDefaultBatchSize;
    bool once = false;
    CLI::App* status = nullptr;
  };
  auto [cmd, args] = add_network_command<Args>(
      app, exit_code, "agent",
      "Run as the national agent: take incident files (CSV or JSON) from the folder --watch as\n"
      "they appear, validate them as `submit` does, sign, seal and queue each file whole, and send\n"
      "the outbox in the background (backoff, Retry-After), until SIGTERM or SIGINT.\n"
      "  NAME.csv / NAME.json        new records\n"
      "  NAME.amend.csv / .json      amendments (every record names its base_version)\n"
      "  NAME.withdraw.csv           withdrawals: header ref,base_version,reason\n"
      "A file is taken once it is complete: closed after writing, or renamed into the folder\n"
      "(write it as NAME.part, then rename); a rescan every --rescan seconds also takes files\n"
      "whose size and time stayed the same for --settle-ms. Queued files move to done/ with\n"
      "NAME.receipts.txt; refused ones to rejected/ with NAME.errors.txt naming every problem\n"
      "(nothing of them is queued). A file with the same content as one taken before is not\n"
      "queued again. Status: HOME/agent-status.json and `vrs-client agent status`.\n"
      "Exit status: 0 stopped by a signal (or --once done), 1 a failure it cannot go on from.",
      [](const Args& a, const net::NetworkOptions& network) {
        if (a.status != nullptr && a.status->parsed()) return agent::run_agent_status(network.home, std::cout, std::cerr);
        if (a.watch.empty()) {
          std::cerr << "vrs-client: agent: --watch DIR is required (or run `vrs-client agent status`)\n";
          return 2;
        }
        agent::AgentOptions o;
        o.network = network;
        o.inbox = a.watch;
        o.rescan = std::chrono::seconds(a.rescan);
        o.settle = std::chrono::milliseconds(a.settle_ms);
        o.batch_size = a.batch_size;
        o.once = a.once;
        return agent::run_agent(o, std::cerr);
      });
  cmd.add_option("--watch", args.watch, "The inbox folder (done/ and rejected/ are made inside it)")->type_name("DIR");
  cmd.add_option("--rescan", args.rescan, "Seconds between full rescans of the inbox")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd.add_option("--settle-ms", args.settle_ms, "A rescanned file must look the same this long before it is taken")
      ->check(CLI::Range(0, 600000))
      ->capture_default_str();
  cmd.add_option("--batch-size", args.batch_size, "Records per submission (a file is split into several)")
      ->check(CLI::Range(1, 5000))
      ->capture_default_str();
  cmd.add_flag("--once", args.once, "One round (take the files there, send what is due), then exit");
  add_network_options(cmd, args.network);

  args.status = cmd.add_subcommand(
      "status",
      "Print what the agent last reported: running or not, the outbox (queued, sent, failed, next\n"
      "attempt), the certificate's expiry, warnings and the last files. For monitoring:\n"
      "exit 0 running and nothing needs a person, 1 running with warnings (a rejected file, a file\n"
      "that could not be taken, a refused submission, the certificate expiring within 30 days),\n"
      "2 not running (no status,\n"
      "stopped, or not updated for three rescan periods). Takes --home like the agent.");
  args.status->fallthrough();  // --home after `status` belongs to `agent`
}

}  // namespace vrs::client::commands
