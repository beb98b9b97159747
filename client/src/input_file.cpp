#include "vrs/client/input_file.hpp"

#include <fstream>
#include <system_error>

#include "vrs/schema/csv_import.hpp"
#include "vrs/schema/json_codec.hpp"

namespace vrs::client {


Result<std::string> read_input_file(const std::filesystem::path& path, std::size_t max_bytes) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) return fail(ErrorCode::NotFound, path.string() + ": no such file");
  if (!std::filesystem::is_regular_file(status)) {
    return fail(ErrorCode::InvalidArgument, path.string() + ": not a regular file");
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return fail(ErrorCode::Unavailable, path.string() + ": " + ec.message());
  if (size > max_bytes) {
    return fail(ErrorCode::InvalidArgument, path.string() + ": " + std::to_string(size) + " bytes is over the limit of " +
                                                std::to_string(max_bytes) + " bytes; split the file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::Unavailable, path.string() + ": cannot open for reading");
  std::string content(static_cast<std::size_t>(size), '\0');
  in.read(content.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::size_t>(in.gcount()) != size) return fail(ErrorCode::Unavailable, path.string() + ": short read");
  return content;
}

InputFormat detect_format(const std::filesystem::path& path, const std::string& content, InputFormat requested) {
  if (requested != InputFormat::Auto) return requested;
  auto ext = path.extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".json") return InputFormat::Json;
  if (ext == ".csv") return InputFormat::Csv;
  std::size_t i = content.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  while (i < content.size() && (content[i] == ' ' || content[i] == '\t' || content[i] == '\r' || content[i] == '\n')) ++i;
  return i < content.size() && (content[i] == '{' || content[i] == '[') ? InputFormat::Json : InputFormat::Csv;
}

Result<InputFormat> parse_input_format(const std::string& text) {
  if (text == "auto") return InputFormat::Auto;
  if (text == "json") return InputFormat::Json;
  if (text == "csv") return InputFormat::Csv;
  return fail(ErrorCode::InvalidArgument, "--format: \"" + text + "\" is not one of auto, json, csv");
}

Result<IncidentFile> read_incident_file(const std::filesystem::path& path, InputFormat requested, const schema::Date& today) {
  VRS_TRY(auto content, read_input_file(path));
  IncidentFile file;
  file.format = detect_format(path, content, requested);
  auto records = file.format == InputFormat::Json ? schema::decode_incident_file(content, today) : schema::import_csv(content, today);
  if (!records) return fail(records.error().with_context(path.string()));
  file.records = std::move(*records);
  return file;
}

}  // namespace vrs::client
