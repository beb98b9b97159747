#include "vrs/server/api/problem.hpp"

#include <boost/beast/http/status.hpp>
#include <boost/json.hpp>

#include <algorithm>

#include "vrs/common/assert.hpp"

namespace vrs::server::api {

namespace {
boost::json::object problem_object(unsigned status, std::string_view code, std::string_view detail) {
  boost::json::object o;
  o["type"] = "about:blank";
  auto reason = boost::beast::http::obsolete_reason(boost::beast::http::int_to_status(status));
  o["title"] = std::string_view(reason.data(), reason.size());
  o["status"] = status;
  o["code"] = code;
  o["detail"] = detail;
  return o;
}
}  // namespace

std::string problem_json(unsigned status, std::string_view code, std::string_view detail) {
  return boost::json::serialize(problem_object(status, code, detail));
}

transport::Reply problem(const WireCode& code, std::string_view detail) {
  transport::Reply r;
  r.status = code.status;
  r.content_type = std::string(kProblemContentType);
  r.body = problem_json(code.status, code.code, detail);
  r.code = std::string(code.code);
  return r;
}

transport::Reply problem(const Error& error) { return problem(wire_code(error.code()), error.message()); }

transport::Reply problem(unsigned status, const WireCode& code, std::string_view detail) {
  VRS_ASSERT(status == code.status, "a wire code is sent with the status of its row");
  return problem(code, detail);
}

transport::Reply problem(const WireCode& code, std::string_view detail, const std::vector<ProblemError>& errors) {
  const unsigned status = code.status;
  auto o = problem_object(status, code.code, detail);
  boost::json::array list;
  const std::size_t n = std::min(errors.size(), kMaxProblemErrors);
  list.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    list.push_back(boost::json::object{{"path", errors[i].path}, {"value", errors[i].value}, {"message", errors[i].message}});
  }
  o["errors"] = std::move(list);
  if (errors.size() > n) o["errors_omitted"] = errors.size() - n;
  transport::Reply r;
  r.status = status;
  r.code = std::string(code.code);
  r.content_type = std::string(kProblemContentType);
  r.body = boost::json::serialize(o);
  return r;
}

}  // namespace vrs::server::api
