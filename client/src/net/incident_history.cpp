#include "vrs/client/net/incident_history.hpp"

#include <algorithm>
#include <sstream>

#include "vrs/schema/api/json_reader.hpp"
#include "table_text.hpp"
#include "vrs/schema/json_codec.hpp"
#include "vrs/schema/validate.hpp"

namespace vrs::client::net {

namespace json = boost::json;
using schema::api::Reader;

namespace {

Error paths_error(std::string_view what, const schema::FieldErrors& errors) {
  // Paths only: the messages quote record content.
  std::string message(what);
  for (std::size_t i = 0; i < errors.size() && i < 20; ++i) {
    message += i == 0 ? ": " : ", ";
    message += errors[i].path.empty() ? std::string("(record)") : errors[i].path;
  }
  return {ErrorCode::InvalidArgument, std::move(message)};
}

}  // namespace

Result<IncidentHistory> parse_incident_history(std::string_view text) {
  VRS_TRY(auto object, schema::api::parse_object(text, "incident response"));
  const Reader reader(object, "incident response");
  IncidentHistory out;
  VRS_TRY(out.ref, reader.string("ref"));
  VRS_TRY_VOID(reader.each_object("versions", [&](const Reader& v) -> Result<void> {
    IncidentVersion version;
    VRS_TRY(const std::int64_t number, v.integer("version"));
    if (number < 1) return fail(v.error("version", "must be at least 1"));
    version.version = static_cast<std::uint64_t>(number);
    VRS_TRY(version.status, v.string("status"));
    VRS_TRY(const auto base, v.optional_integer("base_version"));
    if (base) {
      if (*base < 1) return fail(v.error("base_version", "must be at least 1 or null"));
      version.base_version = static_cast<std::uint64_t>(*base);
    }
    VRS_TRY(version.submission_id, v.string("submission_id"));
    VRS_TRY(version.created_at, v.string("created_at"));
    VRS_TRY(version.latest, v.boolean("latest"));
    VRS_TRY(const json::object* record, v.object("record"));
    version.record = json::serialize(*record);
    out.versions.push_back(std::move(version));
    return {};
  }));
  if (out.versions.empty()) return fail(ErrorCode::InvalidArgument, "incident response: no versions");
  const auto latest = std::count_if(out.versions.begin(), out.versions.end(), [](const IncidentVersion& v) { return v.latest; });
  if (latest != 1) {
    std::string message = "incident response: expected exactly one latest version, got ";
    message += std::to_string(latest);
    return fail(ErrorCode::InvalidArgument, std::move(message));
  }
  return out;
}

std::string format_incident_history(const IncidentHistory& history) {
  std::ostringstream out;
  out << "incident " << history.ref << ": " << count_text(history.versions.size(), "version", "versions") << "\n";
  out << pad("VERSION", 8) << "  " << pad("STATUS", 9) << "  " << pad("BASE", 5) << "  " << pad("SUBMISSION", 36) << "  "
      << pad("CREATED", 24) << "  LATEST\n";
  for (const auto& v : history.versions) {
    out << pad(std::to_string(v.version), 8) << "  " << pad(v.status, 9) << "  "
        << pad(v.base_version ? std::to_string(*v.base_version) : std::string("-"), 5) << "  " << pad(v.submission_id, 36)
        << "  " << pad(v.created_at, 24) << "  " << (v.latest ? "yes" : "") << "\n";
  }
  return out.str();
}

Result<schema::Incident> withdrawal_record(const IncidentHistory& history, std::uint64_t base_version,
                                           const std::optional<std::string>& reason, const schema::Date& today) {
  if (base_version < 1) return fail(ErrorCode::InvalidArgument, "--base-version must be at least 1");
  const auto latest =
      std::find_if(history.versions.begin(), history.versions.end(), [](const IncidentVersion& v) { return v.latest; });
  if (latest == history.versions.end()) return fail(ErrorCode::InvalidArgument, "incident " + history.ref + ": no latest version");
  auto decoded = schema::decode_incident(latest->record);
  if (!decoded) return fail(paths_error("the server's copy of " + history.ref + " does not decode", decoded.error()));
  if (decoded->ref != history.ref) {
    return fail(ErrorCode::InvalidArgument, "the server's copy of " + history.ref + " carries another ref");
  }
  schema::Incident record = std::move(*decoded);
  record.status = schema::RecordStatus::Withdrawn;
  record.base_version = base_version;
  if (reason) record.notes = *reason;
  const auto problems = schema::validate(record, today);
  if (!problems.empty()) return fail(paths_error("the withdrawal of " + history.ref + " is not valid", problems));
  return record;
}

}  // namespace vrs::client::net
