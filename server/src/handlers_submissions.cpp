#include "vrs/server/handlers_submissions.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "vrs/crypto/encoding.hpp"
#include "vrs/db/database.hpp"
#include "vrs/schema/envelope.hpp"
#include "vrs/server/handler_util.hpp"
#include "vrs/server/problem.hpp"
#include "vrs/server/server_state.hpp"
#include "vrs/server/submission_store.hpp"

namespace vrs::server {
namespace {

namespace json = boost::json;

constexpr std::size_t kDefaultPage = 100;
constexpr std::size_t kMaxPage = 1000;

std::vector<ProblemError> problem_errors(const schema::FieldErrors& errors) {
  std::vector<ProblemError> out;
  out.reserve(errors.size());
  for (const auto& e : errors) out.push_back({e.path, e.value, e.message});
  return out;
}

Reply receipt_reply(unsigned status, std::string receipt) {
  Reply r;
  r.status = status;
  r.body = std::move(receipt);
  return r;
}

void keys(RequestContext& ctx, const Respond& respond) {
  Reply r;
  r.body = ctx.state.keys->public_json();
  respond(std::move(r));
}

// Stores a verified batch through the group commit and answers after the COMMIT.
void store(ServerState& state, std::shared_ptr<VerifiedSubmission> sub, const Respond& respond) {
  auto outcome = std::make_shared<Result<SubmissionOutcome>>(fail(ErrorCode::Internal, "not run"));
  DbWorker::GroupedJob job;
  job.apply = [&state, sub, outcome](db::Database& database) {
    *outcome = SubmissionStore(database).store(*sub, *state.keys);
    return outcome->has_value() && (*outcome)->kind == SubmissionOutcome::Kind::Stored;
  };
  job.done = [&state, sub, outcome, respond](bool committed) {
    using Kind = SubmissionOutcome::Kind;
    if (!*outcome) {
      spdlog::error("submission failed member={} submission={} error=\"{}\"", sub->member_id, sub->batch.submission_id,
                    outcome->error().message());
      state.metrics.submission("store_error", 0);
      return respond(problem(503, to_string(ErrorCode::Unavailable), "the submission could not be stored; retry later"));
    }
    auto& o = **outcome;
    switch (o.kind) {
      case Kind::Stored:
        if (!committed) {
          state.metrics.submission("commit_failed", 0);
          return respond(problem(503, to_string(ErrorCode::Unavailable), "the submission could not be stored; retry later"));
        }
        spdlog::info("submission stored member={} submission={} records={}", sub->member_id, sub->batch.submission_id,
                     o.records);
        state.metrics.submission("stored", o.records);
        return respond(receipt_reply(201, std::move(o.receipt)));
      case Kind::Replayed:
        state.metrics.submission("replayed", 0);
        return respond(receipt_reply(200, std::move(o.receipt)));
      case Kind::SignerMismatch:
        state.metrics.submission("signer_mismatch", 0);
        return respond(problem(403, "signer_mismatch", o.detail));
      case Kind::SubmissionConflict:
        state.metrics.submission("submission_conflict", 0);
        return respond(problem(409, "submission_conflict", o.detail));
      case Kind::VersionConflict:
        state.metrics.submission("version_conflict", 0);
        return respond(problem(409, "version_conflict", o.detail, problem_errors(o.conflicts)));
    }
  };
  if (!state.db->post_grouped(std::move(job))) {
    state.metrics.submission("busy", 0);
    respond(problem(503, to_string(ErrorCode::Unavailable), "the server is busy; retry later"));
  }
}

// On a worker thread: open, verify and validate; then hand over to the writer.
void verify(ServerState& state, const AuthenticatedPeer& peer, const std::string& body, const Respond& respond) {
  auto refuse = [&](Reply reply, std::string_view outcome) {
    state.metrics.submission(outcome, 0);
    respond(std::move(reply));
  };
  auto envelope = schema::parse_envelope(body);
  if (!envelope) {
    const auto code = schema::to_string(envelope.error().failure);
    return refuse(problem(400, code, envelope.error().detail), code);
  }
  const auto* key = state.keys->sealing_key(envelope->key_id);
  if (key == nullptr) {
    return refuse(problem(400, "envelope_unknown_key",
                          "key_id \"" + envelope->key_id + "\" is not a sealing key of this server; see GET /v1/keys"),
                  "envelope_unknown_key");
  }
  auto opened = schema::open_envelope(*envelope, *key);
  if (!opened) {
    const auto code = schema::to_string(opened.error().failure);
    return refuse(problem(400, code, opened.error().detail), code);
  }
  auto batch = schema::decode_batch(opened->payload, schema::today_utc());
  if (!batch) {
    const auto n = batch.error().size();
    return refuse(problem(422, "batch_invalid", std::to_string(n) + " problem(s) in the batch; nothing was stored",
                          problem_errors(batch.error())),
                  "batch_invalid");
  }
  if (batch->member != peer.member_id) {
    return refuse(problem(403, "member_mismatch",
                          "the batch names member " + batch->member + " but the certificate is " + peer.member_id),
                  "member_mismatch");
  }
  auto sub = std::make_shared<VerifiedSubmission>();
  sub->member_id = peer.member_id;
  sub->state = peer.state;
  sub->batch = std::move(*batch);
  sub->payload_sha256 = crypto::to_hex(opened->payload_sha256);
  sub->signature = opened->signature;
  sub->signer = opened->signer;
  sub->sealed_to = envelope->key_id;
  store(state, std::move(sub), respond);
}

void post_submission(RequestContext& ctx, const Respond& respond) {
  ServerState& state = ctx.state;
  auto body = std::make_shared<std::string>(std::move(ctx.body));
  net::post(*state.workers, [&state, peer = ctx.peer, body, respond] {
    try {
      verify(state, peer, *body, respond);
    } catch (const std::exception& e) {
      spdlog::error("submission verification failed error=\"{}\"", e.what());
      respond(problem(500, to_string(ErrorCode::Internal), "internal error"));
    }
  });
}

void list_submissions(RequestContext& ctx, const Respond& respond) {
  auto page = parse_page(ctx.query, kDefaultPage, kMaxPage);
  if (!page) return respond(problem(page.error()));
  on_db(ctx, respond, [member = ctx.peer.member_id, p = *page](db::Database& database, ServerState&) {
    auto list = SubmissionStore(database).list(member, p.after, p.limit);
    if (!list) return problem(list.error());
    json::array items;
    for (const auto& s : *list) {
      items.push_back(json::object{{"id", s.id},
                                   {"submission_id", s.submission_id},
                                   {"received_at", s.received_at},
                                   {"record_count", s.record_count},
                                   {"payload_sha256", s.payload_sha256},
                                   {"audit_seq", s.audit_seq}});
    }
    json::value next = nullptr;
    if (list->size() == p.limit) next = list->back().id;
    return json_reply(200, json::object{{"submissions", std::move(items)}, {"next_after", next}});
  });
}

void get_receipt(RequestContext& ctx, const Respond& respond) {
  const auto id = ctx.params.at("submission_id");
  if (!schema::is_uuid_v4(id)) return respond(problem(404, problem_code::kNotFound, "no such submission"));
  on_db(ctx, respond, [member = ctx.peer.member_id, id](db::Database& database, ServerState&) {
    auto receipt = SubmissionStore(database).receipt(member, id);
    if (!receipt) return problem(receipt.error());
    if (!*receipt) return problem(404, problem_code::kNotFound, "no such submission");
    return receipt_reply(200, std::move(**receipt));
  });
}

void get_incident(RequestContext& ctx, const Respond& respond) {
  const auto ref = ctx.params.at("ref");
  on_db(ctx, respond, [member = ctx.peer.member_id, ref](db::Database& database, ServerState&) {
    auto versions = SubmissionStore(database).versions(member, ref);
    if (!versions) return problem(versions.error());
    if (versions->empty()) return problem(404, problem_code::kNotFound, "no such record");
    json::array items;
    for (const auto& v : *versions) {
      json::error_code ec;
      auto record = json::parse(v.canonical, ec);
      if (ec) return problem(500, to_string(ErrorCode::DataLoss), "a stored record version is not valid JSON");
      items.push_back(json::object{{"version", v.version},
                                   {"status", v.status},
                                   {"base_version", v.base_version ? json::value(*v.base_version) : json::value(nullptr)},
                                   {"submission_id", v.submission_id},
                                   {"created_at", v.created_at},
                                   {"latest", v.latest},
                                   {"record", std::move(record)}});
    }
    return json_reply(200, json::object{{"ref", ref}, {"versions", std::move(items)}});
  });
}

}  // namespace

void add_submission_routes(Router& router) {
  using boost::beast::http::verb;
  router.add({verb::get, "/v1/keys", Access::Any, keys});
  router.add({verb::post, "/v1/submissions", Access::Reporter, post_submission, /*large_body=*/true});
  router.add({verb::get, "/v1/submissions", Access::Reporter, list_submissions});
  router.add({verb::get, "/v1/submissions/{submission_id}", Access::Reporter, get_receipt});
  router.add({verb::get, "/v1/incidents/{ref}", Access::NoAdmin, get_incident});
}

}  // namespace vrs::server
