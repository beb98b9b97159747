// Key rotation with the real binaries (docs/operations.md "Rotate keys"): `vrs-server keys
// rotate --sealing/--receipt` beside a running server, SIGHUP, a member whose cached keys are
// stale still delivering (grace period), `keys retire` closing the old sealing key so that the
// client's stale envelope is refused with envelope_key_retired and sealed again, receipts of
// both receipt keys verifying, the log verifying across keys and a restart; and `tls renew`
// + SIGHUP serving a new certificate to new connections without dropping an open one.
#include <signal.h>

#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "deployment.hpp"
#include "vrs/certs/certificate.hpp"
#include "vrs/common/text_file.hpp"

using vrs::e2e::bin;
using vrs::e2e::Deployment;
using vrs::test::run_process;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

std::string slurp(const fs::path& p) { return vrs::read_text_file(p, 1 << 20).value(); }

// GET /v1/keys as the member.
json::object server_keys(Deployment& d) {
  const auto tls = d.member_tls();
  auto r = vrs::test::one_request(static_cast<std::uint16_t>(d.port), tls, "GET", "/v1/keys");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  return json::parse(r->body).as_object();
}

std::string current_id(const json::object& keys, const char* kind) {
  for (const auto& k : keys.at(kind).as_array()) {
    if (k.at("current").as_bool()) return std::string(k.at("key_id").as_string());
  }
  return {};
}

const json::object* key_entry(const json::object& keys, const char* kind, const std::string& id) {
  for (const auto& k : keys.at(kind).as_array()) {
    if (k.at("key_id").as_string() == id) return &k.as_object();
  }
  return nullptr;
}

void gen(Deployment& d, const std::string& file, int seed) {
  d.client({"gen", "--count", "3", "--seed", std::to_string(seed), "--state", "NZL", "--prefix", "NZL-INZ", "--out",
            (d.dir / file).string()},
           0);
}

}  // namespace

