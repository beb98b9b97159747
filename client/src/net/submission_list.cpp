#include "vrs/client/net/submission_list.hpp"

#include "vrs/schema/api/json_reader.hpp"

namespace vrs::client::net {

using schema::api::Reader;

Result<SubmissionPage> parse_submission_page(std::string_view text) {
  VRS_TRY(auto object, schema::api::parse_object(text, "submissions"));
  const Reader reader(object, "submissions");
  VRS_TRY(const auto* items, reader.array("submissions"));
  SubmissionPage page;
  std::size_t i = 0;
  for (const auto& item : *items) {
    const std::string where = "submissions[" + std::to_string(i++) + "]";
    if (!item.is_object()) return fail(ErrorCode::InvalidArgument, where + ": expected an object");
    VRS_TRY(auto id, Reader(item.get_object(), where).string("submission_id"));
    page.submission_ids.push_back(std::move(id));
  }
  VRS_TRY(page.next_after, reader.optional_integer("next_after"));
  return page;
}

Result<std::set<std::string>> list_submission_ids(HttpsClient& http, std::size_t max_pages) {
  std::set<std::string> ids;
  std::optional<std::int64_t> after;
  for (std::size_t pages = 0; pages < max_pages; ++pages) {
    std::string target = "/v1/submissions?limit=1000";
    if (after) target += "&after=" + std::to_string(*after);
    auto body = http.get(target);
    if (!body) return fail(body.error().with_context("GET " + target));
    auto page = parse_submission_page(*body);
    if (!page) return fail(page.error().with_context("GET " + target));
    ids.insert(page->submission_ids.begin(), page->submission_ids.end());
    if (!page->next_after || page->submission_ids.empty()) return ids;
    if (after && *page->next_after <= *after) {
      return fail(ErrorCode::DataLoss, "GET /v1/submissions: next_after does not advance");
    }
    after = page->next_after;
  }
  return fail(ErrorCode::ResourceExhausted, "GET /v1/submissions: more than " + std::to_string(max_pages) + " pages");
}

}  // namespace vrs::client::net
