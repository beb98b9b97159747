// The parsing of a received report body: JSON, schema, the digest of the report contract
// (vrs/schema/report/contract.hpp, docs/reports.md) and the typed read.
#include <boost/json.hpp>

#include "report/document.hpp"
#include "vrs/client/net/api.hpp"
#include "vrs/client/report/render.hpp"
#include "vrs/schema/report/contract.hpp"

namespace vrs::client::report {

namespace json = boost::json;

Result<json::object> parse_report(std::string_view body) {
  json::parse_options options;
  options.max_depth = schema::api::kMaxJsonDepth;
  boost::system::error_code ec;
  json::value value = json::parse(json::string_view(body.data(), body.size()), ec, json::storage_ptr(), options);
  if (ec) return fail(ErrorCode::InvalidArgument, std::string("report: not valid JSON (") + ec.message() + ")");
  if (!value.is_object()) return fail(ErrorCode::InvalidArgument, "report: expected a JSON object");
  json::object doc = std::move(value.as_object());
  const json::value* schema = doc.if_contains("schema");
  if (schema == nullptr || !schema->is_string() || schema->get_string() != schema::report::kSchema) {
    return fail(ErrorCode::InvalidArgument, "report: field \"schema\" must be \"vrs.report/1\"");
  }
  // The exact-bytes form first: a double need not survive parse + serialise bit for bit.
  if (schema::report::raw_digest_matches(body) != std::optional<bool>(true)) {
    VRS_TRY_VOID(schema::report::check_digest(doc));
  }
  VRS_TRY_VOID(report::read_document(doc));
  return doc;
}

}  // namespace vrs::client::report
