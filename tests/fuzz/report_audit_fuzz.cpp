// libFuzzer target: the linked system that `vrs-client audit-report` builds from a report
// document (docs/disclosure.md) and the linear programs it solves. Any JSON object must give an
// error or an audit, never a crash, and every interval must be a sound one: not negative, low
// at most high.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <boost/json.hpp>

#include "vrs/client/report/audit.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 64;
  auto value = boost::json::parse(text, ec, {}, options);
  if (ec || !value.is_object()) return 0;
  auto audit = vrs::client::report::audit_report(value.get_object());
  if (!audit) {
    if (audit.error().message().empty()) std::abort();
    return 0;
  }
  std::size_t narrow = 0;
  for (const auto& cell : audit->cells) {
    for (const auto& i : {cell.incidents, cell.persons}) {
      if (i.low < 0 || (!i.unbounded && i.high < i.low)) std::abort();
    }
    narrow += cell.ok ? 0 : 1;
  }
  if (narrow != audit->narrow) std::abort();
  (void)vrs::client::report::format_report_audit(*audit);
  return 0;
}
