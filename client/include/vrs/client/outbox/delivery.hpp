#pragma once
/// Sending queued submissions (docs/architecture.md "Submission path"): seal (if not sealed yet) to the server's current
/// key and commit the envelope, POST it, then store the verified receipt or record why not.
///
/// How each answer is handled:
///  - 201/200 with a receipt that check_receipt() accepts (a receipt key id the cache does
///    not know triggers one key refresh): stored, entry `sent`;
///  - a receipt that does not verify or match: entry stays queued (retry with backoff);
///  - 400 envelope_unknown_key: keys refreshed, the stored payload re-sealed to the new current
///    key (committed), posted once more;
///  - 400 (other envelope problems), 403, 409, 413, 422: `failed` with the problem code,
///    detail and the paths of `errors` (record indexes mapped to refs; no values);
///  - transport failures, 401, 404, 405, 408, 429, 5xx: stays queued with backoff, and the
///    run should stop (stop_reason()): the server as a whole is unreachable or unwilling.
///
/// Thread-safety: one Delivery per thread, like the Outbox and transport it borrows.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vrs/client/outbox/outbox.hpp"
#include "vrs/client/net/server_keys.hpp"
#include "vrs/client/net/submission_transport.hpp"
#include "vrs/crypto/sign.hpp"
#include "vrs/schema/receipt.hpp"

namespace vrs::client::outbox {

/// A problem+json answer to POST /v1/submissions.
struct SubmissionProblem {
  struct Item {
    std::string path;     ///< e.g. "records[3].base_version"
    std::string message;  ///< the server's message (may quote a value)
  };
  int status = 0;
  std::string code;    ///< e.g. "version_conflict"; empty if the body had none
  std::string detail;  ///< one line, bounded
  std::vector<Item> errors;
};

/// Parses a problem body leniently (a non-JSON body leaves code/detail empty).
SubmissionProblem parse_submission_problem(int status, std::string_view body);

enum class ProblemKind { UnknownKey, Permanent, Transient };
ProblemKind classify(const SubmissionProblem& problem) noexcept;

/// "HTTP 409 version_conflict: <detail>; records[3] (ref AUS-ABF-3).base_version: <message>"
/// — messages only for version_conflict (they name versions); other problems list paths
/// only, since a validation message quotes record content. At most 5 items.
std::string describe_problem(const SubmissionProblem& problem, const std::vector<std::string>& refs);

enum class DeliveryOutcome { Sent, Queued, Failed };

struct DeliveryResult {
  std::string submission_id;
  std::size_t record_count = 0;
  DeliveryOutcome outcome = DeliveryOutcome::Queued;
  std::string reason;                      ///< why queued or failed
  std::optional<schema::Receipt> receipt;  ///< when sent
  int attempts = 0;
  std::string next_attempt_at;             ///< when queued
};

struct DeliveryOptions {
  /// > 0: an entry whose attempts reach this after a transient failure is marked failed
  /// ("gave up after N attempts"). 0: retry for ever.
  int max_attempts = 0;
};

class Delivery {
 public:
  /// All references must outlive the Delivery.
  Delivery(Outbox& outbox, net::SubmissionTransport& transport, net::ServerKeyCache& keys, const crypto::SigningKey& signer,
           DeliveryOptions options = {});

  /// Sends one queued entry and records the outcome in the outbox. An Error only when the
  /// outbox itself cannot be written or the envelope cannot be built (stop everything then).
  Result<DeliveryResult> deliver(const OutboxEntry& entry, Clock::time_point now);

  /// Set by the first failure that concerns the server as a whole; callers stop sending.
  [[nodiscard]] const std::optional<std::string>& stop_reason() const noexcept { return stop_reason_; }

 private:
  Result<DeliveryResult> accept(const OutboxEntry& entry, std::string_view body, Clock::time_point now);
  Result<DeliveryResult> retry(const OutboxEntry& entry, std::string reason, bool stop, Clock::time_point now,
                               std::chrono::seconds at_least = std::chrono::seconds(0));
  Result<DeliveryResult> failed(const OutboxEntry& entry, std::string reason, Clock::time_point now);

  Outbox* outbox_;
  net::SubmissionTransport* transport_;
  net::ServerKeyCache* keys_;
  const crypto::SigningKey* signer_;
  DeliveryOptions options_;
  std::optional<std::string> stop_reason_;
};

}  // namespace vrs::client::outbox
