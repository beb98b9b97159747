#pragma once
// Internal to vrs_client: the two text helpers of every listing and summary line the commands
// print (status, receipts, admin members, incident history, send summaries, report notes).

#include <cstddef>
#include <string>
#include <string_view>

namespace vrs::client {

/// `text` padded with spaces on the right to `width` bytes (never cut).
inline std::string pad(std::string_view text, std::size_t width) {
  std::string out(text);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

/// "1 submission" / "3 submissions": the count, a space, and `one` or `many`.
inline std::string count_text(std::size_t n, std::string_view one, std::string_view many) {
  std::string out = std::to_string(n);
  out += ' ';
  out += n == 1 ? one : many;
  return out;
}

}  // namespace vrs::client
