#pragma once
/// Incident files as the client reads them: size-limited reads and format detection.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "vrs/common/error.hpp"
#include "vrs/schema/field_error.hpp"
#include "vrs/schema/model.hpp"

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

/// An incident file read, decoded and validated record by record (what `validate` checks).
struct IncidentFile {
  InputFormat format = InputFormat::Json;  ///< Json or Csv, as detected
  std::vector<schema::RecordResult> records;
};

/// Reads `path` (read_input_file), detects its format and decodes it with the schema code
/// the server runs (JSON: decode_incident_file, CSV: import_csv), validating against `today`.
/// Fails only when the file as a whole is unusable; the message names the file.
Result<IncidentFile> read_incident_file(const std::filesystem::path& path, InputFormat requested, const schema::Date& today);

}  // namespace vrs::client
