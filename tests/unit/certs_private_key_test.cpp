#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "vrs/certs/private_key.hpp"
#include "vrs/test/temp_dir.hpp"

using namespace vrs::certs;

TEST_CASE("private keys are saved 0600 and load back as the same key") {
  vrs::test::TempDir dir;
  auto type = GENERATE(KeyType::EcdsaP256, KeyType::Ed25519);
  auto key = PrivateKey::generate(type).value();
  REQUIRE(key.save(dir / "tls.key").has_value());
  struct stat st {};
  REQUIRE(::stat((dir / "tls.key").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  auto loaded = PrivateKey::load(dir / "tls.key").value();
  CHECK(loaded.type() == type);
  CHECK(loaded.public_key_der().value() == key.public_key_der().value());
  CHECK(key.save(dir / "tls.key").error().code() == vrs::ErrorCode::AlreadyExists);
}

TEST_CASE("a private key file readable by others, or not a key, is refused") {
  vrs::test::TempDir dir;
  auto key = PrivateKey::generate().value();
  REQUIRE(key.save(dir / "k.pem").has_value());
  ::chmod((dir / "k.pem").c_str(), 0644);
  CHECK(PrivateKey::load(dir / "k.pem").error().code() == vrs::ErrorCode::FailedPrecondition);
  vrs::test::write_file(dir / "junk.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
  CHECK(PrivateKey::load(dir / "junk.pem").error().code() == vrs::ErrorCode::InvalidArgument);
}
