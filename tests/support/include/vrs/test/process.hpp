#pragma once
/// Runs a built binary as a user would (end-to-end tests): argv, optional stdin and extra
/// environment, captured stdout/stderr and exit code. Bounded by a timeout (the child is
/// killed past it and the result says so).

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace vrs::test {

struct ProcessResult {
  int exit_code = -1;      ///< exit status, or 128+signal if killed by a signal
  bool timed_out = false;
  std::string out;
  std::string err;
};

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& stdin_data = {},
                          const std::vector<std::pair<std::string, std::string>>& env = {},
                          std::chrono::seconds timeout = std::chrono::seconds(60));

/// Path of a binary in the build tree's bin/ directory.
std::string binary_path(const std::string& name);

}  // namespace vrs::test
