#pragma once
/// The member's own submissions as the server lists them (GET /v1/submissions?after=&limit=,
/// docs/api.md), for `vrs-client sync --resend-lost`: which sent submissions a restored
/// server no longer has.
///
/// Thread-safety: plain functions; the HttpsClient is used by one thread.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "vrs/client/net/https_client.hpp"
#include "vrs/common/error.hpp"

namespace vrs::client::net {

struct SubmissionPage {
  std::vector<std::string> submission_ids;
  std::optional<std::int64_t> next_after;  ///< nullopt: the last page
};

/// Parses one page. InvalidArgument naming the field for a wrong shape.
Result<SubmissionPage> parse_submission_page(std::string_view json);

/// Every submission id the server lists for the caller, page by page (1000 each, at most
/// `max_pages`; ResourceExhausted past that).
Result<std::set<std::string>> list_submission_ids(HttpsClient& http, std::size_t max_pages = 10000);

}  // namespace vrs::client::net
