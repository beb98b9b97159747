#pragma once
/// `vrs-server run` in the background for end-to-end tests, with stdout and stderr in one log
/// file, a port file to wait on, and SIGTERM on stop/destruction (SIGKILL after 15 s).
/// Shared by the vrs-client end-to-end tests (enrolment, submissions).

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "vrs/test/process.hpp"

namespace vrs::test {

class ServerProcess {
 public:
  /// Starts `vrs-server run --config CONFIG --port-file PORT_FILE` with output to `log`.
  ServerProcess(const std::filesystem::path& config, const std::filesystem::path& port_file, const std::filesystem::path& log);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  /// Waits for the port file; 0 if the server exited or did not listen in time.
  int wait_for_port(const std::filesystem::path& port_file, std::chrono::seconds timeout);
  /// SIGTERM, then the exit status (SIGKILL after 15 s); -1 if not running.
  int stop();
  /// The log so far ("" if unreadable).
  [[nodiscard]] std::string log() const;
  /// Sends `sig` (SIGHUP: reload) while it runs.
  void signal(int sig) const;

 private:
  pid_t pid_ = -1;
  std::filesystem::path log_;
};

/// "$ argv...\nexit N\nstdout:\n...stderr:\n..." for failure messages.
std::string describe(const std::vector<std::string>& argv, const ProcessResult& result);

/// Rewrites `port = 0` in the [listen] table of a vrs-server.toml to `port` (a restarted server
/// must keep the port the profiles' client.toml name). false if there is no such line.
bool pin_listen_port(const std::filesystem::path& config, int port);

}  // namespace vrs::test
