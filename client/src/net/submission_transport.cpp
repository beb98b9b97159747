#include "vrs/client/net/submission_transport.hpp"

#include "vrs/client/net/api.hpp"

namespace vrs::client::net {

HttpsSubmissionTransport::HttpsSubmissionTransport(const Profile& profile, std::chrono::milliseconds timeout)
    : profile_(profile), timeout_(timeout) {}

HttpsSubmissionTransport::~HttpsSubmissionTransport() = default;

Result<HttpsClient*> HttpsSubmissionTransport::client() {
  if (!client_) {
    VRS_TRY(auto made, connect_profile(profile_, timeout_));
    client_.emplace(std::move(made));
  }
  return &*client_;
}

Result<std::string> HttpsSubmissionTransport::fetch_keys() {
  VRS_TRY(auto http, client());
  auto body = http->get("/v1/keys");
  if (!body) return fail(body.error().with_context("GET /v1/keys"));
  return body;
}

Result<HttpResponse> HttpsSubmissionTransport::post_envelope(std::string_view envelope) {
  VRS_TRY(auto http, client());
  auto response = http->send("POST", "/v1/submissions", envelope);
  if (!response) return fail(response.error().with_context("POST /v1/submissions"));
  return response;
}

Result<std::string> HttpsSubmissionTransport::get(std::string_view target) {
  VRS_TRY(auto http, client());
  auto body = http->get(target);
  if (!body) {
    std::string call = "GET ";
    call += target;
    return fail(body.error().with_context(call));
  }
  return body;
}

}  // namespace vrs::client::net
