#pragma once
/// Timestamps as the server stores and shows them: "2026-11-23T09:30:00Z" (certificate
/// times, certs::format_time) and "2026-11-23T09:30:00.123Z" (db::format_utc). parse_time_text
/// reads both.

#include <optional>
#include <string_view>

#include "vrs/certs/certificate.hpp"

namespace vrs::server::store {

/// Parses "YYYY-MM-DDTHH:MM:SS[.fff]Z" (UTC); nullopt otherwise.
std::optional<certs::SysTime> parse_time_text(std::string_view text);

}  // namespace vrs::server::store
