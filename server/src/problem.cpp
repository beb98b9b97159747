#include "vrs/server/problem.hpp"

#include <boost/beast/http/status.hpp>
#include <boost/json.hpp>

namespace vrs::server {

std::string problem_json(unsigned status, std::string_view code, std::string_view detail) {
  boost::json::object o;
  o["type"] = "about:blank";
  auto reason = boost::beast::http::obsolete_reason(boost::beast::http::int_to_status(status));
  o["title"] = std::string_view(reason.data(), reason.size());
  o["status"] = status;
  o["code"] = code;
  o["detail"] = detail;
  return boost::json::serialize(o);
}

Reply problem(unsigned status, std::string_view code, std::string_view detail) {
  Reply r;
  r.status = status;
  r.content_type = std::string(kProblemContentType);
  r.body = problem_json(status, code, detail);
  return r;
}

Reply problem(const Error& error) {
  return problem(static_cast<unsigned>(http_status(error.code())), to_string(error.code()), error.message());
}

}  // namespace vrs::server
