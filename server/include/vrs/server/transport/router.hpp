#pragma once
/// Routes: method + path template ("/v1/admin/members/{id}/certificates") -> handler, with
/// the access rule checked before the handler runs. Targets are matched literally, segment by
/// segment: an empty, "." or ".." segment, a character outside the RFC 3986 unreserved set, or
/// a malformed %XX escape is NotFound (no normalisation, no path traversal). Escapes are
/// decoded only inside {param} values, after the split (so "%2F" is part of a ref, never a
/// separator); a value that decodes to a control character is NotFound.
///
/// Thread-safety: built once before the server starts, then read-only (match() is const).

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/http/verb.hpp>

#include "vrs/server/authenticated_peer.hpp"
#include "vrs/server/transport/reply.hpp"

namespace vrs::server {
struct ServerState;
}  // namespace vrs::server

namespace vrs::server::transport {

/// Who may call a route.
enum class Access {
  Any,      ///< every authenticated member
  Admin,    ///< role admin only
  NoAdmin,  ///< everyone but admin (incident data: admins see none, docs/api.md)
  Reporter, ///< role reporter only (submissions and a member's own records)
};

/// Sends the reply for the request (exactly once). May be called from any thread: the session
/// posts it to its strand.
using Respond = std::function<void(Reply)>;

struct RequestContext {
  const AuthenticatedPeer& peer;
  std::map<std::string, std::string> params;  ///< {name} segments of the template
  std::string query;                          ///< after '?', raw
  std::string body;
  ServerState& state;
};

using Handler = std::function<void(RequestContext& context, Respond respond)>;

struct Route {
  boost::beast::http::verb method = boost::beast::http::verb::get;
  std::string pattern;  ///< also the metrics label
  Access access = Access::Any;
  Handler handler;
  /// Body limit: limits.max_body_bytes, or limits.max_submission_bytes for the routes that
  /// carry submission envelopes.
  bool large_body = false;
};

class Router {
 public:
  enum class Outcome { Found, NotFound, MethodNotAllowed };

  struct Match {
    Outcome outcome = Outcome::NotFound;
    const Route* route = nullptr;  ///< when Found
    std::map<std::string, std::string> params;
    std::string query;
    std::string allow;  ///< "GET, POST" when MethodNotAllowed
  };

  void add(Route route);
  [[nodiscard]] Match match(boost::beast::http::verb method, std::string_view target) const;
  /// Whether `role` may call a route with `access`.
  [[nodiscard]] static bool allowed(Access access, certs::Role role) noexcept;

 private:
  std::vector<Route> routes_;
};

/// Splits a path into segments; false for anything unsafe (see above).
bool split_path(std::string_view path, std::vector<std::string_view>& segments);

/// Percent-decodes `text` (a {param} value or a query-string name or value) into `out`. false
/// for a malformed %XX escape or a value that decodes to a control character.
bool percent_decode(std::string_view text, std::string& out);

/// One `name=value` part of a query string, raw (views into the query; nothing decoded).
struct QueryPart {
  std::string_view text;   ///< the whole part, "name=value"
  std::string_view name;   ///< before the first '=' (the whole part when there is none)
  std::string_view value;  ///< after the first '='; empty when there is none
};

/// The one query-string splitter: splits the raw query (after '?') at '&', skipping empty
/// parts, and each part at its first '='. Callers decode names and values with
/// percent_decode where they accept escapes.
std::vector<QueryPart> split_query(std::string_view query);

}  // namespace vrs::server::transport
