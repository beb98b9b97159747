#pragma once
/// `vrs-client gen`: writes a seeded synthetic data set (vrs/schema/synthetic.hpp) as a JSON
/// incident file `{"schema": "vrs.incident/1", "records": [...]}` that `validate` and
/// `submit` accept. For demos, tests and benchmarks; never real data.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>

#include "vrs/common/error.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace vrs::client::commands {

inline constexpr std::size_t kMaxGenCount = 1'000'000;

struct GenOptions {
  std::uint64_t seed = 1;
  std::size_t count = 1000;
  std::string state = "AUS";
  std::string prefix = "GEN";
  std::optional<std::string> from;  ///< YYYY-MM-DD, default 2024-01-01
  std::optional<std::string> to;    ///< YYYY-MM-DD, default 2025-12-31 (never after today)
  std::filesystem::path out;        ///< refused if it exists
};

/// Generates and writes the file atomically (0644). InvalidArgument naming the option and
/// value for bad options; AlreadyExists if `out` exists. Prints one summary line to `out_text`.
Result<void> run_gen(const GenOptions& options, std::ostream& out_text);

void add_gen_command(CLI::App& app, int& exit_code);

}  // namespace vrs::client::commands
