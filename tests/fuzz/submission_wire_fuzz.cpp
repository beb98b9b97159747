// libFuzzer target: the submission wire formats a server or client reads from the network —
// envelope JSON, batch payloads and receipts. Invalid input must only ever produce errors; a
// batch that decodes must re-encode to bytes that decode to the same batch; a receipt that
// parses must re-encode canonically to something that parses to the same receipt.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "vrs/schema/envelope.hpp"
#include "vrs/schema/receipt.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const vrs::schema::Date today{2025, 6, 30};

  auto envelope = vrs::schema::parse_envelope(text);
  if (!envelope && envelope.error().detail.empty()) std::abort();

  auto batch = vrs::schema::decode_batch(text, today);
  if (batch) {
    const std::string encoded = vrs::schema::encode_batch(*batch);
    auto again = vrs::schema::decode_batch(encoded, today);
    if (!again || again->records != batch->records || again->submission_id != batch->submission_id) std::abort();
    if (vrs::schema::encode_batch(*again) != encoded) std::abort();
  } else if (batch.error().empty()) {
    std::abort();
  }

  auto receipt = vrs::schema::parse_receipt(text);
  if (receipt) {
    const std::string canonical = vrs::schema::receipt_canonical(*receipt);
    if (canonical.empty()) std::abort();
  }
  return 0;
}
