// vrs-client enroll / install: keys, enrol-request.json, bundle checks (PKI built in the test).
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>
#include <sstream>
#include <vector>

#include <boost/json.hpp>

#include "vrs/certs/authority.hpp"
#include "vrs/client/commands/enroll_command.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/key_file.hpp"
#include "vrs/crypto/sign.hpp"
#include "vrs/schema/api/enrol_proof.hpp"
#include "vrs/test/file_checks.hpp"
#include "vrs/test/temp_dir.hpp"

using namespace vrs::client;
using namespace vrs::client::commands;
using namespace vrs::client::net;
using namespace vrs::certs;
using vrs::ErrorCode;

namespace {

using vrs::test::mode_of;

struct Pki {
  PrivateKey root_key = PrivateKey::generate().value();
  Certificate root = make_root_ca(root_key, "VRS Root CA", Validity::from_now(std::chrono::days(3650))).value();
  PrivateKey issuing_key = PrivateKey::generate().value();
  Certificate issuing =
      make_issuing_ca(root, root_key, issuing_key, "VRS Issuing CA", Validity::from_now(std::chrono::days(1825))).value();

  [[nodiscard]] std::string chain_pem() const { return issuing.to_pem() + root.to_pem(); }

  // What the server's POST /v1/admin/members/{id}/certificates answers for `request`.
  [[nodiscard]] CertificateBundle sign(const EnrolRequest& request, Role role = Role::Reporter,
                                       std::optional<std::string> member = std::nullopt) const {
    auto csr = Csr::from_pem(request.csr).value();
    const Identity who{parse_member_id(member.value_or(request.member_id)).value(), role};
    auto cert = sign_member_csr(issuing, issuing_key, csr, who, Validity::from_now(kDefaultLeafValidity)).value();
    return CertificateBundle{who.member.str(), std::string(to_string(role)), cert.serial_hex(), cert.fingerprint_sha256(),
                             format_time(cert.not_after()), cert.to_pem(), chain_pem()};
  }
};

EnrollOptions options_for(const std::filesystem::path& home, const std::string& member = "AUS-ABF") {
  return EnrollOptions{home, member, "https://vrs.example.org:8443", KeyType::EcdsaP256, false};
}

void write_bundle(const std::filesystem::path& path, const CertificateBundle& bundle) {
  vrs::test::write_file(path, to_json(bundle), 0644);
}

}  // namespace

TEST_CASE("enroll makes the keys 0600, client.toml and a request with only public parts") {
  vrs::test::TempDir dir;
  const auto home = dir / "p";
  auto outcome = enroll(options_for(home));
  REQUIRE(outcome);
  CHECK(mode_of(home) == 0700);
  CHECK(mode_of(home / "tls.key") == 0600);
  CHECK(mode_of(home / "signing.key") == 0600);
  CHECK(mode_of(home / "client.toml") == 0600);
  CHECK(outcome->request_path == home / "enrol-request.json");
  CHECK(outcome->tls_key_sha256.size() == 64);

  // The request on disk is exactly the three public fields.
  const auto text = vrs::test::read_text_file(home / "enrol-request.json");
  const auto object = boost::json::parse(text).as_object();
  CHECK(object.size() == 3);
  CHECK(object.at("member_id").as_string() == "AUS-ABF");
  CHECK(text.find("PRIVATE KEY") == std::string::npos);
  auto request = parse_enrol_request(text);
  REQUIRE(request);
  CHECK(*request == outcome->request);
  CHECK(Csr::from_pem(request->csr).value().common_name() == "AUS-ABF");

  // signing.key is the 32-byte seed of the public key in the request.
  auto seed = vrs::crypto::read_secret_file(home / "signing.key", 64).value();
  REQUIRE(seed.size() == 32);
  auto key = vrs::crypto::SigningKey::from_seed(seed.view()).value();
  CHECK(vrs::crypto::to_base64(key.public_key()) == request->signing_key);

  auto profile = Profile::open(home);
  REQUIRE(profile);
  CHECK(profile->config()->member == "AUS-ABF");
  CHECK(profile->config()->server == "https://vrs.example.org:8443");
}

TEST_CASE("enroll with an Ed25519 TLS key") {
  vrs::test::TempDir dir;
  auto options = options_for(dir / "p");
  options.key_type = KeyType::Ed25519;
  auto outcome = enroll(options);
  REQUIRE(outcome);
  CHECK(PrivateKey::load(dir / "p" / "tls.key").value().type() == KeyType::Ed25519);
}