TEST_CASE("keys rotate and retire beside a running server: stale clients re-seal, old receipts verify", "[e2e]") {
  Deployment d;
  const std::string config = d.config.string();
  gen(d, "a.json", 1);
  d.as_member({"submit", (d.dir / "a.json").string()}, 0);
  const auto before = server_keys(d);
  const std::string s1 = current_id(before, "sealing");
  const std::string r1 = current_id(before, "receipt");
  const std::string stale_cache = slurp(d.member / "server-keys.json");
  REQUIRE(stale_cache.find(s1) != std::string::npos);

  // Rotate both while the server runs: requested offline, made by the server on SIGHUP, so the
  // old receipt key is retired at the moment it stops signing.
  auto sealing = d.run({bin("vrs-server"), "keys", "rotate", "--config", config, "--sealing"}, 0);
  CHECK(sealing.out.find("sealing key rotation requested") != std::string::npos);
  d.run({bin("vrs-server"), "keys", "rotate", "--config", config, "--receipt"}, 0);
  CHECK(current_id(server_keys(d), "sealing") == s1);  // nothing changes before the reload
  d.server->signal(SIGHUP);
  std::string s2;
  for (int i = 0; i < 100 && (s2.empty() || s2 == s1); ++i) {
    s2 = current_id(server_keys(d), "sealing");
    if (s2 == s1) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE(s2 != s1);
  const std::string listed = d.run({bin("vrs-server"), "keys", "list", "--config", config}, 0).out;
  CHECK(listed.find("sealing  " + s1) != std::string::npos);
  CHECK(listed.find("sealing  " + s2 + "  created") != std::string::npos);
  CHECK(listed.find("opens envelopes until") != std::string::npos);
  const auto after = server_keys(d);
  const std::string r2 = current_id(after, "receipt");
  CHECK(r2 != r1);
  const auto* old_receipt = key_entry(after, "receipt", r1);
  REQUIRE(old_receipt != nullptr);
  CHECK(old_receipt->at("successor").as_string() == r2);
  CHECK(old_receipt->contains("retirement_signature"));
  const auto* old_sealing = key_entry(after, "sealing", s1);
  REQUIRE(old_sealing != nullptr);
  CHECK(old_sealing->contains("open_until"));

  // The member's cache still says s1 and r1: within the grace period its envelope is opened,
  // and the receipt signed by r2 is checked after the client fetched the new keys.
  gen(d, "b.json", 2);
  d.as_member({"submit", (d.dir / "b.json").string()}, 0);
  const std::string refreshed = slurp(d.member / "server-keys.json");
  CHECK(refreshed.find(r2) != std::string::npos);
  CHECK(refreshed.find(r1) != std::string::npos);  // the history is kept

  // Close s1 at once; a client that still seals to it is refused and seals again.
  const std::string grace_end(old_sealing->at("open_until").as_string());
  d.run({bin("vrs-server"), "keys", "retire", "--config", config, s1}, 0);
  d.server->signal(SIGHUP);
  bool closed = false;
  for (int i = 0; i < 100 && !closed; ++i) {
    const auto keys = server_keys(d);
    const auto* entry = key_entry(keys, "sealing", s1);
    closed = entry != nullptr && std::string(entry->at("open_until").as_string()) < grace_end;
    if (!closed) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE(closed);
  REQUIRE(vrs::write_file_atomically(d.member / "server-keys.json", stale_cache, 0644));
  gen(d, "c.json", 3);
  auto c = d.as_member({"submit", (d.dir / "c.json").string()}, 0);
  INFO(c.out << c.err << "\nserver log:\n" << d.server->log());
  CHECK(d.server->log().find("code=envelope_key_retired member=NZL-INZ") != std::string::npos);
  CHECK(d.server_submissions() == 3);
  d.as_member({"receipts"}, 0);
  d.as_member({"log", "verify"}, 0);

  // Bad uses change nothing.
  CHECK(d.run({bin("vrs-server"), "keys", "retire", "--config", config, s2}, 1).err.find("current sealing key") !=
        std::string::npos);
  CHECK(d.run({bin("vrs-server"), "keys", "retire", "--config", config, r1}, 1).err.find("receipt key") !=
        std::string::npos);
  CHECK(d.run({bin("vrs-server"), "keys", "retire", "--config", config, "x25519-0000000000000000"}, 1)
            .err.find("no server key") != std::string::npos);
  CHECK(d.run({bin("vrs-server"), "keys", "retire", "--config", config, s1}, 1).err.find("already closed") !=
        std::string::npos);
  d.run({bin("vrs-server"), "keys", "rotate", "--config", config}, 2);

  // A restart verifies the log, whose heads two receipt keys signed.
  REQUIRE(d.server->stop() == 0);
  d.start_server("server-3.log");
  d.as_member({"log", "verify"}, 0);
}

TEST_CASE("tls renew and SIGHUP: new connections get the new certificate, an open one keeps working", "[e2e]") {
  Deployment d;
  const auto tls = d.member_tls();
  vrs::test::TlsClient open(static_cast<std::uint16_t>(d.port), tls);
  REQUIRE(open.connect());
  const auto old_serial = vrs::certs::Certificate::from_pem(open.peer_certificate_pem()).value().serial_hex();
  REQUIRE(open.request("GET", "/v1/whoami")->status == 200);

  auto renewed = d.run({bin("vrs-server"), "tls", "renew", "--config", d.config.string(), "--days", "30"}, 0);
  CHECK(renewed.out.find("names 127.0.0.1") != std::string::npos);
  d.server->signal(SIGHUP);
  std::string new_serial = old_serial;
  for (int i = 0; i < 100 && new_serial == old_serial; ++i) {
    vrs::test::TlsClient fresh(static_cast<std::uint16_t>(d.port), tls);
    REQUIRE(fresh.connect());
    new_serial = vrs::certs::Certificate::from_pem(fresh.peer_certificate_pem()).value().serial_hex();
    if (new_serial == old_serial) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(new_serial != old_serial);
  // The connection opened before the renewal still serves requests.
  auto again = open.request("GET", "/v1/whoami");
  REQUIRE(again);
  CHECK(again->status == 200);
  d.as_member({"whoami"}, 0);

  // Bad uses: a missing configuration, a validity out of range.
  d.run({bin("vrs-server"), "tls", "renew", "--config", (d.dir / "none.toml").string()}, 1);
  d.run({bin("vrs-server"), "tls", "renew", "--config", d.config.string(), "--days", "0"}, 2);
}
