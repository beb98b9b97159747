#include "vrs/client/commands/failure.hpp"

#include <ostream>

namespace vrs::client::commands {

int command_failure(std::ostream& err, std::string_view command, const Error& error, FailureKind kind) {
  err << "vrs-client: ";
  if (!command.empty()) err << command << ": ";
  err << error.message() << "\n";
  return kind == FailureKind::Usage ? kExitUsage : kExitFailure;
}

}  // namespace vrs::client::commands