TEST_CASE("enroll never overwrites existing keys") {
  vrs::test::TempDir dir;
  const auto home = dir / "p";
  REQUIRE(enroll(options_for(home)));
  const auto tls_before = vrs::test::read_file_bytes(home / "tls.key");
  const auto request_before = vrs::test::read_text_file(home / "enrol-request.json");
  auto again = enroll(options_for(home, "NZL-INZ"));
  REQUIRE_FALSE(again);
  CHECK(again.error().code() == ErrorCode::AlreadyExists);
  CHECK(again.error().message().find("tls.key") != std::string::npos);
  CHECK(vrs::test::read_file_bytes(home / "tls.key") == tls_before);
  CHECK(vrs::test::read_text_file(home / "enrol-request.json") == request_before);

  // A leftover signing.key alone also stops it, and the TLS key is not made.
  const auto other = dir / "q";
  std::filesystem::create_directory(other);
  ::chmod(other.c_str(), 0700);
  vrs::test::write_file(other / "signing.key", std::string(32, 'k'), 0600);
  auto partial = enroll(options_for(other));
  REQUIRE_FALSE(partial);
  CHECK(partial.error().message().find("signing.key") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(other / "tls.key"));
}

TEST_CASE("enroll checks the member id and server URL before writing anything") {
  vrs::test::TempDir dir;
  auto bad_member = enroll(options_for(dir / "p", "aus-abf"));
  REQUIRE_FALSE(bad_member);
  CHECK(bad_member.error().message().find("--member") != std::string::npos);
  auto options = options_for(dir / "p");
  options.server = "http://vrs.example.org";
  auto bad_server = enroll(options);
  REQUIRE_FALSE(bad_server);
  CHECK(bad_server.error().message().find("only https") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "p"));
}

TEST_CASE("enrol requests are checked field by field") {
  vrs::test::TempDir dir;
  auto outcome = enroll(options_for(dir / "p")).value();
  const auto& good = outcome.request;
  const auto with = [&](const char* field, boost::json::value value) {
    auto object = boost::json::parse(to_json(good)).as_object();
    object[field] = std::move(value);
    return boost::json::serialize(object);
  };
  const std::string short_key = vrs::crypto::to_base64(vrs::crypto::Bytes(31, 1));
  auto [text, expected] = GENERATE_COPY(table<std::string, std::string>({
      {std::string("{not json"), "not valid JSON"},
      {std::string("[]"), "expected a JSON object"},
      {with("extra", "x"), "unknown field \"extra\""},
      {with("member_id", "AUS"), "member_id"},
      {with("member_id", "NZL-INZ"), "the CSR is for \"AUS-ABF\""},
      {with("csr", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"), "csr"},
      {with("signing_key", short_key.c_str()), "32-byte Ed25519"},
      {with("signing_key", "!!!"), "signing_key"},
      {with("signing_key", 5), "must be a string"},
      {with("proof", "AAAA"), "proof"},
      {with("proof", 7), "must be a string"},
  }));
  auto parsed = parse_enrol_request(text);
  REQUIRE_FALSE(parsed);
  INFO(parsed.error().message());
  CHECK(parsed.error().code() == ErrorCode::InvalidArgument);
  CHECK(parsed.error().message().find(expected) != std::string::npos);
}

TEST_CASE("install checks a good bundle and writes member.crt and ca-chain.pem") {
  vrs::test::TempDir dir;
  Pki pki;
  const auto home = dir / "p";
  auto outcome = enroll(options_for(home)).value();
  const auto bundle = pki.sign(outcome.request);
  write_bundle(dir / "bundle.json", bundle);

  auto installed = install(home, dir / "bundle.json", pki.root.fingerprint_sha256());
  REQUIRE(installed);
  CHECK(installed->identity.member.str() == "AUS-ABF");
  CHECK(installed->identity.role == Role::Reporter);
  CHECK(installed->serial == bundle.serial);
  CHECK(mode_of(home / "member.crt") == 0644);
  CHECK(Certificate::load(home / "member.crt").value().fingerprint_sha256() == bundle.fingerprint_sha256);
  const auto chain = Certificate::load_bundle(vrs::test::read_text_file(home / "ca-chain.pem")).value();
  REQUIRE(chain.size() == 2);
  CHECK(chain[1].fingerprint_sha256() == pki.root.fingerprint_sha256());
  CHECK(Profile::open(home).value().require_installed());

  // A renewal from the same CA replaces the certificate.
  const auto renewal = pki.sign(outcome.request);
  write_bundle(dir / "renewal.json", renewal);
  REQUIRE(install(home, dir / "renewal.json", std::nullopt));
  CHECK(Certificate::load(home / "member.crt").value().serial_hex() == renewal.serial);
}

TEST_CASE("install refuses a certificate for another key") {
  vrs::test::TempDir dir;
  Pki pki;
  auto mine = enroll(options_for(dir / "p")).value();
  auto theirs = enroll(options_for(dir / "q")).value();
  (void)mine;
  write_bundle(dir / "bundle.json", pki.sign(theirs.request));
  auto installed = install(dir / "p", dir / "bundle.json", pki.root.fingerprint_sha256());
  REQUIRE_FALSE(installed);
  CHECK(installed.error().code() == ErrorCode::FailedPrecondition);
  CHECK(installed.error().message().find("not for this profile's key (tls.key)") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "p" / "member.crt"));
}

TEST_CASE("install refuses a certificate for another member") {
  vrs::test::TempDir dir;
  Pki pki;
  auto outcome = enroll(options_for(dir / "p")).value();
  write_bundle(dir / "bundle.json", pki.sign(outcome.request, Role::Reporter, "NZL-INZ"));
  auto installed = install(dir / "p", dir / "bundle.json", pki.root.fingerprint_sha256());
  REQUIRE_FALSE(installed);
  CHECK(installed.error().message().find("for member NZL-INZ, but this profile is AUS-ABF") != std::string::npos);
}

TEST_CASE("install refuses a certificate that does not chain to the bundle's CA") {
  vrs::test::TempDir dir;
  Pki pki;
  Pki other;
  auto outcome = enroll(options_for(dir / "p")).value();
  auto bundle = pki.sign(outcome.request);
  bundle.ca_chain = other.chain_pem();
  write_bundle(dir / "bundle.json", bundle);
  auto installed = install(dir / "p", dir / "bundle.json", pki.root.fingerprint_sha256());
  REQUIRE_FALSE(installed);
  CHECK(installed.error().message().find("does not chain to its ca_chain") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "p" / "ca-chain.pem"));
}

