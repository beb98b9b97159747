#pragma once
/// What a handler answers: status, content type, body and optional extra headers. The session
/// turns it into an HTTP response with the security headers (session.cpp).

#include <string>
#include <utility>
#include <vector>

namespace vrs::server::transport {

struct Reply {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  ///< e.g. Retry-After
  bool close = false;  ///< close the connection after this reply
  std::string code;    ///< a problem's wire code, for the log line of a refused request
};

}  // namespace vrs::server::transport
