#include "vrs/server/api/handlers_submissions.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "vrs/crypto/encoding.hpp"
#include "vrs/db/clock.hpp"
#include "vrs/db/database.hpp"
#include "vrs/schema/envelope.hpp"
#include "vrs/schema/receipt.hpp"
#include "vrs/schema/tree_head.hpp"
#include "vrs/server/api/handler_util.hpp"
#include "vrs/server/api/problem.hpp"
#include "vrs/server/server_state.hpp"
#include "vrs/server/store/submission_store.hpp"

namespace vrs::server::api {
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

// The receipt with the transparency log's part (docs/transparency.md): a signed head that
// includes the receipt's audit entry, and the proof. Should the proof fail, the receipt alone
// is still answered: it is what the member must keep; `vrs-client log verify` then reports the
// missing proof.
transport::Reply receipt_reply(unsigned status, std::string receipt, ServerState& state, db::Database& database) {
  transport::Reply r;
  r.status = status;
  auto parsed = schema::parse_receipt(receipt);
  auto log = parsed ? state.log->receipt_log(database, *state.keys(), static_cast<std::int64_t>(parsed->audit_seq))
                    : Result<schema::ReceiptLog>(fail(parsed.error()));
  auto wire = log ? schema::with_receipt_log(receipt, *log) : Result<std::string>(fail(log.error()));
  if (!wire) spdlog::error("receipt without log proof error=\"{}\"", wire.error().message());
  r.body = wire ? std::move(*wire) : std::move(receipt);
  return r;
}

void keys(transport::RequestContext& ctx, const transport::Respond& respond) {
  transport::Reply r;
  r.body = ctx.state.keys()->public_json();
  respond(std::move(r));
}

// Stores a verified batch through the group commit and answers after the COMMIT.
void store(ServerState& state, std::shared_ptr<store::VerifiedSubmission> sub, const transport::Respond& respond) {
  auto outcome = std::make_shared<Result<store::SubmissionOutcome>>(fail(ErrorCode::Internal, "not run"));
  store::DbWorker::GroupedJob job;
  job.apply = [&state, sub, outcome](db::Database& database) {
    *outcome = store::SubmissionStore(database).store(*sub, *state.keys());
    return outcome->has_value() && (*outcome)->kind == store::SubmissionOutcome::Kind::Stored;
  };
  job.done = [&state, sub, outcome, respond](bool committed, db::Database& database) {
    using Kind = store::SubmissionOutcome::Kind;
    if (!*outcome) {
      spdlog::error("submission failed member={} submission={} error=\"{}\"", sub->member_id, sub->batch.submission_id,
                    outcome->error().message());
      state.metrics.submission("store_error", 0);
      return respond(problem(wire_code(ErrorCode::Unavailable), "the submission could not be stored; retry later"));
    }
    auto& o = **outcome;
    switch (o.kind) {
      case Kind::Stored:
        if (!committed) {
          state.metrics.submission("commit_failed", 0);
          return respond(problem(wire_code(ErrorCode::Unavailable), "the submission could not be stored; retry later"));
        }
        spdlog::info("submission stored member={} submission={} records={} envelope=v{}", sub->member_id,
                     sub->batch.submission_id, o.records, sub->envelope_version);
        state.metrics.submission("stored", o.records);
        return respond(receipt_reply(201, std::move(o.receipt), state, database));
      case Kind::Replayed:
        state.metrics.submission("replayed", 0);
        return respond(receipt_reply(200, std::move(o.receipt), state, database));
      case Kind::SignerMismatch:
        state.metrics.submission("signer_mismatch", 0);
        return respond(problem(problem_code::kSignerMismatch, o.detail));
      case Kind::SubmissionConflict:
        state.metrics.submission("submission_conflict", 0);
        return respond(problem(problem_code::kSubmissionConflict, o.detail));
      case Kind::VersionConflict:
        state.metrics.submission("version_conflict", 0);
        return respond(problem(problem_code::kVersionConflict, o.detail, problem_errors(o.conflicts)));
    }
  };
  if (!state.db->post_grouped(std::move(job))) {
    state.metrics.submission("busy", 0);
    respond(problem(wire_code(ErrorCode::Unavailable), "the server is busy; retry later"));
  }
}

// On a worker thread: open, verify and validate; then hand over to the writer.
void verify(ServerState& state, const AuthenticatedPeer& peer, const std::string& body, const transport::Respond& respond) {
  auto refuse = [&](transport::Reply reply, std::string_view outcome) {
    state.metrics.submission(outcome, 0);
    respond(std::move(reply));
  };
  auto envelope = schema::parse_envelope(body);
  if (!envelope) {
    const auto code = wire_code(envelope.error().failure);
    return refuse(problem(code, envelope.error().detail), code.code);
  }
  if (envelope->version == 1 && !state.config.envelope.accepts_v1(schema::to_string(schema::today_utc()))) {
    return refuse(problem(problem_code::kEnvelopeVersionRetired,
                          "vrs.envelope/1 is no longer accepted (since " + state.config.envelope.accept_v1_until +
                              "); seal it again as vrs.envelope/2 (a current vrs-client does)"),
                  problem_code::kEnvelopeVersionRetired.code);
  }
  const auto keys = state.keys();  // held: a SIGHUP may swap in a reloaded set meanwhile
  const auto* key = keys->sealing_key(envelope->key_id);
  if (key == nullptr) {
    return refuse(problem(problem_code::kEnvelopeUnknownKey,
                          "key_id \"" + envelope->key_id + "\" is not a sealing key of this server; see GET /v1/keys"),
                  problem_code::kEnvelopeUnknownKey.code);
  }
  if (const auto closes = keys->sealing_closes_at(envelope->key_id); !closes.empty() && closes < db::utc_now()) {
    return refuse(problem(problem_code::kEnvelopeKeyRetired,
                          "key_id \"" + envelope->key_id + "\" was retired and closed at " + closes +
                              "; seal it again to the current key of GET /v1/keys (a current vrs-client does)"),
                  problem_code::kEnvelopeKeyRetired.code);
  }
  auto opened = schema::open_envelope(*envelope, *key, keys->server_id());
  if (!opened) {
    const auto code = wire_code(opened.error().failure);
    return refuse(problem(code, opened.error().detail), code.code);
  }
  auto batch = schema::decode_batch(opened->payload, schema::today_utc());
  if (!batch) {
    const auto n = batch.error().size();
    return refuse(problem(problem_code::kBatchInvalid, std::to_string(n) + " problem(s) in the batch; nothing was stored",
                          problem_errors(batch.error())),
                  problem_code::kBatchInvalid.code);
  }
  if (batch->member != peer.member_id) {
    return refuse(problem(problem_code::kMemberMismatch,
                          "the batch names member " + batch->member + " but the certificate is " + peer.member_id),
                  problem_code::kMemberMismatch.code);
  }
  auto sub = std::make_shared<store::VerifiedSubmission>();
  sub->member_id = peer.member_id;
  sub->state = peer.state;
  sub->batch = std::move(*batch);
  sub->payload_sha256 = crypto::to_hex(opened->payload_sha256);
  sub->signature = opened->signature;
  sub->signer = opened->signer;
  sub->sealed_to = envelope->key_id;
  sub->envelope_version = opened->version;
  store(state, std::move(sub), respond);
}

void post_submission(transport::RequestContext& ctx, const transport::Respond& respond) {
  ServerState& state = ctx.state;
  auto body = std::make_shared<std::string>(std::move(ctx.body));
  transport::net::post(*state.workers, [&state, peer = ctx.peer, body, respond] {
    try {
      verify(state, peer, *body, respond);
    } catch (const std::exception& e) {
      spdlog::error("submission verification failed error=\"{}\"", e.what());
      respond(problem(wire_code(ErrorCode::Internal), "internal error"));
    }
  });
}

void list_submissions(transport::RequestContext& ctx, const transport::Respond& respond) {
  auto page = parse_page(ctx.query, kDefaultPage, kMaxPage);
  if (!page) return respond(problem(page.error()));
  on_db(ctx, respond, [member = ctx.peer.member_id, p = *page](db::Database& database, ServerState&) {
    auto list = store::SubmissionStore(database).list(member, p.after, p.limit);
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

void get_receipt(transport::RequestContext& ctx, const transport::Respond& respond) {
  const auto id = ctx.params.at("submission_id");
  if (!schema::is_uuid_v4(id)) return respond(problem(problem_code::kNotFound, "no such submission"));
  on_db(ctx, respond, [member = ctx.peer.member_id, id](db::Database& database, ServerState& state) {
    auto receipt = store::SubmissionStore(database).receipt(member, id);
    if (!receipt) return problem(receipt.error());
    if (!*receipt) return problem(problem_code::kNotFound, "no such submission");
    return receipt_reply(200, std::move(**receipt), state, database);
  });
}

void get_incident(transport::RequestContext& ctx, const transport::Respond& respond) {
  const auto ref = ctx.params.at("ref");
  on_db(ctx, respond, [member = ctx.peer.member_id, ref](db::Database& database, ServerState&) {
    auto versions = store::SubmissionStore(database).versions(member, ref);
    if (!versions) return problem(versions.error());
    if (versions->empty()) return problem(problem_code::kNotFound, "no such record");
    json::array items;
    for (const auto& v : *versions) {
      json::error_code ec;
      auto record = json::parse(v.canonical, ec);
      if (ec) return problem(wire_code(ErrorCode::DataLoss), "a stored record version is not valid JSON");
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

void add_submission_routes(transport::Router& router) {
  using boost::beast::http::verb;
  router.add({verb::get, "/v1/keys", transport::Access::Any, keys});
  router.add({verb::post, "/v1/submissions", transport::Access::Reporter, post_submission, /*large_body=*/true});
  router.add({verb::get, "/v1/submissions", transport::Access::Reporter, list_submissions});
  router.add({verb::get, "/v1/submissions/{submission_id}", transport::Access::Reporter, get_receipt});
  router.add({verb::get, "/v1/incidents/{ref}", transport::Access::Reporter, get_incident});
}

}  // namespace vrs::server::api