TEST_CASE("install refuses bundles whose fields disagree with the certificate or lack a root") {
  vrs::test::TempDir dir;
  Pki pki;
  auto outcome = enroll(options_for(dir / "p")).value();
  const auto good = pki.sign(outcome.request);
  auto key = PrivateKey::load(dir / "p" / "tls.key").value();
  const auto member = parse_member_id("AUS-ABF").value();

  auto role = good;
  role.role = "admin";
  CHECK(check_bundle(role, key, member).error().message().find("role \"admin\"") != std::string::npos);
  auto serial = good;
  serial.serial = "abc";
  CHECK(check_bundle(serial, key, member).error().message().find("serial abc") != std::string::npos);
  auto fingerprint = good;
  fingerprint.fingerprint_sha256 = std::string(64, '0');
  CHECK(check_bundle(fingerprint, key, member).error().message().find("fingerprint_sha256") != std::string::npos);
  auto no_root = good;
  no_root.ca_chain = pki.issuing.to_pem();
  CHECK(check_bundle(no_root, key, member).error().message().find("self-signed root") != std::string::npos);
  auto leaf_in_chain = good;
  leaf_in_chain.ca_chain = good.certificate + pki.chain_pem();
  CHECK(check_bundle(leaf_in_chain, key, member).error().message().find("not a CA") != std::string::npos);
  auto garbage_cert = good;
  garbage_cert.certificate = "hello";
  CHECK(check_bundle(garbage_cert, key, member).error().message().find("bundle: certificate") != std::string::npos);
  CHECK(check_bundle(good, key, member));
}

TEST_CASE("install names the file for garbage and incomplete bundles") {
  vrs::test::TempDir dir;
  REQUIRE(enroll(options_for(dir / "p")));
  vrs::test::write_file(dir / "garbage.json", "this is not json", 0644);
  auto garbage = install(dir / "p", dir / "garbage.json", std::nullopt);
  REQUIRE_FALSE(garbage);
  CHECK(garbage.error().message().find((dir / "garbage.json").string()) != std::string::npos);
  CHECK(garbage.error().message().find("not valid JSON") != std::string::npos);

  vrs::test::write_file(dir / "partial.json", R"({"member_id":"AUS-ABF","role":"reporter"})", 0644);
  auto partial = install(dir / "p", dir / "partial.json", std::nullopt);
  REQUIRE_FALSE(partial);
  CHECK(partial.error().message().find("field \"serial\" is missing") != std::string::npos);

  auto missing = install(dir / "p", dir / "none.json", std::nullopt);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code() == ErrorCode::NotFound);
}

