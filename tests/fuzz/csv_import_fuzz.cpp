// libFuzzer target: CSV import. Every data row must come back either as a valid incident or
// with at least one error carrying a line number; valid incidents must survive
// encode → decode unchanged with a stable canonical encoding. Any violation aborts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "vrs/schema/csv_import.hpp"
#include "vrs/schema/json_codec.hpp"
#include "vrs/schema/validate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const vrs::schema::Date today{2025, 6, 30};

  auto rows = vrs::schema::import_csv(text, today);
  if (!rows) {
    if (rows.error().message().empty()) std::abort();
    return 0;
  }
  std::size_t previous_line = 1;  // the header is on line 1 or later
  for (const auto& row : *rows) {
    if (row.line <= previous_line) std::abort();  // rows start on increasing lines
    previous_line = row.line;
    if (row.ok() != row.incident.has_value()) std::abort();
    if (!row.incident) continue;
    if (!vrs::schema::validate(*row.incident, today).empty()) std::abort();
    const std::string once = vrs::schema::encode_canonical(*row.incident);
    auto back = vrs::schema::decode_incident(once);
    if (!back || !(*back == *row.incident)) std::abort();
    if (vrs::schema::encode_canonical(*back) != once) std::abort();
  }
  return 0;
}
