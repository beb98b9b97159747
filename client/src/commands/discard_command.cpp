#include "vrs/client/commands/discard_command.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <optional>

#include "commands/command.hpp"
#include "outbox/send_session.hpp"
#include "vrs/client/commands/cli_options.hpp"
#include "vrs/client/commands/failure.hpp"

namespace vrs::client::commands {

int run_discard(const std::filesystem::path& home, const std::string& submission_id, std::ostream& out, std::ostream& err) {
  const auto complain = [&](const Error& error) { return command_failure(err, "discard", error); };
  auto box = outbox::open_existing(home);
  if (!box) return complain(box.error());
  if (!*box) return complain(Error(ErrorCode::NotFound, "no outbox yet; nothing to discard"));
  if (auto done = (*box)->discard(submission_id); !done) return complain(done.error());
  out << "discarded failed submission " << submission_id << "\n";
  return 0;
}

void add_discard_command(CLI::App& app, int& exit_code) {
  struct Args {
    std::optional<std::string> home;
    std::string id;
  };
  auto [cmd, args] = add_home_command<Args>(
      app, exit_code, "discard",
      "Remove a failed submission from the outbox once its problem is dealt with (for instance\n"
      "resubmitted with corrected records). Queued and sent submissions cannot be discarded.",
      [](const Args& a, const auto& home) { return run_discard(home, a.id, std::cout, std::cerr); });
  cmd.add_option("submission", args.id, "Submission id (as `status` shows)")->required();
  add_home_option(cmd, args.home);
}

}  // namespace vrs::client::commands
