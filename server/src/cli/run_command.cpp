#include "vrs/server/cli/run_command.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <iostream>

#include "vrs/common/logging.hpp"
#include "vrs/common/text_file.hpp"
#include "vrs/server/issuing_authority.hpp"
#include "vrs/server/store/key_source.hpp"
#include "vrs/server/store/rekey.hpp"
#include "vrs/server/store/store_lock.hpp"
#include "vrs/server/server.hpp"

namespace vrs::server::cli {
namespace {

// init_logging() registers the logger once; a reload only changes the level.
void set_log_level(LogLevel level) {
  switch (level) {
    case LogLevel::Debug: spdlog::set_level(spdlog::level::debug); break;
    case LogLevel::Info: spdlog::set_level(spdlog::level::info); break;
    case LogLevel::Warn: spdlog::set_level(spdlog::level::warn); break;
    case LogLevel::Error: spdlog::set_level(spdlog::level::err); break;
    case LogLevel::Off: spdlog::set_level(spdlog::level::off); break;
  }
}

}  // namespace

int run_server(const RunOptions& options) {
  // Block the signals before any thread starts, so only the sigwait loop below sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  if (pthread_sigmask(SIG_BLOCK, &signals, nullptr) != 0) {
    std::cerr << "vrs-server: cannot block signals\n";
    return 1;
  }
  ::signal(SIGPIPE, SIG_IGN);

  auto config = load_config(options.config);
  if (!config) {
    std::cerr << "vrs-server: " << config.error().message() << "\n";
    return 1;
  }
  init_logging(config->log_level);
  // Exclusive while a rekey a crash cut short is finished; then shared, so backups and an
  // offline bootstrap may run beside the server, but never a rekey. A backup running at start
  // holds it shared: the server then starts beside it, unless a rekey is left to finish.
  auto source = store::key_source_of(config->paths);
  source.stdin_fd = STDIN_FILENO;
  auto server_lock = store::StoreLock::acquire_server(config->paths.db);
  if (!server_lock) {
    std::cerr << "vrs-server: " << server_lock.error().message() << "\n";
    return 1;
  }
  auto lock = store::StoreLock::acquire(config->paths.db, store::StoreLock::Mode::Exclusive);
  const bool exclusive = static_cast<bool>(lock);
  if (!lock && lock.error().code() == ErrorCode::FailedPrecondition) {
    lock = store::StoreLock::acquire(config->paths.db, store::StoreLock::Mode::Shared);
  }
  if (!lock) {
    std::cerr << "vrs-server: " << lock.error().message() << "\n";
    return 1;
  }
  std::string repaired;
  auto key = exclusive ? store::resolve_key_finishing_rekey(source, config->paths.db, repaired)
                       : store::resolve_key_unless_rekey_pending(source, config->paths.db);
  if (!key) {
    std::cerr << "vrs-server: " << key.error().message() << "\n";
    return 1;
  }
  if (!repaired.empty()) spdlog::warn("start: {}", repaired);
  if (auto shared = lock->share(); exclusive && !shared) {
    std::cerr << "vrs-server: " << shared.error().message() << "\n";
    return 1;
  }
  auto server = Server::create(*config, std::move(key->key));
  if (!server) {
    std::cerr << "vrs-server: " << server.error().message() << "\n";
    return 1;
  }
  (*server)->start();
  std::cout << "listening on " << (*server)->address() << ":" << (*server)->port() << "\n";
  if (config->metrics.enabled) {
    std::cout << "metrics on " << (*server)->metrics_address() << ":" << (*server)->metrics_port() << "\n";
  }
  std::cout.flush();
  if (options.port_file) {
    if (auto written = write_file_atomically(*options.port_file, std::to_string((*server)->port()) + "\n", 0644); !written) {
      std::cerr << "vrs-server: " << written.error().message() << "\n";
      (*server)->stop();
      return 1;
    }
  }
  for (;;) {
    int sig = 0;
    if (sigwait(&signals, &sig) != 0) continue;
    if (sig == SIGHUP) {
      spdlog::info("SIGHUP: reloading");
      auto reread = load_config(options.config);
      if (!reread) {
        spdlog::error("reload: config not applied error=\"{}\"", reread.error().message());
      }
      if (reread) set_log_level(reread->log_level);
      auto reloaded = (*server)->reload(reread ? &reread->limits : nullptr);
      if (!reloaded) spdlog::error("reload failed error=\"{}\"", reloaded.error().message());
      continue;
    }
    spdlog::info("signal {}: stopping", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    (*server)->stop();
    return 0;
  }
}

}  // namespace vrs::server::cli
