#include <catch2/catch.hpp>

#include "vrs/server/transport/router.hpp"

using namespace vrs::server;
using namespace vrs::server::transport;
using boost::beast::http::verb;

namespace {
Router make() {
  Router r;
  auto nop = [](RequestContext&, Respond) {};
  r.add({verb::get, "/v1/whoami", Access::Any, nop});
  r.add({verb::get, "/v1/admin/members", Access::Admin, nop});
  r.add({verb::post, "/v1/admin/members", Access::Admin, nop});
  r.add({verb::post, "/v1/admin/members/{id}/certificates", Access::Admin, nop});
  r.add({verb::get, "/v1/incidents/{ref}", Access::NoAdmin, nop});
  return r;
}
}  // namespace

TEST_CASE("routes match literally with parameters and query") {
  auto r = make();
  auto m = r.match(verb::post, "/v1/admin/members/AUS-ABF/certificates");
  REQUIRE(m.outcome == Router::Outcome::Found);
  CHECK(m.route->pattern == "/v1/admin/members/{id}/certificates");
  CHECK(m.params.at("id") == "AUS-ABF");
  auto q = r.match(verb::get, "/v1/whoami?x=1");
  REQUIRE(q.outcome == Router::Outcome::Found);
  CHECK(q.query == "x=1");
}

TEST_CASE("escapes are decoded inside parameters only, after the split") {
  auto r = make();
  auto m = r.match(verb::get, "/v1/incidents/2024%2F117%20b");
  REQUIRE(m.outcome == Router::Outcome::Found);
  CHECK(m.params.at("ref") == "2024/117 b");
  auto dots = r.match(verb::get, "/v1/incidents/%2E%2E");
  REQUIRE(dots.outcome == Router::Outcome::Found);
  CHECK(dots.params.at("ref") == "..");  // a ref value, never a path step
  auto utf8 = r.match(verb::get, "/v1/incidents/%C3%A9");
  REQUIRE(utf8.outcome == Router::Outcome::Found);
  CHECK(utf8.params.at("ref") == "\xC3\xA9");
}

TEST_CASE("unsafe or unknown targets are NotFound") {
  auto r = make();
  auto target = GENERATE(as<std::string>{}, "/v1/../v1/admin/members", "/v1/%2e%2e/admin/members", "/v1//whoami",
                         "/v1/./whoami", "/v1/whoami/", "v1/whoami", "", "/", "/v1/nope", "/v1/incidents/a%zz",
                         "/v1/incidents/a%2", "/v1/incidents/a%", "/v1/incidents/a%00b", "/v1/incidents/%7F",
                         "/v1/admin%2Fmembers", "/v1/incidents/a b", "/v1/admin/members/AUS-ABF/../certificates");
  INFO(target);
  CHECK(r.match(verb::get, target).outcome == Router::Outcome::NotFound);
}

TEST_CASE("a known path with another method is MethodNotAllowed with Allow") {
  auto r = make();
  auto m = r.match(verb::delete_, "/v1/admin/members");
  CHECK(m.outcome == Router::Outcome::MethodNotAllowed);
  CHECK(m.allow == "GET, POST");
}

TEST_CASE("access rules by role") {
  using vrs::certs::Role;
  CHECK(Router::allowed(Access::Any, Role::Reporter));
  CHECK(Router::allowed(Access::Admin, Role::Admin));
  CHECK_FALSE(Router::allowed(Access::Admin, Role::Reporter));
  CHECK_FALSE(Router::allowed(Access::Admin, Role::Analyst));
  CHECK_FALSE(Router::allowed(Access::NoAdmin, Role::Admin));
  CHECK(Router::allowed(Access::NoAdmin, Role::Analyst));
}

TEST_CASE("the query splitter splits at & and the first =, skips empty parts and decodes nothing") {
  const auto parts = split_query("a=1&&b=x=y&c&%41=%42&");
  REQUIRE(parts.size() == 4);
  CHECK(parts[0].text == "a=1");
  CHECK(parts[0].name == "a");
  CHECK(parts[0].value == "1");
  CHECK(parts[1].name == "b");
  CHECK(parts[1].value == "x=y");
  CHECK(parts[2].text == "c");
  CHECK(parts[2].name == "c");
  CHECK(parts[2].value.empty());
  CHECK(parts[3].name == "%41");
  CHECK(parts[3].value == "%42");
  CHECK(split_query("").empty());
  CHECK(split_query("&&").empty());
}
