#pragma once
/// The audit log as the admin API carries it (docs/api.md): a page of GET /v1/admin/audit and
/// the reply of GET /v1/admin/audit/verify. The server writes them with audit_page_json and
/// audit_verification_json; `vrs-client admin audit` reads them with the parse functions.
/// Errors name the document and the field (schema/api/json_reader).
///
/// Thread-safety: pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "vrs/common/error.hpp"

namespace vrs::schema::api {

struct AuditEntry {
  std::int64_t seq = 0;
  std::string time;
  std::string actor;
  std::string action;
  std::string object;
  std::string outcome;
  std::string hash;  ///< lower-case hex of the entry's chain hash
};

/// GET /v1/admin/audit: entries after a sequence number, and where the next page starts
/// (absent when this page is the last).
struct AuditPage {
  std::vector<AuditEntry> entries;
  std::optional<std::int64_t> next_after;
};

/// GET /v1/admin/audit/verify
struct AuditVerification {
  bool ok = false;
  std::int64_t entries = 0;
  std::int64_t head_seq = 0;
  std::string head_hash;  ///< lower-case hex
  std::optional<std::int64_t> first_broken_seq;
  std::optional<std::string> reason;
};

boost::json::object audit_page_json(const AuditPage& page);
boost::json::object audit_verification_json(const AuditVerification& verification);

/// "audit response: ..." errors.
Result<AuditPage> parse_audit_page(std::string_view text);
/// "audit verify response: ..." errors; `ok` false without `first_broken_seq` is refused.
Result<AuditVerification> parse_audit_verification(std::string_view text);

}  // namespace vrs::schema::api