TEST_CASE("install refuses a bundle from another root than the pinned one") {
  vrs::test::TempDir dir;
  Pki pki;
  Pki other;
  auto outcome = enroll(options_for(dir / "p")).value();
  write_bundle(dir / "first.json", pki.sign(outcome.request));
  REQUIRE(install(dir / "p", dir / "first.json", pki.root.fingerprint_sha256()));
  const auto pinned = vrs::test::read_text_file(dir / "p" / "ca-chain.pem");
  write_bundle(dir / "second.json", other.sign(outcome.request));
  auto second = install(dir / "p", dir / "second.json", std::nullopt);
  REQUIRE_FALSE(second);
  CHECK(second.error().message().find("differs from the one pinned") != std::string::npos);
  CHECK(vrs::test::read_text_file(dir / "p" / "ca-chain.pem") == pinned);
}

TEST_CASE("run_enroll and run_install print what to do next and one error line on failure") {
  vrs::test::TempDir dir;
  Pki pki;
  std::ostringstream out;
  std::ostringstream err;
  REQUIRE(run_enroll(options_for(dir / "p"), out, err) == 0);
  CHECK(err.str().empty());
  CHECK(out.str().find("enrol-request.json") != std::string::npos);
  CHECK(out.str().find("vrs-client install --home") != std::string::npos);
  CHECK(out.str().find("PRIVATE") == std::string::npos);

  std::ostringstream out2;
  std::ostringstream err2;
  CHECK(run_enroll(options_for(dir / "p"), out2, err2) == 1);
  CHECK(err2.str().rfind("vrs-client: enroll: ", 0) == 0);
  const std::string line = err2.str();
  CHECK(std::count(line.begin(), line.end(), '\n') == 1);

  auto request = parse_enrol_request(vrs::test::read_text_file(dir / "p" / "enrol-request.json")).value();
  write_bundle(dir / "bundle.json", pki.sign(request, Role::Admin));
  std::ostringstream out3;
  std::ostringstream err3;
  CHECK(run_install(dir / "p", dir / "bundle.json", pki.root.fingerprint_sha256(), nullptr, out3, err3) == 0);
  CHECK(out3.str().find("(role admin)") != std::string::npos);
}

// A profile enrolled in dir/p with a bundle.json from `pki` waiting to be installed.
struct Enrolled {
  vrs::test::TempDir dir;
  Pki pki;
  std::filesystem::path home = dir / "p";
  EnrollOutcome outcome = enroll(options_for(home)).value();
  std::filesystem::path bundle = dir / "bundle.json";
  Enrolled() { write_bundle(bundle, pki.sign(outcome.request)); }
};

TEST_CASE("the first install pins the root CA only with its fingerprint confirmed") {
  Enrolled e;
  auto& dir = e.dir;
  const auto& pki = e.pki;
  const auto& home = e.home;
  const std::string root = pki.root.fingerprint_sha256();
  CHECK(bundle_root_fingerprint(dir / "bundle.json").value() == root);

  // No fingerprint: refused, naming the one to check, and nothing written.
  auto unconfirmed = install(home, dir / "bundle.json", std::nullopt);
  REQUIRE_FALSE(unconfirmed);
  CHECK(unconfirmed.error().code() == ErrorCode::FailedPrecondition);
  CHECK(unconfirmed.error().message().find("--ca-fingerprint " + root) != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(home / "ca-chain.pem"));
  CHECK_FALSE(std::filesystem::exists(home / "member.crt"));

  // Another fingerprint: refused.
  std::string wrong = root;
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  auto mismatch = install(home, dir / "bundle.json", wrong);
  REQUIRE_FALSE(mismatch);
  CHECK(mismatch.error().message().find("is not the root CA of") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(home / "ca-chain.pem"));

  // Not a fingerprint at all: refused naming the option.
  for (const auto& bad : std::vector<std::string>{"", "abc", std::string(64, 'g'), root + "00", "sha256:" + root}) {
    INFO(bad);
    auto refused = install(home, dir / "bundle.json", bad);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code() == ErrorCode::InvalidArgument);
    CHECK(refused.error().message().rfind("--ca-fingerprint: ", 0) == 0);
  }

  // The form openssl prints (upper case, colons) is the same fingerprint.
  std::string colons;
  for (std::size_t i = 0; i < root.size(); i += 2) {
    if (!colons.empty()) colons += ':';
    colons += static_cast<char>(std::toupper(static_cast<unsigned char>(root[i])));
    colons += static_cast<char>(std::toupper(static_cast<unsigned char>(root[i + 1])));
  }
  REQUIRE(install(home, dir / "bundle.json", colons));
  CHECK(std::filesystem::exists(home / "ca-chain.pem"));
}

