#pragma once
/// `vrs-client validate FILE…`: checks incident files locally with the same schema code the
/// server runs, and reports every problem with file, line (CSV) or record (JSON) and field.

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include "vrs/client/input_file.hpp"
#include "vrs/schema/model.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace vrs::client::commands {

struct ValidateOptions {
  std::vector<std::string> files;
  InputFormat format = InputFormat::Auto;
  std::size_t max_errors = 200;  ///< error lines printed per file; the count is always exact
  schema::Date today = schema::today_utc();
};

/// Exit codes: 0 every record of every file valid; 1 some record invalid; 2 a file could not
/// be read or parsed as a whole. Summary lines go to `out`, problems to `err`.
int run_validate(const ValidateOptions& options, std::ostream& out, std::ostream& err);

void add_validate_command(CLI::App& app, int& exit_code);

}  // namespace vrs::client::commands
