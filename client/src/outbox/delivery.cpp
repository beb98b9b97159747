#include "vrs/client/outbox/delivery.hpp"

#include <charconv>

#include "vrs/schema/api/json_reader.hpp"
#include "table_text.hpp"
#include "vrs/client/net/https_client.hpp"
#include "vrs/schema/envelope.hpp"

namespace vrs::client::outbox {

using namespace vrs::client::net;

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxProblemBody = 1 << 20;
constexpr std::size_t kMaxProblemItems = 5;

std::string json_string(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(json::string_view(key.data(), key.size()));
  if (value == nullptr || !value->is_string()) return {};
  return std::string(value->get_string().data(), value->get_string().size());
}

// "records[3].base_version" -> "records[3] (ref AUS-ABF-3).base_version" when the index is known.
std::string with_ref(const std::string& path, const std::vector<std::string>& refs) {
  constexpr std::string_view prefix = "records[";
  if (path.rfind(prefix, 0) != 0) return path;
  const auto close = path.find(']', prefix.size());
  if (close == std::string::npos) return path;
  std::size_t index = 0;
  const char* begin = path.data() + prefix.size();
  const char* end = path.data() + close;
  const auto [ptr, ec] = std::from_chars(begin, end, index);
  if (ec != std::errc() || ptr != end || index >= refs.size()) return path;
  std::string out = path.substr(0, close + 1);
  out += " (ref ";
  out += refs[index];
  out += ')';
  out += path.substr(close + 1);
  return out;
}

std::string http_status_text(int status) {
  std::string text = "HTTP ";
  text += std::to_string(status);
  return text;
}

}  // namespace

SubmissionProblem parse_submission_problem(int status, std::string_view body) {
  SubmissionProblem problem;
  problem.status = status;
  if (body.size() > kMaxProblemBody) return problem;
  auto object = schema::api::parse_object(body, "problem");
  if (!object) return problem;
  problem.code = printable(json_string(*object, "code"), 64);
  problem.detail = printable(json_string(*object, "detail"));
  if (problem.detail.empty()) problem.detail = printable(json_string(*object, "title"));
  if (const auto* errors = object->if_contains("errors"); errors != nullptr && errors->is_array()) {
    for (const auto& item : errors->get_array()) {
      if (!item.is_object()) continue;
      problem.errors.push_back(SubmissionProblem::Item{printable(json_string(item.get_object(), "path"), 200),
                                                       printable(json_string(item.get_object(), "message"))});
    }
  }
  return problem;
}

ProblemKind classify(const SubmissionProblem& problem) noexcept {
  // A retired or unknown sealing key, or a retired envelope version: seal the stored payload again.
  if (problem.status == 400 && (problem.code == "envelope_unknown_key" || problem.code == "envelope_key_retired" ||
                                problem.code == "envelope_version_retired")) {
    return ProblemKind::UnknownKey;
  }
  switch (problem.status) {
    case 400:  // envelope_malformed, envelope_unopenable, ..._plaintext, signature_invalid
    case 403:  // signer_mismatch, member_mismatch, permission_denied
    case 409:  // submission_conflict, version_conflict
    case 413:  // payload_too_large: the same bytes will never fit
    case 422:  // batch_invalid
      return ProblemKind::Permanent;
    default: return ProblemKind::Transient;
  }
}

std::string describe_problem(const SubmissionProblem& problem, const std::vector<std::string>& refs) {
  std::string text = http_status_text(problem.status);
  if (!problem.code.empty()) {
    text += ' ';
    text += problem.code;
  }
  if (!problem.detail.empty()) {
    text += ": ";
    text += problem.detail;
  }
  const bool messages = problem.code == "version_conflict";
  std::size_t shown = 0;
  for (const auto& item : problem.errors) {
    if (shown == kMaxProblemItems) {
      text += "; ... and ";
      text += std::to_string(problem.errors.size() - shown);
      text += " more";
      break;
    }
    text += "; ";
    text += with_ref(item.path, refs);
    if (messages && !item.message.empty()) {
      text += ": ";
      text += item.message;
    }
    ++shown;
  }
  return text;
}

Delivery::Delivery(Outbox& outbox, SubmissionTransport& transport, ServerKeyCache& keys, const crypto::SigningKey& signer,
                   DeliveryOptions options)
    : outbox_(&outbox), transport_(&transport), keys_(&keys), signer_(&signer), options_(options) {}

Result<DeliveryResult> Delivery::retry(const OutboxEntry& entry, std::string reason, bool stop, Clock::time_point now,
                                       std::chrono::seconds at_least) {
  if (stop && !stop_reason_) stop_reason_ = reason;
  if (options_.max_attempts > 0 && entry.attempts + 1 >= options_.max_attempts) {
    std::string gave_up = "gave up after ";
    gave_up += count_text(static_cast<std::size_t>(entry.attempts) + 1, "attempt", "attempts");
    gave_up += ": ";
    gave_up += reason;
    return failed(entry, std::move(gave_up), now);
  }
  VRS_TRY(auto updated, outbox_->record_retry(entry.submission_id, reason, now, at_least));
  DeliveryResult result;
  result.submission_id = entry.submission_id;
  result.record_count = entry.record_count;
  result.outcome = DeliveryOutcome::Queued;
  result.reason = std::move(reason);
  result.attempts = updated.attempts;
  result.next_attempt_at = updated.next_attempt_at;
  return result;
}

