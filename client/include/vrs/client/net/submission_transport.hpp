#pragma once
/// The two calls submitting needs (docs/api.md): GET /v1/keys and POST /v1/submissions, behind
/// an interface so the outbox delivery logic can be tested without a server.
///
/// Thread-safety: one transport per thread (the HTTPS one owns an HttpsClient).

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "vrs/client/net/https_client.hpp"
#include "vrs/client/profile.hpp"
#include "vrs/common/error.hpp"

namespace vrs::client::net {

class SubmissionTransport {
 public:
  virtual ~SubmissionTransport() = default;
  /// The body of a 2xx answer to GET /v1/keys; a non-2xx answer or a transport failure is an
  /// Error (error_from_problem for HTTP errors).
  virtual Result<std::string> fetch_keys() = 0;
  /// POST /v1/submissions with the envelope as body: the response whatever its status.
  /// Errors only for transport failures (Unavailable, DeadlineExceeded, ...).
  virtual Result<HttpResponse> post_envelope(std::string_view envelope) = 0;
  /// GET `target`: the body of a 2xx answer (GET /v1/incidents/{ref}, /v1/submissions).
  virtual Result<std::string> get(std::string_view target) = 0;
};

/// The transport over an installed profile's mutual-TLS connection (connect_profile). The
/// HTTPS client is made on first use, so a profile that is not installed fails there
/// (FailedPrecondition naming the missing file).
class HttpsSubmissionTransport final : public SubmissionTransport {
 public:
  HttpsSubmissionTransport(const Profile& profile, std::chrono::milliseconds timeout);
  ~HttpsSubmissionTransport() override;
  HttpsSubmissionTransport(const HttpsSubmissionTransport&) = delete;
  HttpsSubmissionTransport& operator=(const HttpsSubmissionTransport&) = delete;

  Result<std::string> fetch_keys() override;
  Result<HttpResponse> post_envelope(std::string_view envelope) override;
  Result<std::string> get(std::string_view target) override;

 private:
  Result<HttpsClient*> client();
  Profile profile_;
  std::chrono::milliseconds timeout_;
  std::optional<HttpsClient> client_;
};

}  // namespace vrs::client::net
