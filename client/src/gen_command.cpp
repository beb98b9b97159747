#include "vrs/client/gen_command.hpp"

#include <boost/json.hpp>

#include "vrs/common/text_file.hpp"
#include "vrs/schema/json_codec.hpp"
#include "vrs/schema/synthetic.hpp"

namespace vrs::client {

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

}  // namespace vrs::client
