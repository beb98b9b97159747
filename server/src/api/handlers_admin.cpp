#include "vrs/server/api/handlers_admin.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <charconv>
#include <set>

#include "vrs/crypto/encoding.hpp"
#include "vrs/db/audit_log.hpp"
#include "vrs/db/database.hpp"
#include "vrs/schema/api/audit.hpp"
#include "vrs/schema/api/certificate_bundle.hpp"
#include "vrs/schema/api/enrol_proof.hpp"
#include "vrs/schema/api/member.hpp"
#include "vrs/server/api/handler_util.hpp"
#include "vrs/server/store/member_store.hpp"
#include "vrs/server/api/problem.hpp"
#include "vrs/server/transport/router.hpp"
#include "vrs/server/server_state.hpp"

namespace vrs::server::api {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxAuditPage = 1000;
constexpr std::size_t kDefaultAuditPage = 100;

// Parses a JSON object body with exactly the allowed members (required ones must be present).
Result<json::object> parse_object(const std::string& body, const std::set<std::string_view>& required,
                                  const std::set<std::string_view>& optional) {
  json::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) return fail(ErrorCode::InvalidArgument, "body is not valid JSON");
  if (!v.is_object()) return fail(ErrorCode::InvalidArgument, "body must be a JSON object");
  auto& o = v.as_object();
  for (const auto& kv : o) {
    const std::string_view key(kv.key().data(), kv.key().size());
    if (required.count(key) == 0 && optional.count(key) == 0) {
      return fail(ErrorCode::InvalidArgument, "unknown field \"" + std::string(key) + "\"");
    }
  }
  for (const auto key : required) {
    if (!o.contains(key)) return fail(ErrorCode::InvalidArgument, std::string(key) + ": required");
  }
  return std::move(o);
}

Result<std::string> get_string(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return fail(ErrorCode::InvalidArgument, std::string(key) + ": must be a string");
  return std::string(v->as_string().data(), v->as_string().size());
}

// An administrator's read goes into the audit log after it was served from the database and
// before it is answered: a read that cannot be recorded is not answered (503).
transport::Reply audited_read(db::Database& database, const std::string& actor, std::string action, std::string object,
                              transport::Reply reply) {
  if (auto seq = db::AuditLog(database).append({actor, std::move(action), std::move(object), "ok"}); !seq) {
    spdlog::error("audit append failed action=admin read error=\"{}\"", seq.error().message());
    return problem(wire_code(ErrorCode::Unavailable), "the request could not be recorded; retry later");
  }
  return reply;
}

void list_members(transport::RequestContext& ctx, const transport::Respond& respond) {
  on_db(ctx, respond, [actor = ctx.peer.member_id](db::Database& database, ServerState& state) {
    store::MemberStore store(database, *state.authority);
    auto members = store.list_members();
    if (!members) return problem(members.error());
    return audited_read(database, actor, "admin.members.read", "", json_reply(200, schema::api::members_json(*members)));
  });
}

void create_member(transport::RequestContext& ctx, const transport::Respond& respond) {
  auto body = parse_object(ctx.body, {"member_id", "role"}, {"name_opt_in"});
  if (!body) return respond(problem(body.error()));
  auto id_text = get_string(*body, "member_id");
  if (!id_text) return respond(problem(id_text.error()));
  auto id = certs::parse_member_id(*id_text);
  if (!id) return respond(problem(Error(ErrorCode::InvalidArgument, "member_id: " + id.error().message())));
  auto role_text = get_string(*body, "role");
  if (!role_text) return respond(problem(role_text.error()));
  auto role = certs::parse_role(*role_text);
  if (!role) return respond(problem(Error(ErrorCode::InvalidArgument, "role: " + role.error().message())));
  bool name_opt_in = false;
  if (const auto* v = body->if_contains("name_opt_in")) {
    if (!v->is_bool()) return respond(problem(Error(ErrorCode::InvalidArgument, "name_opt_in: must be true or false")));
    name_opt_in = v->as_bool();
  }
  on_db(ctx, respond, [member = *id, r = *role, name_opt_in, actor = ctx.peer.member_id](db::Database& database,
                                                                                        ServerState& state) {
    store::MemberStore store(database, *state.authority);
    auto created = store.create_member(member, r, name_opt_in, actor);
    if (!created) return problem(created.error());
    spdlog::info("member created member={} role={} actor={}", member.str(), certs::to_string(r), actor);
    return json_reply(201, schema::api::member_json(*created));
  });
}

