#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "vrs/crypto/random.hpp"

using namespace vrs::crypto;

TEST_CASE("random_vector gives the requested size and differs between calls") {
  const auto a = random_vector(32);
  const auto b = random_vector(32);
  CHECK(a.size() == 32);
  CHECK(a != b);
  CHECK(random_vector(0).empty());
}

TEST_CASE("random_secret lives in secure memory of the requested size") {
  auto secret = random_secret(32);
  REQUIRE(secret.has_value());
  CHECK(secret->size() == 32);
  auto other = random_secret(32);
  REQUIRE(other.has_value());
  CHECK(std::vector<std::uint8_t>(secret->view().begin(), secret->view().end()) !=
        std::vector<std::uint8_t>(other->view().begin(), other->view().end()));
}

TEST_CASE("random_uuid_v4 has the RFC 4122 version-4 form and does not repeat") {
  const std::regex form("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const auto id = random_uuid_v4();
    CHECK(std::regex_match(id, form));
    seen.insert(id);
  }
  CHECK(seen.size() == 200);
}
