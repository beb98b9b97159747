#include "vrs/server/api/handlers_log.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <limits>

#include "vrs/db/database.hpp"
#include "vrs/schema/tree_head.hpp"
#include "vrs/server/api/handler_util.hpp"
#include "vrs/server/api/problem.hpp"
#include "vrs/server/server_state.hpp"

namespace vrs::server::api {
namespace {

constexpr std::int64_t kMaxSize = std::numeric_limits<std::int64_t>::max();

void head(transport::RequestContext& ctx, const transport::Respond& respond) {
  if (!ctx.query.empty()) return respond(problem(Error(ErrorCode::InvalidArgument, "unknown query parameter")));
  on_db(ctx, respond, [](db::Database& database, ServerState& state) {
    auto current = state.log->checkpoint(database, *state.keys());
    if (!current) {
      spdlog::error("transparency log head failed error=\"{}\"", current.error().message());
      return problem(wire_code(ErrorCode::Unavailable), "the log head could not be signed; retry later");
    }
    return json_reply(200, schema::tree_head_json(*current));
  });
}

struct ConsistencyQuery {
  std::uint64_t to = 0;
  std::vector<std::uint64_t> from;
};

Result<ConsistencyQuery> parse_consistency_query(std::string_view query) {
  ConsistencyQuery out;
  bool have_to = false;
  for (const auto& part : transport::split_query(query)) {
    if (part.name == "to" && !have_to) {
      VRS_TRY(auto to, query_int(part.value, "to", 1, kMaxSize));
      out.to = static_cast<std::uint64_t>(to);
      have_to = true;
    } else if (part.name == "from" && out.from.empty()) {
      std::string_view rest = part.value;
      while (true) {
        const auto comma = rest.find(',');
        VRS_TRY(auto from, query_int(rest.substr(0, comma), "from", 1, kMaxSize));
        out.from.push_back(static_cast<std::uint64_t>(from));
        if (out.from.size() > schema::kMaxConsistencyFrom) {
          return fail(ErrorCode::InvalidArgument, "from: at most " + std::to_string(schema::kMaxConsistencyFrom) + " sizes");
        }
        if (comma == std::string_view::npos) break;
        rest = rest.substr(comma + 1);
      }
    } else {
      return fail(ErrorCode::InvalidArgument, "unknown or repeated query parameter \"" + std::string(part.name).substr(0, 20) + "\"");
    }
  }
  if (!have_to) return fail(ErrorCode::InvalidArgument, "to: required");
  if (out.from.empty()) return fail(ErrorCode::InvalidArgument, "from: required");
  for (const auto f : out.from) {
    if (f > out.to) return fail(ErrorCode::InvalidArgument, "from: " + std::to_string(f) + " is above to " + std::to_string(out.to));
  }
  return out;
}

void consistency(transport::RequestContext& ctx, const transport::Respond& respond) {
  auto query = parse_consistency_query(ctx.query);
  if (!query) return respond(problem(query.error()));
  on_db(ctx, respond, [q = std::move(*query)](db::Database& database, ServerState& state) {
    if (auto synced = state.log->sync(database); !synced) {
      spdlog::error("transparency log sync failed error=\"{}\"", synced.error().message());
      return problem(wire_code(ErrorCode::Unavailable), "the log cannot be read; retry later");
    }
    if (q.to > state.log->size()) {
      return problem(Error(ErrorCode::NotFound, "to: the log has " + std::to_string(state.log->size()) + " entries, not " +
                                                    std::to_string(q.to)));
    }
    std::vector<schema::ConsistencyProof> proofs;
    for (const auto from : q.from) {
      auto proof = state.log->consistency(from, q.to);
      if (!proof) return problem(proof.error());
      proofs.push_back({from, std::move(*proof)});
    }
    return json_reply(200, schema::consistency_json(q.to, proofs));
  });
}

}  // namespace

void add_log_routes(transport::Router& router) {
  using boost::beast::http::verb;
  router.add({verb::get, "/v1/log/head", transport::Access::Any, head});
  router.add({verb::get, "/v1/log/consistency", transport::Access::Any, consistency});
}

}  // namespace vrs::server::api
