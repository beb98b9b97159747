// libFuzzer target: JSON incident decoding. Invalid input must only ever produce errors; a
// record that decodes and validates must survive encode → decode unchanged, and its canonical
// encoding must be a fixed point. Any violation aborts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "vrs/schema/json_codec.hpp"
#include "vrs/schema/validate.hpp"

namespace {

void check_round_trip(const vrs::schema::Incident& incident) {
  const std::string once = vrs::schema::encode_canonical(incident);
  auto back = vrs::schema::decode_incident(once);
  if (!back || !(*back == incident)) std::abort();
  if (vrs::schema::encode_canonical(*back) != once) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const vrs::schema::Date today{2025, 6, 30};

  auto decoded = vrs::schema::decode_incident(text);
  if (decoded) {
    if (vrs::schema::validate(*decoded, today).empty()) check_round_trip(*decoded);
  } else if (decoded.error().empty()) {
    std::abort();  // a failure must say why
  }

  // The same bytes as a file of records (object, array or wrapper).
  if (auto file = vrs::schema::decode_incident_file(text, today)) {
    for (const auto& record : *file) {
      if (record.ok() != record.incident.has_value()) std::abort();
      if (record.incident) check_round_trip(*record.incident);
    }
  }
  return 0;
}
