#pragma once
/// How a `vrs-client` command reports that it failed: the one rule for its stderr line and
/// exit code (docs/architecture.md "Errors").

#include <iosfwd>
#include <string_view>

#include "vrs/common/error.hpp"

namespace vrs::client::commands {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

/// `Usage`: the command cannot run with what it was given (a value out of range, a malformed
/// or contradictory argument); `Failed`: anything that went wrong while it ran.
enum class FailureKind { Failed, Usage };

/// Prints one line `vrs-client: <command>: <message>` on `err` and returns the exit code:
/// kExitUsage for a usage error, kExitFailure otherwise. An empty `command` prints
/// `vrs-client: <message>`, for messages that start with what they are about (a file, an
/// option) as `gen` and `validate` print them.
int command_failure(std::ostream& err, std::string_view command, const Error& error,
                    FailureKind kind = FailureKind::Failed);

}  // namespace vrs::client::commands
