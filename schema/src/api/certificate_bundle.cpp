#include "vrs/schema/api/certificate_bundle.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace vrs::schema::api {
namespace json = boost::json;
namespace {

constexpr std::string_view kWhat = "bundle";
// A bundle is flat; the bound only keeps a hostile body from nesting deeply.
constexpr unsigned kMaxDepth = 32;

Result<std::string> string_field(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(json::string_view(key.data(), key.size()));
  const char* problem = value == nullptr ? "is missing" : !value->is_string() ? "must be a string" : nullptr;
  if (problem != nullptr) {
    return fail(ErrorCode::InvalidArgument, std::string(kWhat) + ": field \"" + std::string(key) + "\" " + problem);
  }
  const auto& s = value->get_string();
  return std::string(s.data(), s.size());
}

}  // namespace

std::string to_json(const CertificateBundle& bundle) {
  return json::serialize(json::object{{"member_id", bundle.member_id},
                                      {"role", bundle.role},
                                      {"serial", bundle.serial},
                                      {"fingerprint_sha256", bundle.fingerprint_sha256},
                                      {"not_after", bundle.not_after},
                                      {"certificate", bundle.certificate},
                                      {"ca_chain", bundle.ca_chain}});
}

Result<CertificateBundle> parse_certificate_bundle(std::string_view text) {
  json::parse_options options;
  options.max_depth = kMaxDepth;
  boost::system::error_code ec;
  json::value value = json::parse(json::string_view(text.data(), text.size()), ec, json::storage_ptr(), options);
  if (ec) return fail(ErrorCode::InvalidArgument, std::string(kWhat) + ": not valid JSON (" + ec.message() + ")");
  if (!value.is_object()) return fail(ErrorCode::InvalidArgument, std::string(kWhat) + ": expected a JSON object");
  const json::object& object = value.get_object();
  CertificateBundle out;
  VRS_TRY(out.member_id, string_field(object, "member_id"));
  VRS_TRY(out.role, string_field(object, "role"));
  VRS_TRY(out.serial, string_field(object, "serial"));
  VRS_TRY(out.fingerprint_sha256, string_field(object, "fingerprint_sha256"));
  VRS_TRY(out.not_after, string_field(object, "not_after"));
  VRS_TRY(out.certificate, string_field(object, "certificate"));
  VRS_TRY(out.ca_chain, string_field(object, "ca_chain"));
  return out;
}

}  // namespace vrs::schema::api
