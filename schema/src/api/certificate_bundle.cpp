#include "vrs/schema/api/certificate_bundle.hpp"

#include "vrs/schema/api/json_reader.hpp"

namespace vrs::schema::api {
namespace json = boost::json;
namespace {

constexpr std::string_view kWhat = "bundle";

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
  return read_object(text, kWhat, [](const Reader& reader) -> Result<CertificateBundle> {
    CertificateBundle out;
    VRS_TRY_VOID(reader.strings({{"member_id", &out.member_id}, {"role", &out.role}, {"serial", &out.serial},
                                 {"fingerprint_sha256", &out.fingerprint_sha256}, {"not_after", &out.not_after},
                                 {"certificate", &out.certificate}, {"ca_chain", &out.ca_chain}}));
    return out;
  });
}

}  // namespace vrs::schema::api
