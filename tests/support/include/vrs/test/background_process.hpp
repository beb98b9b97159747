#pragma once
/// A binary started in the background (end-to-end tests of servers): stdout and stderr go to
/// files, so the test can read them while it runs. The destructor kills (SIGKILL) and reaps a
/// child that is still running.

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <sys/types.h>

namespace vrs::test {

class BackgroundProcess {
 public:
  /// Starts argv[0] with `argv`; output to `out_file` / `err_file`.
  BackgroundProcess(const std::vector<std::string>& argv, const std::filesystem::path& out_file,
                    const std::filesystem::path& err_file);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  [[nodiscard]] pid_t pid() const noexcept { return pid_; }
  /// Sends a signal (only while running).
  void signal(int sig);
  /// Waits up to `timeout` for the exit. Returns the exit code (128+signal if killed), or -1 on
  /// timeout.
  int wait(std::chrono::milliseconds timeout);
  [[nodiscard]] bool running();

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = -1;
};

/// Polls until `path` exists and is non-empty (up to `timeout`); returns its content or "".
std::string wait_for_file(const std::filesystem::path& path, std::chrono::milliseconds timeout);

}  // namespace vrs::test
