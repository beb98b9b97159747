// libFuzzer target: the report document a client reads from the server (docs/reports.md) and
// renders. Any input must give an error or a rendering, never a crash, and a rendering must
// never print a number for a cell marked suppressed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <boost/json.hpp>

#include "vrs/client/report/render.hpp"
#include "vrs/schema/report/contract.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // The full path a received body takes (digest first)...
  auto checked = vrs::client::report::parse_report(text);
  if (!checked && checked.error().message().empty()) std::abort();
  // ...and the renderers on any JSON object, digest or not, so the fuzzer gets past the hash.
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 64;
  auto value = boost::json::parse(text, ec, {}, options);
  if (ec || !value.is_object()) return 0;
  const auto& doc = value.get_object();
  (void)vrs::schema::report::check_digest(doc);
  (void)vrs::client::report::render_report_html(doc);
  (void)vrs::client::report::render_report_csv(doc);
  for (std::string_view name : {"totals", "migrants", "fees", "coverage", "trend_monthly"}) {
    (void)vrs::client::report::render_section_table(doc, name);
  }
  return 0;
}
