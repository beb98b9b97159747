#include "vrs/server/api/handlers_member.hpp"

#include <boost/json.hpp>

#include "vrs/schema/api/member.hpp"
#include "vrs/server/api/handler_util.hpp"
#include "vrs/server/api/problem.hpp"
#include "vrs/server/store/member_store.hpp"
#include "vrs/server/transport/router.hpp"
#include "vrs/server/server_state.hpp"

namespace vrs::server::api {
namespace {

void whoami(transport::RequestContext& ctx, const transport::Respond& respond) {
  const auto& p = ctx.peer;
  const auto left = p.not_after - std::chrono::system_clock::now();
  const auto days = std::chrono::duration_cast<std::chrono::days>(left).count();
  boost::json::object cert;
  cert["serial"] = p.serial;
  cert["fingerprint_sha256"] = p.fingerprint;
  cert["not_after"] = certs::format_time(p.not_after);
  cert["expires_in_days"] = days < 0 ? 0 : days;
  boost::json::object o;
  o["member_id"] = p.member_id;
  o["state"] = p.state;
  o["role"] = certs::to_string(p.role);
  o["certificate"] = std::move(cert);
  transport::Reply r;
  r.body = boost::json::serialize(o);
  respond(std::move(r));
}

void crl(transport::RequestContext& ctx, const transport::Respond& respond) {
  transport::Reply r;
  r.content_type = "application/x-pem-file";
  r.body = ctx.state.authority->crl_pem();
  respond(std::move(r));
}

// Every certificate ever issued in the caller's name, with who agreed to it. Listing them is
// how a certificate learns of the others: its notices are marked seen.
void certificates(transport::RequestContext& ctx, const transport::Respond& respond) {
  on_db(ctx, respond, [member = ctx.peer.member_id, fingerprint = ctx.peer.fingerprint](db::Database& database,
                                                                                        ServerState& state) {
    store::MemberStore store(database, *state.authority);
    auto info = store.get_member(member);
    if (!info) return problem(info.error());
    auto seen = store.mark_notices_seen(member, fingerprint);
    if (!seen) return problem(seen.error());
    if (*seen > 0) (void)state.registry.reload(database);  // only then does a count change
    return json_reply(200, schema::api::member_json(*info));
  });
}

}  // namespace

void add_member_routes(transport::Router& router) {
  using boost::beast::http::verb;
  router.add({verb::get, "/v1/whoami", transport::Access::Any, whoami});
  router.add({verb::get, "/v1/crl", transport::Access::Any, crl});
  router.add({verb::get, "/v1/certificates", transport::Access::Any, certificates});
}

}  // namespace vrs::server::api
