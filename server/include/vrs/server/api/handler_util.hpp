#pragma once
/// Small pieces every handler file uses: JSON replies, running work on the DB worker, and the
/// `after`/`limit` paging query of list endpoints.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

#include <boost/json/value.hpp>

#include "vrs/common/error.hpp"
#include "vrs/server/transport/router.hpp"

namespace vrs::db {
class Database;
}

namespace vrs::server::api {

/// 200/201… with the serialized value.
transport::Reply json_reply(unsigned status, const boost::json::value& value);

/// Runs `work` on the DB worker and sends its reply (an exception becomes 500); 503
/// `unavailable` if the worker queue is full.
void on_db(transport::RequestContext& ctx, const transport::Respond& respond, std::function<transport::Reply(db::Database&, ServerState&)> work);

/// An integer query value in [min, max]; InvalidArgument naming `name` otherwise.
Result<std::int64_t> query_int(std::string_view value, std::string_view name, std::int64_t min, std::int64_t max);

struct Page {
  std::int64_t after = 0;
  std::size_t limit = 100;
};
/// Parses `after=N&limit=M` (both optional; limit in [1, max_limit]); any other parameter is
/// InvalidArgument "unknown query parameter".
Result<Page> parse_page(std::string_view query, std::size_t default_limit, std::size_t max_limit);

}  // namespace vrs::server::api
