#pragma once
/// Helpers for integration tests that submit records the way vrs-client does: fetch the
/// server's public keys, build a batch of (synthetic) records, sign it with the member's
/// Ed25519 key and seal it to the server's current X25519 key (docs/envelope.md).
/// Header-only: the functions use Catch2 assertions and are meant for test executables.

#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "test_server.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/random.hpp"
#include "vrs/schema/envelope.hpp"
#include "vrs/schema/json_codec.hpp"
#include "vrs/schema/synthetic.hpp"

namespace vrs::test {

struct ServerPublicKeys {
  std::string server_id;
  std::string sealing_id;
  crypto::X25519PublicKey sealing{};
  crypto::Ed25519PublicKey receipt{};
};

template <std::size_t N>
std::array<std::uint8_t, N> key_from(const boost::json::value& v) {
  auto bytes = crypto::from_base64(std::string(v.as_string().c_str())).value();
  REQUIRE(bytes.size() == N);
  std::array<std::uint8_t, N> out{};
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

inline ServerPublicKeys fetch_keys(TestServer& s, const Identity& who) {
  auto r = one_request(s.port(), s.options(&who), "GET", "/v1/keys");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  auto o = boost::json::parse(r->body).as_object();
  ServerPublicKeys k;
  k.server_id = o.at("server_id").as_string().c_str();
  for (const auto& e : o.at("sealing").as_array()) {
    if (e.at("current").as_bool()) {
      k.sealing_id = e.at("key_id").as_string().c_str();
      k.sealing = key_from<32>(e.at("public_key"));
    }
  }
  for (const auto& e : o.at("receipt").as_array()) {
    if (e.at("current").as_bool()) k.receipt = key_from<32>(e.at("public_key"));
  }
  REQUIRE_FALSE(k.sealing_id.empty());
  return k;
}

/// `n` synthetic records of `state` (refs "<state>-<seed>-…").
inline std::vector<schema::Incident> records(const std::string& state, std::size_t n, std::uint64_t seed = 7) {
  schema::SyntheticOptions o;
  o.seed = seed;
  o.count = n;
  o.reporting_state = state;
  o.ref_prefix = state;
  return schema::generate_incidents(o).value();
}

inline schema::Batch batch(const std::string& member, std::vector<schema::Incident> recs) {
  return schema::Batch{crypto::random_uuid_v4(), "2026-11-23T10:00:00.000Z", member, std::move(recs)};
}

inline std::string seal(const schema::Batch& b, const crypto::SigningKey& signer, const ServerPublicKeys& k) {
  return schema::seal_envelope(schema::encode_batch(b), signer, k.sealing_id, k.sealing, k.server_id).value();
}

/// A member with its identity and the server's keys; submits over fresh connections.
struct Member {
  TestServer& s;
  Identity who;
  ServerPublicKeys keys;
  Member(TestServer& server, const std::string& id, const std::string& role = "reporter")
      : s(server), who(server.enrol(id, role)), keys(fetch_keys(server, who)) {}
  /// An identity enrolled some other way (e.g. with name_opt_in).
  Member(TestServer& server, Identity identity) : s(server), who(std::move(identity)), keys(fetch_keys(server, who)) {}

  HttpResponse post(const std::string& body) {
    auto r = one_request(s.port(), s.options(&who), "POST", "/v1/submissions", body);
    REQUIRE(r);
    return *r;
  }
  HttpResponse submit(const schema::Batch& b) { return post(seal(b, *who.signing, keys)); }
  HttpResponse get(const std::string& target) {
    auto r = one_request(s.port(), s.options(&who), "GET", target);
    REQUIRE(r);
    return *r;
  }
  std::size_t submissions() {
    auto r = get("/v1/submissions?limit=1000");
    REQUIRE(r.status == 200);
    return boost::json::parse(r.body).at("submissions").as_array().size();
  }
};

}  // namespace vrs::test