Result<DeliveryResult> Delivery::failed(const OutboxEntry& entry, std::string reason, Clock::time_point now) {
  VRS_TRY_VOID(outbox_->record_failure(entry.submission_id, reason, now));
  DeliveryResult result;
  result.submission_id = entry.submission_id;
  result.record_count = entry.record_count;
  result.outcome = DeliveryOutcome::Failed;
  result.reason = std::move(reason);
  result.attempts = entry.attempts + 1;
  return result;
}

Result<DeliveryResult> Delivery::accept(const OutboxEntry& entry, std::string_view body, Clock::time_point now) {
  auto keys = keys_->get();
  if (!keys) return retry(entry, "cannot verify the receipt: " + keys.error().message(), true, now);
  auto checked = check_receipt(body, entry, **keys);
  if (!checked && checked.error().code() == ErrorCode::Unauthenticated) {
    // Signed with a key we have not seen: the server may have rotated it. Ask once.
    auto parsed = schema::parse_receipt(body);
    if (parsed && (*keys)->find_receipt_key(parsed->key_id) == nullptr) {
      keys = keys_->refresh();
      if (!keys) return retry(entry, "cannot verify the receipt: " + keys.error().message(), true, now);
      checked = check_receipt(body, entry, **keys);
    }
  }
  if (!checked) return retry(entry, "receipt rejected: " + checked.error().message(), false, now);
  auto stored = outbox_->store_receipt(entry.submission_id, body, **keys, now);
  if (!stored && stored.error().code() == ErrorCode::FailedPrecondition) {
    // Another vrs-client process on this profile sent it meanwhile (the server answered both
    // with the same receipt): done, not an error.
    auto current = outbox_->find(entry.submission_id);
    if (current && *current && (*current)->state == EnvelopeState::Sent) stored = std::move(*checked);
  }
  if (!stored) return fail(stored.error());
  DeliveryResult result;
  result.submission_id = entry.submission_id;
  result.record_count = entry.record_count;
  result.outcome = DeliveryOutcome::Sent;
  result.receipt = std::move(*stored);
  result.attempts = entry.attempts + 1;
  return result;
}

Result<DeliveryResult> Delivery::deliver(const OutboxEntry& original, Clock::time_point now) {
  OutboxEntry entry = original;
  bool resealed = false;
  // Seals the stored payload to the current key (after a refresh when asked) and commits the
  // envelope before anything is sent. nullopt = done; otherwise the result to return.
  const auto seal = [&](bool refresh) -> std::optional<Result<DeliveryResult>> {
    auto keys = refresh ? keys_->refresh() : keys_->get();
    // A cache written before servers named themselves: fetch the keys again.
    if (keys && (*keys)->server_id.empty() && !refresh) keys = keys_->refresh();
    if (!keys) return retry(entry, "cannot get the server's keys: " + keys.error().message(), true, now);
    if ((*keys)->server_id.empty()) return retry(entry, "the server does not name itself (server_id in GET /v1/keys)", true, now);
    const SealingKey* key = (*keys)->current_sealing();
    if (key == nullptr) return retry(entry, "the server lists no current sealing key", true, now);
    auto envelope = schema::seal_envelope(entry.payload, *signer_, key->key_id, key->public_key, (*keys)->server_id);
    if (!envelope) return failed(entry, "cannot seal the envelope: " + envelope.error().message(), now);
    if (auto stored = outbox_->set_envelope(entry.submission_id, key->key_id, *envelope, now); !stored) {
      return Result<DeliveryResult>(fail(stored.error()));
    }
    entry.key_id = key->key_id;
    entry.envelope = std::move(*envelope);
    return std::nullopt;
  };

  if (!entry.envelope) {
    if (auto done = seal(false)) return std::move(*done);
  }
  while (true) {
    auto response = transport_->post_envelope(*entry.envelope);
    // The submission is idempotent (same id, same bytes): a connection that dropped under us
    // is retried once at once.
    if (!response && response.error().code() == ErrorCode::Unavailable) response = transport_->post_envelope(*entry.envelope);
    if (!response) return retry(entry, response.error().message(), true, now);
    if (response->status == 200 || response->status == 201) return accept(entry, response->body, now);
    const auto problem = parse_submission_problem(response->status, response->body);
    switch (classify(problem)) {
      case ProblemKind::UnknownKey:
        if (!resealed) {
          resealed = true;
          if (auto done = seal(true)) return std::move(*done);
          continue;
        }
        return retry(entry, describe_problem(problem, entry.refs), true, now);
      case ProblemKind::Permanent: return failed(entry, describe_problem(problem, entry.refs), now);
      case ProblemKind::Transient:
        // A busy or rate-limited server says when to come back; the outbox waits at least that.
        return retry(entry, describe_problem(problem, entry.refs), true, now,
                     response->retry_after.value_or(std::chrono::seconds(0)));
    }
  }
}

}  // namespace vrs::client::outbox
