#include "vrs/test/server_process.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "vrs/test/temp_dir.hpp"

namespace vrs::test {
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

ServerProcess::ServerProcess(const fs::path& config, const fs::path& port_file, const fs::path& log) : log_(log) {
  const std::vector<std::string> argv = {binary_path("vrs-server"), "run", "--config", config.string(), "--port-file",
                                         port_file.string()};
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // A test that dies (a crash, a failed REQUIRE past its cleanup) takes its children along.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd >= 0) {
      ::dup2(fd, STDOUT_FILENO);
      ::dup2(fd, STDERR_FILENO);
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) (void)stop();
}

int ServerProcess::wait_for_port(const fs::path& port_file, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    std::error_code ec;
    if (fs::exists(port_file, ec)) {
      const auto text = slurp(port_file);
      if (!text.empty()) {
        try {
          return std::stoi(text);
        } catch (...) {
        }
      }
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return 0;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return 0;
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ServerProcess::signal(int sig) const {
  if (pid_ > 0) ::kill(pid_, sig);
}

std::string ServerProcess::log() const { return slurp(log_); }

std::string describe(const std::vector<std::string>& argv, const ProcessResult& r) {
  std::string text = "$";
  for (const auto& a : argv) {
    text += ' ';
    text += a;
  }
  text += "\nexit ";
  text += std::to_string(r.exit_code);
  if (r.timed_out) text += " (timed out)";
  text += "\nstdout:\n";
  text += r.out;
  text += "stderr:\n";
  text += r.err;
  return text;
}

bool pin_listen_port(const fs::path& config, int port) {
  auto text = slurp(config);
  const auto listen = text.find("[listen]");
  if (listen == std::string::npos) return false;
  const auto port_line = text.find("port = 0", listen);
  if (port_line == std::string::npos) return false;
  std::string line = "port = ";
  line += std::to_string(port);
  text.replace(port_line, 8, line);
  write_file(config, text, 0600);
  return true;
}

}  // namespace vrs::test