void issue_certificate(transport::RequestContext& ctx, const transport::Respond& respond) {
  auto body = parse_object(ctx.body, {"csr", "signing_key"}, {"days", "reason", "proof"});
  if (!body) return respond(problem(body.error()));
  store::IssueRequest request;
  auto csr = get_string(*body, "csr");
  if (!csr) return respond(problem(csr.error()));
  request.csr_pem = std::move(*csr);
  auto key_text = get_string(*body, "signing_key");
  if (!key_text) return respond(problem(key_text.error()));
  auto key = crypto::from_base64(*key_text);
  if (!key || key->size() != request.signing_key.size()) {
    return respond(problem(Error(ErrorCode::InvalidArgument, "signing_key: must be a base64 Ed25519 public key (32 bytes)")));
  }
  std::copy(key->begin(), key->end(), request.signing_key.begin());
  if (const auto* v = body->if_contains("days")) {
    if (!v->is_int64() || v->as_int64() < 1 || v->as_int64() > certs::kMaxLeafValidity.count()) {
      return respond(problem(Error(ErrorCode::InvalidArgument,
                                   "days: must be an integer in [1, " + std::to_string(certs::kMaxLeafValidity.count()) + "]")));
    }
    request.days = std::chrono::days(v->as_int64());
  }
  if (body->contains("reason")) {
    auto reason = get_string(*body, "reason");
    if (!reason) return respond(problem(reason.error()));
    request.reason = std::move(*reason);
  }
  if (body->contains("proof")) {
    auto proof_text = get_string(*body, "proof");
    if (!proof_text) return respond(problem(proof_text.error()));
    auto proof = schema::api::parse_enrol_proof(*proof_text);
    if (!proof) return respond(problem(proof.error()));
    request.proof = *proof;
  }
  on_db(ctx, respond, [member_id = ctx.params.at("id"), request = std::move(request), actor = ctx.peer.member_id](
                          db::Database& database, ServerState& state) {
    store::MemberStore store(database, *state.authority);
    auto outcome = store.issue_certificate(member_id, request, actor);
    if (!outcome) return problem(outcome.error());
    if (outcome->pending) {
      spdlog::info("certificate request pending member={} request={} actor={}", member_id, outcome->pending->id, actor);
      return json_reply(202, schema::api::pending_request_json(*outcome->pending));
    }
    (void)state.refresh(database);
    spdlog::info("certificate issued member={} serial={} actor={}", member_id, outcome->issued->serial, actor);
    transport::Reply reply;
    reply.status = 201;
    reply.body = schema::api::to_json(outcome->issued->bundle());
    return reply;
  });
}

void list_requests(transport::RequestContext& ctx, const transport::Respond& respond) {
  on_db(ctx, respond, [actor = ctx.peer.member_id](db::Database& database, ServerState& state) {
    store::MemberStore store(database, *state.authority);
    auto pending = store.pending_requests();
    if (!pending) return problem(pending.error());
    return audited_read(database, actor, "admin.requests.read", "", json_reply(200, schema::api::pending_requests_json(*pending)));
  });
}

void approve_request(transport::RequestContext& ctx, const transport::Respond& respond) {
  const std::string& text = ctx.params.at("rid");
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id < 1) {
    return respond(problem(problem_code::kNotFound, "no such certificate request"));
  }
  if (!ctx.body.empty() && ctx.body != "{}") {
    return respond(problem(Error(ErrorCode::InvalidArgument, "body must be empty or {}")));
  }
  on_db(ctx, respond, [id, actor = ctx.peer.member_id](db::Database& database, ServerState& state) {
    store::MemberStore store(database, *state.authority);
    auto issued = store.approve_request(id, actor);
    if (!issued) return problem(issued.error());
    (void)state.refresh(database);
    spdlog::info("certificate request approved request={} member={} serial={} actor={}", id, issued->member_id,
                 issued->serial, actor);
    transport::Reply reply;
    reply.status = 201;
    reply.body = schema::api::to_json(issued->bundle());
    return reply;
  });
}

