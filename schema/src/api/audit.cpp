#include "vrs/schema/api/audit.hpp"

#include "vrs/schema/api/json_reader.hpp"

namespace vrs::schema::api {
namespace json = boost::json;
namespace {

template <typename T>
json::value or_null(const std::optional<T>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}

Result<AuditEntry> read_entry(const Reader& entry) {
  AuditEntry e;
  VRS_TRY(e.seq, entry.integer("seq"));
  VRS_TRY_VOID(entry.strings({{"time", &e.time}, {"actor", &e.actor}, {"action", &e.action}, {"object", &e.object},
                              {"outcome", &e.outcome}, {"hash", &e.hash}}));
  return e;
}

}  // namespace

json::object audit_page_json(const AuditPage& page) {
  json::array list;
  for (const auto& e : page.entries) {
    list.push_back(json::object{{"seq", e.seq},       {"time", e.time},       {"actor", e.actor},
                                {"action", e.action}, {"object", e.object},   {"outcome", e.outcome},
                                {"hash", e.hash}});
  }
  return json::object{{"entries", std::move(list)}, {"next_after", or_null(page.next_after)}};
}

json::object audit_verification_json(const AuditVerification& v) {
  return json::object{{"ok", v.ok},
                      {"entries", v.entries},
                      {"head_seq", v.head_seq},
                      {"head_hash", v.head_hash},
                      {"first_broken_seq", or_null(v.first_broken_seq)},
                      {"reason", or_null(v.reason)}};
}

Result<AuditPage> parse_audit_page(std::string_view text) {
  return read_object(text, "audit response", [](const Reader& reader) -> Result<AuditPage> {
    AuditPage out;
    VRS_TRY_VOID(reader.each_object("entries", [&](const Reader& entry) -> Result<void> {
      VRS_TRY(auto e, read_entry(entry));
      out.entries.push_back(std::move(e));
      return {};
    }));
    VRS_TRY(out.next_after, reader.optional_integer("next_after"));
    return out;
  });
}

Result<AuditVerification> parse_audit_verification(std::string_view text) {
  return read_object(text, "audit verify response", [](const Reader& reader) -> Result<AuditVerification> {
    AuditVerification out;
    VRS_TRY(out.ok, reader.boolean("ok"));
    VRS_TRY(out.entries, reader.integer("entries"));
    VRS_TRY(auto head_seq, reader.optional_integer("head_seq"));
    out.head_seq = head_seq.value_or(0);
    VRS_TRY(auto head_hash, reader.optional_string("head_hash"));
    out.head_hash = head_hash.value_or("");
    VRS_TRY(out.first_broken_seq, reader.optional_integer("first_broken_seq"));
    VRS_TRY(out.reason, reader.optional_string("reason"));
    if (!out.ok && !out.first_broken_seq) {
      return fail(ErrorCode::InvalidArgument, "audit verify response: \"ok\" is false without \"first_broken_seq\"");
    }
    return out;
  });
}

}  // namespace vrs::schema::api
