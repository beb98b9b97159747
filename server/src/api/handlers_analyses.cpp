#include "vrs/server/api/handlers_analyses.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "vrs/db/audit_log.hpp"
#include "vrs/db/clock.hpp"
#include "vrs/schema/report/contract.hpp"
#include "vrs/server/analysis/engine.hpp"
#include "vrs/server/analysis/report.hpp"
#include "vrs/server/api/problem.hpp"
#include "vrs/server/transport/router.hpp"
#include "vrs/server/server_state.hpp"

namespace vrs::server::api {
namespace {

// The audit object for a request that did not parse: its name and the raw query, printable.
std::string raw_object(std::string_view name, std::string_view query) {
  std::string out(name);
  out += " query=";
  for (const char c : query.substr(0, 200)) out += (c >= 0x21 && c < 0x7f) ? c : '?';
  return out;
}

// Writes the audit entry, then answers: `reply` on success, 503 when the entry could not be
// written (the report must not leave unrecorded).
void audit_then_reply(ServerState& state, const transport::Respond& respond, db::AuditEntry entry, transport::Reply reply) {
  const bool queued = state.db->post([respond, entry = std::move(entry), reply = std::move(reply)](db::Database& database) mutable {
    auto seq = db::AuditLog(database).append(entry);
    if (!seq) {
      spdlog::error("audit append failed action=analysis.read error=\"{}\"", seq.error().message());
      return respond(problem(wire_code(ErrorCode::Unavailable), "the request could not be recorded; retry later"));
    }
    respond(std::move(reply));
  });
  if (!queued) respond(problem(wire_code(ErrorCode::Unavailable), "the server is busy; retry later"));
}

void serve_analysis(transport::RequestContext& ctx, const transport::Respond& respond, std::string name) {
  ServerState& state = ctx.state;
  const auto& peer = ctx.peer;
  const std::string actor = peer.member_id;
  if (peer.role == certs::Role::Admin) {
    return audit_then_reply(state, respond, {actor, "analysis.read", raw_object(name, ctx.query), "denied: admin role"},
                            problem(wire_code(ErrorCode::PermissionDenied), "administrators see no incident data, not even aggregates"));
  }
  if (name != "regional" && !schema::report::is_section(name)) {
    return audit_then_reply(state, respond, {actor, "analysis.read", raw_object("unknown", ctx.query), "denied: unknown analysis"},
                            problem(wire_code(ErrorCode::NotFound), "no such analysis; the analyses are " + schema::report::section_list()));
  }
  auto request = analysis::parse_analysis_request(ctx.query, state.config.regions);
  if (!request) {
    return audit_then_reply(state, respond,
                            {actor, "analysis.read", raw_object(name, ctx.query), "denied: invalid parameters"},
                            problem(request.error()));
  }
  analysis::Viewer viewer{peer.member_id, peer.state, peer.role};
  // One member's analyses in flight are bounded, so it cannot fill the queue all members share.
  const auto limit = state.limits()->max_analyses_per_member;
  if (!state.acquire_analysis_slot(peer.member_id, limit)) {
    transport::Reply busy = problem(problem_code::kRateLimited, std::to_string(limit) +
                                                                    " of your analyses are still running; wait for one to finish");
    busy.headers.emplace_back("Retry-After", "1");
    return respond(std::move(busy));
  }
  // Released when the job is done with, or dropped.
  auto slot = std::shared_ptr<void>(nullptr, [&state, member = peer.member_id](void*) { state.release_analysis_slot(member); });
  const bool queued = state.analysis->post(
      [&state, respond, name, request = std::move(*request), viewer, slot](Result<void> refreshed,
                                                                           const analysis::FactStore& facts) mutable {
        const std::string object = name + " " + analysis::describe(request);
        if (!refreshed) {
          return audit_then_reply(state, respond, {viewer.member_id, "analysis.read", object, "failed: store unreadable"},
                                  problem(wire_code(ErrorCode::Unavailable), "the analysis store cannot be read; retry later"));
        }
        const auto started = std::chrono::steady_clock::now();
        analysis::ReportInput input{facts, request, viewer, state.config.disclosure, state.config.fx,
                                    db::utc_now(), state.analysis->pseudonym_salt()};
        transport::Reply reply;
        std::string outcome = "ok";
        analysis::DisclosureStats protection;
        try {
          auto document = analysis::build_report(input, name == "regional" ? std::string_view{} : std::string_view(name),
                                                 &protection);
          if (!document.at("reciprocity").as_object().at("regional").as_bool()) outcome = "ok: own data only (reciprocity)";
          reply.body = schema::report::seal(document);
        } catch (const std::exception& e) {
          spdlog::error("analysis failed name={} error=\"{}\"", name, e.what());
          return audit_then_reply(state, respond, {viewer.member_id, "analysis.read", object, "failed: internal error"},
                                  problem(wire_code(ErrorCode::Internal), "internal error"));
        }
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
        spdlog::info("analysis name={} member={} records={} bytes={} ms={} primary={} secondary={} by_lines={} "
                     "pruned={} problems={} protection_ms={:.1f}",
                     name, viewer.member_id, facts.live(), reply.body.size(), ms.count(), protection.primary,
                     protection.secondary, protection.by_lines, protection.pruned, protection.problems, protection.seconds * 1000.0);
        if (protection.unverified > 0) {
          spdlog::warn("analysis name={} member={}: {} primary cells could not be verified by the solver", name,
                       viewer.member_id, protection.unverified);
        }
        audit_then_reply(state, respond, {viewer.member_id, "analysis.read", object, outcome}, std::move(reply));
      });
  if (!queued) {
    respond(problem(wire_code(ErrorCode::Unavailable), "too many analyses queued; retry later"));
  }
}

}  // namespace

void add_analysis_routes(transport::Router& router) {
  using boost::beast::http::verb;
  // Access::Any: admins reach the handler so that their refusal is audit-logged too.
  router.add({verb::get, "/v1/reports/regional", transport::Access::Any,
              [](transport::RequestContext& ctx, transport::Respond respond) { serve_analysis(ctx, respond, "regional"); }});
  router.add({verb::get, "/v1/analyses/{name}", transport::Access::Any, [](transport::RequestContext& ctx, transport::Respond respond) {
                serve_analysis(ctx, respond, ctx.params.at("name"));
              }});
}

}  // namespace vrs::server::api
