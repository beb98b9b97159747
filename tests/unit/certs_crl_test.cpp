#include <catch2/catch.hpp>

#include <algorithm>

#include "vrs/certs/authority.hpp"
#include "vrs/certs/crl.hpp"

using namespace vrs::certs;

namespace {
struct Ca {
  PrivateKey key = PrivateKey::generate().value();
  Certificate cert = make_root_ca(key, "VRS Test CA", Validity::from_now(std::chrono::days(365))).value();
};
}  // namespace

TEST_CASE("a CRL lists revoked serials, survives PEM and verifies under its issuer only") {
  Ca ca;
  Ca other;
  const auto now = std::chrono::system_clock::now();
  auto crl = Crl::build(ca.cert, ca.key,
                        {{"1a2b3c", now, RevocationReason::KeyCompromise}, {"ff00", now, RevocationReason::Superseded}}, 7)
                 .value();
  CHECK(crl.size() == 2);
  auto parsed = Crl::from_pem(crl.to_pem()).value();
  CHECK(parsed.is_revoked("1a2b3c"));
  CHECK(parsed.is_revoked("FF00"));
  CHECK_FALSE(parsed.is_revoked("1a2b3d"));
  CHECK_FALSE(parsed.is_revoked("not-hex"));
  CHECK(parsed.verify(ca.cert));
  CHECK_FALSE(parsed.verify(other.cert));
}

TEST_CASE("CRL entries list serials without leading zeros, dates and reasons") {
  Ca ca;
  const auto when = std::chrono::system_clock::from_time_t(1'790'000'000);
  auto crl = Crl::build(ca.cert, ca.key,
                        {{"00ab", when, RevocationReason::AffiliationChanged}, {"1F", when, RevocationReason::Unspecified}}, 3)
                 .value();
  auto entries = Crl::from_pem(crl.to_pem()).value().entries();
  REQUIRE(entries.size() == 2);
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.serial_hex < b.serial_hex; });
  CHECK(entries[0].serial_hex == "1f");
  CHECK(entries[0].reason == RevocationReason::Unspecified);
  CHECK(entries[1].serial_hex == "ab");
  CHECK(entries[1].reason == RevocationReason::AffiliationChanged);
  CHECK(entries[1].revoked_at == when);
  CHECK(Crl::build(ca.cert, ca.key, {}, 1).value().entries().empty());
}

TEST_CASE("an empty CRL is valid") {
  Ca ca;
  auto crl = Crl::build(ca.cert, ca.key, {}, 1).value();
  CHECK(crl.size() == 0);
  CHECK(crl.verify(ca.cert));
}

TEST_CASE("CRL building refuses bad serials and a foreign key, and parsing refuses garbage") {
  Ca ca;
  Ca other;
  const auto now = std::chrono::system_clock::now();
  CHECK(Crl::build(ca.cert, ca.key, {{"xyz", now, RevocationReason::Unspecified}}, 1).error().message() ==
        "serial \"xyz\" is not hexadecimal");
  CHECK_FALSE(Crl::build(ca.cert, other.key, {}, 1).has_value());
  CHECK(Crl::from_pem("-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n").error().code() ==
        vrs::ErrorCode::InvalidArgument);
}

TEST_CASE("revocation reasons parse from their names") {
  CHECK(parse_revocation_reason("key_compromise").value() == RevocationReason::KeyCompromise);
  CHECK(parse_revocation_reason("cessation_of_operation").value() == RevocationReason::CessationOfOperation);
  CHECK_FALSE(parse_revocation_reason("lost").has_value());
}