// Canonical serial for lookups: lower-case hex (the store ignores leading zeros).
std::optional<std::string> normalize_serial(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  std::string out;
  for (const char c : text) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex) return std::nullopt;
    const char lower = static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
    out += lower;
  }
  return out;
}

void revoke_certificate(transport::RequestContext& ctx, const transport::Respond& respond) {
  auto serial = normalize_serial(ctx.params.at("serial"));
  if (!serial) return respond(problem(problem_code::kNotFound, "no such certificate"));
  auto body = parse_object(ctx.body, {"reason"}, {});
  if (!body) return respond(problem(body.error()));
  auto reason_text = get_string(*body, "reason");
  if (!reason_text) return respond(problem(reason_text.error()));
  auto reason = certs::parse_revocation_reason(*reason_text);
  if (!reason) return respond(problem(Error(ErrorCode::InvalidArgument, "reason: " + reason.error().message())));
  on_db(ctx, respond, [serial = *serial, r = *reason, actor = ctx.peer.member_id](db::Database& database,
                                                                                 ServerState& state) {
    store::MemberStore store(database, *state.authority);
    auto revoked = store.revoke_certificate(serial, r, actor);
    // Refresh even on a failed CRL write: the database says revoked, so must the cache.
    (void)state.refresh(database);
    if (!revoked) return problem(revoked.error());
    spdlog::info("certificate revoked serial={} reason={} actor={}", serial, certs::to_string(r), actor);
    json::object o;
    o["serial"] = revoked->serial;
    o["status"] = "revoked";
    o["revoked_at"] = revoked->revoked_at;
    return json_reply(200, o);
  });
}

void audit_list(transport::RequestContext& ctx, const transport::Respond& respond) {
  auto page = parse_page(ctx.query, kDefaultAuditPage, kMaxAuditPage);
  if (!page) return respond(problem(page.error()));
  const auto after = page->after;
  const auto limit = page->limit;
  on_db(ctx, respond, [after, limit, actor = ctx.peer.member_id](db::Database& database, ServerState& /*state*/) {
    db::AuditLog audit(database);
    auto entries = audit.list(after, limit);
    if (!entries) return problem(entries.error());
    schema::api::AuditPage reply;
    for (const auto& e : *entries) {
      reply.entries.push_back({e.seq, e.time, e.actor, e.action, e.object, e.outcome, crypto::to_hex(e.hash)});
    }
    if (entries->size() == limit) reply.next_after = entries->back().seq;
    return audited_read(database, actor, "admin.audit.read", "after=" + std::to_string(after) + " limit=" + std::to_string(limit),
                        json_reply(200, schema::api::audit_page_json(reply)));
  });
}

void audit_verify(transport::RequestContext& ctx, const transport::Respond& respond) {
  on_db(ctx, respond, [actor = ctx.peer.member_id](db::Database& database, ServerState& /*state*/) {
    db::AuditLog audit(database);
    auto report = audit.verify();
    if (!report) return problem(report.error());
    schema::api::AuditVerification verification;
    verification.ok = report->ok();
    verification.entries = report->entries;
    verification.head_seq = report->head_seq;
    verification.head_hash = crypto::to_hex(report->head_hash);
    verification.first_broken_seq = report->first_broken_seq;
    if (!report->ok()) verification.reason = report->reason;
    return audited_read(database, actor, "admin.audit.verify", "",
                        json_reply(200, schema::api::audit_verification_json(verification)));
  });
}

}  // namespace

void add_admin_routes(transport::Router& router) {
  using boost::beast::http::verb;
  router.add({verb::get, "/v1/admin/members", transport::Access::Admin, list_members});
  router.add({verb::post, "/v1/admin/members", transport::Access::Admin, create_member});
  router.add({verb::post, "/v1/admin/members/{id}/certificates", transport::Access::Admin, issue_certificate});
  router.add({verb::post, "/v1/admin/certificates/{serial}/revoke", transport::Access::Admin, revoke_certificate});
  router.add({verb::get, "/v1/admin/certificate-requests", transport::Access::Admin, list_requests});
  router.add({verb::post, "/v1/admin/certificate-requests/{rid}/approve", transport::Access::Admin, approve_request});
  router.add({verb::get, "/v1/admin/audit", transport::Access::Admin, audit_list});
  router.add({verb::get, "/v1/admin/audit/verify", transport::Access::Admin, audit_verify});
}

}  // namespace vrs::server::api
