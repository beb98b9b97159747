#pragma once
/// `vrs-server run --config FILE [--port-file PATH]`: starts the server and serves until
/// SIGTERM/SIGINT (graceful drain, exit 0). SIGHUP re-reads the config file's limits and log
/// level, the CRL, and the registry cache. Prints "listening on ADDR:PORT" and
/// "metrics on ADDR:PORT" (the real ports when 0 was configured) and writes the TLS port to
/// the port file (atomically) when asked.

#include <filesystem>
#include <optional>

namespace vrs::server::cli {

struct RunOptions {
  std::filesystem::path config;
  std::optional<std::filesystem::path> port_file;
};

/// Returns the process exit code (0 after a clean stop, 1 when start-up fails).
int run_server(const RunOptions& options);

}  // namespace vrs::server::cli
