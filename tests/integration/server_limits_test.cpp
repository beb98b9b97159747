// Integration: limits on a real server (docs/architecture.md "Transport"). Each violation gets its exact status and
// problem code (or a close), is counted in metrics, and the server still serves a valid client.
#include <catch2/catch.hpp>

#include <thread>

#include "test_server.hpp"
#include "vrs/server/server_state.hpp"

using namespace vrs::test;
using namespace std::chrono_literals;

namespace {

}  // namespace

TEST_CASE("a body over the limit is 413 payload_too_large and the connection closes") {
  TestServer s([](vrs::server::Config& c) { c.limits.max_body_bytes = 4096; });
  TlsClient client(s.port(), s.options(&s.admin()));
  REQUIRE(client.connect());
  // Headers announcing 1 MiB and the first bytes only: the server refuses on the header.
  REQUIRE(client.write_raw("POST /v1/admin/members HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           "Content-Length: 1048576\r\n\r\n{\"member_id\":"));
  auto r = client.read_response();
  REQUIRE(r);
  CHECK(r->status == 413);
  CHECK(json_string(r->body, "code") == "payload_too_large");
  CHECK(r->header("content-type") == "application/problem+json");
  CHECK(client.closed_by_peer());
  CHECK(eventually([&] { return s.server().state().metrics.rejections("payload_too_large") == 1; }));
  still_serves(s, s.admin());
}

TEST_CASE("a complete body just over the limit is 413 too") {
  TestServer s([](vrs::server::Config& c) { c.limits.max_body_bytes = 1024; });
  TlsClient client(s.port(), s.options(&s.admin()));
  REQUIRE(client.connect());
  auto r = client.request("POST", "/v1/admin/members", std::string(1025, ' '));
  REQUIRE(r);
  CHECK(r->status == 413);
  still_serves(s, s.admin());
}

TEST_CASE("headers over the limit are 431 headers_too_large") {
  TestServer s([](vrs::server::Config& c) { c.limits.max_header_bytes = 2048; });
  TlsClient client(s.port(), s.options(&s.admin()));
  REQUIRE(client.connect());
  auto r = client.request("GET", "/v1/whoami", {}, {{"X-Padding", std::string(4096, 'a')}});
  REQUIRE(r);
  CHECK(r->status == 431);
  CHECK(json_string(r->body, "code") == "headers_too_large");
  CHECK(client.closed_by_peer());
  CHECK(eventually([&] { return s.server().state().metrics.rejections("headers_too_large") == 1; }));
  still_serves(s, s.admin());
}

TEST_CASE("malformed HTTP is 400 and the connection closes") {
  TestServer s;
  TlsClient client(s.port(), s.options(&s.admin()));
  REQUIRE(client.connect());
  REQUIRE(client.write_raw("GARBAGE\x01 / HTTP/9.9\r\n\r\n"));
  auto r = client.read_response();
  REQUIRE(r);
  CHECK(r->status == 400);
  CHECK(json_string(r->body, "code") == "invalid_argument");
  CHECK(client.closed_by_peer());
  CHECK(eventually([&] { return s.server().state().metrics.rejections("malformed_http") == 1; }));
  still_serves(s, s.admin());
}

TEST_CASE("a request that does not arrive in time is 408 request_timeout") {
  TestServer s([](vrs::server::Config& c) { c.limits.read_timeout = 300ms; });
  TlsClient client(s.port(), s.options(&s.admin()));
  REQUIRE(client.connect());
  REQUIRE(client.write_raw("GET /v1/whoami HTTP/1.1\r\nHost: x\r\n"));  // never finished
  auto r = client.read_response();
  REQUIRE(r);
  CHECK(r->status == 408);
  CHECK(json_string(r->body, "code") == "request_timeout");
  CHECK(client.closed_by_peer());
  still_serves(s, s.admin());
}

TEST_CASE("an idle keep-alive connection is closed after the idle timeout") {
  TestServer s([](vrs::server::Config& c) { c.limits.idle_timeout = 300ms; });
  TlsClient client(s.port(), s.options(&s.admin()));
  REQUIRE(client.connect());
  REQUIRE(client.request("GET", "/v1/whoami"));
  CHECK(client.closed_by_peer(3000ms));
  CHECK(eventually([&] { return s.server().state().metrics.rejections("idle_timeout") == 1; }));
  still_serves(s, s.admin());
}

TEST_CASE("too many requests per second are 429 with Retry-After") {
  TestServer s([](vrs::server::Config& c) { c.limits.requests_per_second_per_member = 2; });
  auto who = s.enrol("AUS-ABF", "reporter");
  TlsClient client(s.port(), s.options(&who));
  REQUIRE(client.connect());
  int ok = 0;
  std::optional<HttpResponse> limited;
  for (int i = 0; i < 10 && !limited; ++i) {
    auto r = client.request("GET", "/v1/whoami");
    REQUIRE(r);
    if (r->status == 200) ++ok;
    if (r->status == 429) limited = r;
  }
  REQUIRE(limited);
  CHECK(ok >= 3);  // burst 4, minus refill jitter
  CHECK(json_string(limited->body, "code") == "rate_limited");
  CHECK(limited->header("retry-after") == "1");
  CHECK(limited->keep_alive);
  CHECK(eventually([&] { return s.server().state().metrics.rejections("rate_limited") >= 1; }));
  std::this_thread::sleep_for(1100ms);
  auto again = client.request("GET", "/v1/whoami");
  REQUIRE(again);
  CHECK(again->status == 200);
  still_serves(s, s.admin());  // other members are not affected
}

TEST_CASE("slow-loris: 200 stalled handshakes from one address do not stop a member on another") {
  TestServer s([](vrs::server::Config& c) {
    c.limits.handshake_timeout = 2000ms;
    c.limits.max_connections = 64;
    c.limits.max_connections_per_member = 8;
  });
  // 200 connections from 127.0.0.1 that never start TLS: the first 16 (handshakes in progress
  // per address) are kept until the handshake timeout, the rest are closed at once, before any
  // TLS work, so the server's 64 slots stay free for everyone else.
  IdleConnections idle(s.port(), 200);
  REQUIRE(idle.connected() == 200);
  CHECK(eventually([&] { return s.server().state().metrics.rejections("too_many_connections_source") == 184; }));
  auto other = s.options(&s.admin());
  other.source_address = "127.0.0.2";
  const auto start = std::chrono::steady_clock::now();
  auto r = one_request(s.port(), other, "GET", "/v1/whoami");
  const auto took = std::chrono::steady_clock::now() - start;
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(took < 1500ms);
  // The stalled ones are cut by the handshake timeout, and their address is served again.
  CHECK(eventually([&] { return s.server().state().metrics.handshakes("failure", "timeout") == 16; }, 5000ms));
  still_serves(s, s.admin());
}

TEST_CASE("one address may hold max_connections_per_source connections, and no more") {
  TestServer s([](vrs::server::Config& c) {
    c.limits.max_connections_per_source = 2;
    c.limits.max_connections_per_member = 8;
  });
  TlsClient a(s.port(), s.options(&s.admin()));
  TlsClient b(s.port(), s.options(&s.admin()));
  REQUIRE(a.connect());
  REQUIRE(b.connect());
  TlsClient third(s.port(), s.options(&s.admin()));
  CHECK_FALSE(third.connect());  // closed before the handshake
  CHECK(eventually([&] { return s.server().state().metrics.rejections("too_many_connections_source") == 1; }));
  auto elsewhere = s.options(&s.admin());
  elsewhere.source_address = "127.0.0.3";
  auto r = one_request(s.port(), elsewhere, "GET", "/v1/whoami");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(a.request("GET", "/v1/whoami")->status == 200);
}

TEST_CASE("a request the peer may not make is refused at its headers and its body is never read") {
  TestServer s([](vrs::server::Config& c) { c.limits.read_timeout = 10000ms; });
  // An administrator announces a 16 MiB submission (within the submission limit) and sends
  // only the headers: the route is for reporters, so the answer comes at once, without
  // waiting for (or buffering) the body, and the connection closes.
  TlsClient admin(s.port(), s.options(&s.admin()));
  REQUIRE(admin.connect());
  REQUIRE(admin.write_raw("POST /v1/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                          "Content-Length: 16777216\r\n\r\n"));
  const auto start = std::chrono::steady_clock::now();
  auto r = admin.read_response();
  const auto took = std::chrono::steady_clock::now() - start;
  REQUIRE(r);
  CHECK(r->status == 403);
  CHECK(json_string(r->body, "code") == "permission_denied");
  CHECK(took < 100ms);
  CHECK(admin.closed_by_peer());
  // A route that does not exist, with a body: the same.
  TlsClient lost(s.port(), s.options(&s.admin()));
  REQUIRE(lost.connect());
  REQUIRE(lost.write_raw("POST /v1/nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n"));
  auto nowhere = lost.read_response();
  REQUIRE(nowhere);
  CHECK(nowhere->status == 404);
  CHECK(lost.closed_by_peer());
  // Without a body the connection stays open for the next request.
  TlsClient keep(s.port(), s.options(&s.admin()));
  REQUIRE(keep.connect());
  auto denied = keep.request("GET", "/v1/submissions");
  REQUIRE(denied);
  CHECK(denied->status == 403);
  CHECK(keep.request("GET", "/v1/whoami")->status == 200);
  still_serves(s, s.admin());
}

TEST_CASE("connections past max_connections_per_member are 503 too_many_connections") {
  TestServer s([](vrs::server::Config& c) { c.limits.max_connections_per_member = 1; });
  auto who = s.enrol("AUS-ABF", "reporter");
  auto first = std::make_unique<TlsClient>(s.port(), s.options(&who));
  REQUIRE(first->connect());
  REQUIRE(first->request("GET", "/v1/whoami")->status == 200);
  auto second = one_request(s.port(), s.options(&who), "GET", "/v1/whoami");
  REQUIRE(second);
  CHECK(second->status == 503);
  CHECK(json_string(second->body, "code") == "too_many_connections");
  first.reset();
  bool served = false;
  for (int i = 0; i < 50 && !served; ++i) {
    auto r = one_request(s.port(), s.options(&who), "GET", "/v1/whoami");
    served = r && r->status == 200;
    if (!served) std::this_thread::sleep_for(50ms);
  }
  CHECK(served);
}

TEST_CASE("connections past max_connections are 503 too_many_connections") {
  TestServer s([](vrs::server::Config& c) {
    c.limits.max_connections = 2;
    c.limits.max_connections_per_member = 2;
  });
  TlsClient a(s.port(), s.options(&s.admin()));
  TlsClient b(s.port(), s.options(&s.admin()));
  REQUIRE(a.connect());
  REQUIRE(b.connect());
  auto third = one_request(s.port(), s.options(&s.admin()), "GET", "/v1/whoami");
  REQUIRE(third);
  CHECK(third->status == 503);
  CHECK(json_string(third->body, "code") == "too_many_connections");
  CHECK(a.request("GET", "/v1/whoami")->status == 200);
}

TEST_CASE("a member's analyses in flight are bounded and other members are still served") {
  TestServer s([](vrs::server::Config& c) { c.limits.max_analyses_per_member = 2; });
  auto analyst = s.enrol("AUS-RESEARCH", "analyst");
  auto other = s.enrol("NZL-INZ", "reporter");
  const std::string target = "/v1/reports/regional?region=bali_process&period=2025";
  auto& state = s.server().state();
  // Two analyses of the analyst are in flight (held here as the engine would hold them).
  REQUIRE(state.acquire_analysis_slot("AUS-RESEARCH", 2));
  REQUIRE(state.acquire_analysis_slot("AUS-RESEARCH", 2));
  auto refused = one_request(s.port(), s.options(&analyst), "GET", target);
  REQUIRE(refused);
  CHECK(refused->status == 429);
  CHECK(json_string(refused->body, "code") == "rate_limited");
  CHECK(refused->header("retry-after") == "1");
  auto served = one_request(s.port(), s.options(&other), "GET", target);
  REQUIRE(served);
  CHECK(served->status == 200);
  // One finishes: the analyst is served again, and its own request gave its slot back.
  state.release_analysis_slot("AUS-RESEARCH");
  auto again = one_request(s.port(), s.options(&analyst), "GET", target);
  REQUIRE(again);
  CHECK(again->status == 200);
  CHECK(state.acquire_analysis_slot("AUS-RESEARCH", 2));
}

TEST_CASE("stop drains: an idle keep-alive connection is closed and stop returns promptly") {
  TestServer s;
  TlsClient client(s.port(), s.options(&s.admin()));
  REQUIRE(client.connect());
  REQUIRE(client.request("GET", "/v1/whoami"));
  const auto start = std::chrono::steady_clock::now();
  s.server().stop();
  CHECK(std::chrono::steady_clock::now() - start < 2s);
  CHECK(client.closed_by_peer());
}
