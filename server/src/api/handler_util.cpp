#include "vrs/server/api/handler_util.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <charconv>
#include <limits>

#include "vrs/server/api/problem.hpp"
#include "vrs/server/server_state.hpp"

namespace vrs::server::api {

transport::Reply json_reply(unsigned status, const boost::json::value& value) {
  transport::Reply r;
  r.status = status;
  r.body = boost::json::serialize(value);
  return r;
}

void on_db(transport::RequestContext& ctx, const transport::Respond& respond, std::function<transport::Reply(db::Database&, ServerState&)> work) {
  ServerState& state = ctx.state;
  const bool queued = state.db->post([&state, respond, work = std::move(work)](db::Database& database) {
    transport::Reply reply;
    try {
      reply = work(database, state);
    } catch (const std::exception& e) {
      spdlog::error("database job failed error=\"{}\"", e.what());
      reply = problem(wire_code(ErrorCode::Internal), "internal error");
    }
    respond(std::move(reply));
  });
  if (!queued) respond(problem(wire_code(ErrorCode::Unavailable), "the server is busy; retry later"));
}

Result<std::int64_t> query_int(std::string_view value, std::string_view name, std::int64_t min, std::int64_t max) {
  std::int64_t out = 0;
  const auto* end = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(value.data(), end, out);
  if (value.empty() || ec != std::errc() || ptr != end || out < min || out > max) {
    return fail(ErrorCode::InvalidArgument, std::string(name) + ": must be an integer in [" + std::to_string(min) +
                                                ", " + std::to_string(max) + "]");
  }
  return out;
}

Result<Page> parse_page(std::string_view q, std::size_t default_limit, std::size_t max_limit) {
  Page page;
  page.limit = default_limit;
  for (const auto& part : transport::split_query(q)) {
    if (part.name == "after") {
      VRS_TRY(page.after, query_int(part.value, "after", 0, std::numeric_limits<std::int64_t>::max()));
    } else if (part.name == "limit") {
      VRS_TRY(auto v, query_int(part.value, "limit", 1, static_cast<std::int64_t>(max_limit)));
      page.limit = static_cast<std::size_t>(v);
    } else {
      return fail(ErrorCode::InvalidArgument, "unknown query parameter");
    }
  }
  return page;
}

}  // namespace vrs::server::api
