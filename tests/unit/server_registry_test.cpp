#include <catch2/catch.hpp>

#include "vrs/certs/authority.hpp"
#include "vrs/crypto/init.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/db_key.hpp"
#include "vrs/server/store/member_store.hpp"
#include "vrs/server/store/registry.hpp"
#include "vrs/server/store/time_text.hpp"
#include "vrs/test/temp_dir.hpp"

using namespace vrs;
using namespace vrs::server;
using namespace vrs::server::store;
using namespace std::chrono_literals;

namespace {

RegistryEntry entry(const std::string& member, bool cert_active = true, bool member_active = true) {
  RegistryEntry e;
  e.peer.member_id = member;
  e.peer.state = member.substr(0, 3);
  e.peer.fingerprint = std::string(64, 'a');
  e.peer.not_after = std::chrono::system_clock::now() + 24h;
  e.not_before = std::chrono::system_clock::now() - 1h;
  e.certificate_active = cert_active;
  e.member_active = member_active;
  return e;
}

}  // namespace

TEST_CASE("authenticate returns the peer or the reason it is refused") {
  Registry registry;
  Registry::Entries entries;
  entries.emplace("ok", entry("AUS-ABF"));
  entries.emplace("revoked", entry("AUS-ABF", false));
  entries.emplace("suspended", entry("AUS-ABF", true, false));
  const auto now = std::chrono::system_clock::now();
  registry.replace(std::move(entries));
  CHECK(registry.size() == 3);
  auto ok = registry.authenticate("ok", now);
  REQUIRE(ok);
  CHECK(ok->member_id == "AUS-ABF");
  CHECK(registry.authenticate("nope", now).error() == AuthFailure::Unknown);
  CHECK(registry.authenticate("revoked", now).error() == AuthFailure::Revoked);
  CHECK(registry.authenticate("suspended", now).error() == AuthFailure::Suspended);
  CHECK(registry.authenticate("ok", now + 48h).error() == AuthFailure::Expired);
  CHECK(registry.authenticate("ok", now - 2h).error() == AuthFailure::NotYetValid);
  CHECK(to_string(AuthFailure::Unknown) == "unknown_certificate");
}

TEST_CASE("the registry loads members and certificates from the database") {
  REQUIRE(crypto::init());
  test::TempDir dir;
  auto key = db::create_key_file(dir / "k").value();
  auto database = db::Database::open(dir / "vrs.db", key, db::OpenOptions{.create = true}).value();
  auto root_key = certs::PrivateKey::generate().value();
  auto root = certs::make_root_ca(root_key, "R", certs::Validity::from_now(std::chrono::days(100))).value();
  auto issuing_key = certs::PrivateKey::generate().value();
  auto issuing = certs::make_issuing_ca(root, root_key, issuing_key, "I", certs::Validity::from_now(std::chrono::days(50))).value();
  IssuingAuthority authority(issuing, std::move(issuing_key), issuing.to_pem() + root.to_pem(), dir / "crl.pem");
  MemberStore store(database, authority);
  REQUIRE(store.publish_crl("operator"));
  auto member = certs::parse_member_id("AUS-ABF").value();
  REQUIRE(store.create_member(member, certs::Role::Reporter, false, "operator"));
  auto member_key = certs::PrivateKey::generate().value();
  IssueRequest request;
  request.csr_pem = certs::Csr::create(member_key, member).value().to_pem();
  request.signing_key.fill(7);
  auto outcome = store.issue_certificate("AUS-ABF", request, "operator");
  REQUIRE(outcome);
  REQUIRE(outcome->issued);
  const auto* issued = &*outcome->issued;

  Registry registry;
  REQUIRE(registry.reload(database));
  auto peer = registry.authenticate(issued->fingerprint, std::chrono::system_clock::now());
  REQUIRE(peer);
  CHECK(peer->member_id == "AUS-ABF");
  CHECK(peer->state == "AUS");
  CHECK(peer->role == certs::Role::Reporter);
  CHECK(peer->serial == issued->serial);

  REQUIRE(store.revoke_certificate(issued->serial, certs::RevocationReason::KeyCompromise, "operator"));
  REQUIRE(registry.reload(database));
  CHECK(registry.authenticate(issued->fingerprint, std::chrono::system_clock::now()).error() == AuthFailure::Revoked);
  auto crl = certs::Crl::from_pem(authority.crl_pem()).value();
  CHECK(crl.is_revoked(issued->serial));
}

TEST_CASE("time text parses both stored forms") {
  auto a = parse_time_text("2026-11-23T09:30:00Z");
  auto b = parse_time_text("2026-11-23T09:30:00.250Z");
  REQUIRE(a);
  REQUIRE(b);
  CHECK(*b - *a == 250ms);
  CHECK_FALSE(parse_time_text("2026-11-23 09:30:00Z"));
  CHECK_FALSE(parse_time_text("2026-13-23T09:30:00Z"));
  CHECK_FALSE(parse_time_text("2026-11-23T09:30:00"));
}
