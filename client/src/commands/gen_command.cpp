#include "vrs/client/commands/gen_command.hpp"

#include <CLI/CLI.hpp>
#include <boost/json.hpp>

#include <iostream>
#include <memory>

#include "commands/command.hpp"
#include "vrs/client/commands/failure.hpp"
#include "vrs/common/text_file.hpp"
#include "vrs/schema/json_codec.hpp"
#include "vrs/schema/synthetic.hpp"

namespace vrs::client::commands {

Result<void> run_gen(const GenOptions& o, std::ostream& out_text) {
  if (o.count < 1 || o.count > kMaxGenCount) {
    return fail(ErrorCode::InvalidArgument,
                "--count: " + std::to_string(o.count) + " is not in [1, " + std::to_string(kMaxGenCount) + "]");
  }
  if (o.out.empty()) return fail(ErrorCode::InvalidArgument, "--out is required");
  schema::SyntheticOptions s;
  s.seed = o.seed;
  s.count = o.count;
  s.reporting_state = o.state;
  s.ref_prefix = o.prefix;
  for (auto [text, target, name] : {std::tuple{&o.from, &s.first, "--from"}, std::tuple{&o.to, &s.last, "--to"}}) {
    if (!*text) continue;
    auto date = schema::parse_date(**text);
    if (!date || !date->day || !schema::is_calendar_date(*date)) {
      return fail(ErrorCode::InvalidArgument, std::string(name) + ": \"" + (*text)->substr(0, 32) +
                                                  "\" is not a date YYYY-MM-DD");
    }
    *target = *date;
  }
  const auto today = schema::today_utc();
  auto after = [](const schema::Date& a, const schema::Date& b) {
    return std::tuple(a.year, a.month, a.day.value_or(1)) > std::tuple(b.year, b.month, b.day.value_or(1));
  };
  if (after(s.last, today)) s.last = today;  // the default range may end after today
  boost::json::array records;
  records.reserve(o.count);
  auto generated = schema::generate_incidents(s, [&records](std::size_t, const schema::Incident& incident) {
    records.push_back(schema::to_json(incident));
    return true;
  });
  if (!generated) {
    // Name the command-line options, not the library's fields.
    std::string message = generated.error().message();
    for (auto [field, option] : {std::pair{"reporting_state", "--state"}, std::pair{"ref_prefix", "--prefix"},
                                 std::pair{"first", "--from"}, std::pair{"last", "--to"}}) {
      const std::string f = std::string(field) + ":";
      if (message.rfind(f, 0) == 0) message = std::string(option) + ":" + message.substr(f.size());
    }
    return fail(generated.error().code(), message);
  }
  boost::json::object file{{"schema", "vrs.incident/1"}, {"records", std::move(records)}};
  VRS_TRY_VOID(write_file_atomically(o.out, boost::json::serialize(file) + "\n", 0644, Replace::No));
  out_text << "wrote " << o.count << " synthetic incidents (seed " << o.seed << ", reporting state " << o.state
           << ") to " << o.out.string() << "\n";
  return {};
}

void add_gen_command(CLI::App& app, int& exit_code) {
  struct Args {
    GenOptions gen;
    std::string out;
  };
  auto [cmd, args] = add_command<Args>(
      app, exit_code, "gen",
      "Write a seeded synthetic data set (plausible Asia-Pacific smuggling incidents: routes,\n"
      "nationalities incl. unknown origins, groups up to hundreds, fees) as a JSON incident file\n"
      "that `validate` and `submit` accept. The same options always give the same file. For demos,\n"
      "tests and benchmarks only: never mix it with real data.",
      [](const Args& a) {
        GenOptions options = a.gen;
        options.out = a.out;
        // Its messages start with the option or file they are about, and a bad value exits 1
        // as the footer says.
        auto written = run_gen(options, std::cout);
        return written ? kExitOk : command_failure(std::cerr, "", written.error());
      });
  GenOptions& gen = args.gen;
  cmd.add_option("--count", gen.count, "Incidents to write")->check(CLI::Range(std::size_t{1}, kMaxGenCount))->capture_default_str();
  cmd.add_option("--seed", gen.seed, "Seed of the generator")->capture_default_str();
  cmd.add_option("--state", gen.state, "Reporting state (ISO 3166-1 alpha-3): most detections happen there")->capture_default_str();
  cmd.add_option("--prefix", gen.prefix, "Refs are PREFIX-SEED-NNNNNN ([A-Za-z0-9._-])")->capture_default_str();
  cmd.add_option("--from", gen.from, "First detection date YYYY-MM-DD (default 2024-01-01)");
  cmd.add_option("--to", gen.to, "Last detection date YYYY-MM-DD (default 2025-12-31, never after today)");
  cmd.add_option("--out", args.out, "File to write (must not exist)")->required();
  cmd.footer("Exit status: 0 written, 1 a bad option value or the file exists (one line on stderr), 2 usage.");
}

}  // namespace vrs::client::commands
