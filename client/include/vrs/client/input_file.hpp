#pragma once
/// Incident files as the client reads them: size-limited reads and format detection.

#include <cstddef>
#include <filesystem>
#include <string>

#include "vrs/common/error.hpp"

namespace vrs::client {

enum class InputFormat { Auto, Json, Csv };

/// Largest incident file read (checked before reading): the schema importers' own limit.
inline constexpr std::size_t kMaxInputFileBytes = std::size_t{64} << 20;

/// Reads a whole file. NotFound / InvalidArgument (not a regular file, larger than
/// `max_bytes`) with the path in the message.
Result<std::string> read_input_file(const std::filesystem::path& path, std::size_t max_bytes = kMaxInputFileBytes);

/// `.json` → Json, `.csv` → Csv; otherwise by content: first non-space byte `{` or `[` →
/// Json, else Csv. An explicit `requested` format wins.
InputFormat detect_format(const std::filesystem::path& path, const std::string& content, InputFormat requested);

/// "auto", "json", "csv".
Result<InputFormat> parse_input_format(const std::string& text);

}  // namespace vrs::client