TEST_CASE("a pinned CA file that cannot be read is an error and is never replaced") {
  Enrolled e;
  auto& dir = e.dir;
  const auto& pki = e.pki;
  const auto& home = e.home;
  const auto& outcome = e.outcome;
  REQUIRE(install(home, dir / "bundle.json", pki.root.fingerprint_sha256()));
  vrs::test::write_file(home / "ca-chain.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
  write_bundle(dir / "renewal.json", pki.sign(outcome.request));
  auto broken = install(home, dir / "renewal.json", pki.root.fingerprint_sha256());
  REQUIRE_FALSE(broken);
  CHECK(broken.error().message().find("cannot be read") != std::string::npos);
  CHECK(vrs::test::read_text_file(home / "ca-chain.pem") ==
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
}

TEST_CASE("run_install at a terminal shows the root's fingerprint and pins it only after yes") {
  Enrolled e;
  auto& dir = e.dir;
  const auto& pki = e.pki;
  const auto& home = e.home;
  std::istringstream no("no\n");
  std::ostringstream out, err;
  CHECK(run_install(home, dir / "bundle.json", std::nullopt, &no, out, err) == 1);
  CHECK(out.str().find(pki.root.fingerprint_sha256()) != std::string::npos);
  CHECK(err.str().find("not confirmed") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(home / "ca-chain.pem"));
  std::istringstream yes("yes\n");
  std::ostringstream out2, err2;
  CHECK(run_install(home, dir / "bundle.json", std::nullopt, &yes, out2, err2) == 0);
  CHECK(std::filesystem::exists(home / "ca-chain.pem"));
}

TEST_CASE("enroll --renew signs a request for a new TLS key with the current signing key and install moves the key in") {
  Enrolled e;
  REQUIRE(install(e.home, e.bundle, e.pki.root.fingerprint_sha256()));
  const auto old_key = vrs::test::read_text_file(e.home / "tls.key");
  const auto signing = Profile::open(e.home).value().signing_key().value();

  auto renewal = renew(e.home, KeyType::EcdsaP256);
  REQUIRE(renewal);
  CHECK(mode_of(e.home / "tls.key.next") == 0600);
  CHECK(vrs::test::read_text_file(e.home / "tls.key") == old_key);  // in use until the bundle is installed
  // The request keeps the signing key and carries a proof the server checks with it.
  CHECK(renewal->request.signing_key == vrs::crypto::to_base64(signing.public_key()));
  REQUIRE(renewal->request.proof);
  auto reparsed = parse_enrol_request(vrs::test::read_text_file(e.home / "enrol-request.json"));
  REQUIRE(reparsed);
  CHECK(*reparsed == renewal->request);
  const auto proof = vrs::schema::api::parse_enrol_proof(*renewal->request.proof).value();
  const auto message = vrs::schema::api::enrol_proof_message("AUS-ABF", renewal->request.csr, renewal->request.signing_key);
  CHECK(vrs::crypto::verify_signature(signing.public_key(), vrs::crypto::as_bytes(message), proof));
  CHECK_FALSE(vrs::crypto::verify_signature(signing.public_key(), vrs::crypto::as_bytes(message + "x"), proof));

  // A second renewal while one waits is refused and changes nothing.
  auto twice = renew(e.home, KeyType::EcdsaP256);
  REQUIRE_FALSE(twice);
  CHECK(twice.error().code() == ErrorCode::AlreadyExists);
  CHECK(*parse_enrol_request(vrs::test::read_text_file(e.home / "enrol-request.json")) == renewal->request);

  // The renewal's bundle installs on the new key, which replaces the old one.
  const auto bundle = e.pki.sign(renewal->request);
  write_bundle(e.dir / "renewal.json", bundle);
  REQUIRE(install(e.home, e.dir / "renewal.json", std::nullopt));
  CHECK_FALSE(std::filesystem::exists(e.home / "tls.key.next"));
  CHECK(vrs::test::read_text_file(e.home / "tls.key") != old_key);
  CHECK(mode_of(e.home / "tls.key") == 0600);
  CHECK(Certificate::load(e.home / "member.crt").value().serial_hex() == bundle.serial);
  // Installing it again (a crash after the key moved) still matches.
  REQUIRE(install(e.home, e.dir / "renewal.json", std::nullopt));
}

TEST_CASE("enroll --renew needs an installed profile") {
  vrs::test::TempDir dir;
  REQUIRE(enroll(options_for(dir / "p")));
  auto r = renew(dir / "p", KeyType::EcdsaP256);
  REQUIRE_FALSE(r);
  CHECK(r.error().message().find("install") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "p" / "tls.key.next"));
  auto none = renew(dir / "nowhere", KeyType::EcdsaP256);
  CHECK_FALSE(none);
}
