// vrs::db key handling: key files (format, 0600 rule), KDF sidecar, passphrases.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "vrs/crypto/encoding.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/db_key.hpp"
#include "vrs/test/temp_dir.hpp"

using vrs::ErrorCode;
using vrs::crypto::as_bytes;
namespace fs = std::filesystem;
namespace db = vrs::db;

namespace {

unsigned file_mode(const fs::path& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

std::string file_text(const fs::path& path) {
  const auto bytes = vrs::test::read_file_bytes(path);
  return {bytes.begin(), bytes.end()};
}

const std::string kHex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

// Writes `text` to a pipe and returns the read end (the write end is closed).
int pipe_with(const std::string& text) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  REQUIRE(::write(fds[1], text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  ::close(fds[1]);
  return fds[0];
}

}  // namespace

TEST_CASE("key file: create writes 64 hex + newline with mode 0600 despite the umask", "[db][key]") {
  vrs::test::TempDir dir;
  const auto path = dir / "db.key";
  const mode_t old_umask = ::umask(0);
  auto key = db::create_key_file(path);
  ::umask(old_umask);
  REQUIRE(key);
  CHECK(key->size() == 32);
  CHECK(file_mode(path) == 0600);
  const std::string text = file_text(path);
  REQUIRE(text.size() == 65);
  CHECK(text.back() == '\n');
  CHECK(text.substr(0, 64) == vrs::crypto::to_hex(key->view()));
  auto again = db::read_key_file(path);
  REQUIRE(again);
  CHECK(std::equal(again->view().begin(), again->view().end(), key->view().begin(), key->view().end()));
}

TEST_CASE("key file: two created keys differ", "[db][key]") {
  vrs::test::TempDir dir;
  auto a = db::create_key_file(dir / "a.key");
  auto b = db::create_key_file(dir / "b.key");
  REQUIRE(a);
  REQUIRE(b);
  CHECK_FALSE(std::equal(a->view().begin(), a->view().end(), b->view().begin(), b->view().end()));
}

TEST_CASE("key file: create never overwrites", "[db][key]") {
  vrs::test::TempDir dir;
  const auto path = dir / "db.key";
  vrs::test::write_file(path, kHex + "\n");
  auto key = db::create_key_file(path);
  REQUIRE_FALSE(key);
  CHECK(key.error().code() == ErrorCode::AlreadyExists);
  CHECK(file_text(path) == kHex + "\n");
}

TEST_CASE("key file: group- or world-readable files are refused naming path, mode and the fix", "[db][key]") {
  const unsigned mode = GENERATE(0644u, 0640u, 0604u, 0660u, 0700u | 0004u);
  vrs::test::TempDir dir;
  const auto path = dir / "db.key";
  vrs::test::write_file(path, kHex + "\n", mode);
  auto key = db::read_key_file(path);
  REQUIRE_FALSE(key);
  CHECK(key.error().code() == ErrorCode::FailedPrecondition);
  char mode_text[8];
  std::snprintf(mode_text, sizeof mode_text, "%04o", mode);
  CHECK(key.error().message() == "key file " + path.string() + " has mode " + mode_text +
                                     " (readable by group or others); run: chmod 600 " + path.string());
}

TEST_CASE("key file: a missing file is NotFound", "[db][key]") {
  vrs::test::TempDir dir;
  auto key = db::read_key_file(dir / "none.key");
  REQUIRE_FALSE(key);
  CHECK(key.error().code() == ErrorCode::NotFound);
  CHECK(key.error().message() == "key file " + (dir / "none.key").string() + " does not exist");
}

TEST_CASE("key file: a symbolic link is refused", "[db][key]") {
  vrs::test::TempDir dir;
  vrs::test::write_file(dir / "real.key", kHex + "\n");
  fs::create_symlink(dir / "real.key", dir / "link.key");
  auto key = db::read_key_file(dir / "link.key");
  REQUIRE_FALSE(key);
  CHECK(key.error().code() == ErrorCode::InvalidArgument);
}

TEST_CASE("key file: valid contents parse to 32 bytes", "[db][key]") {
  const std::string content = GENERATE(as<std::string>{}, kHex, kHex + "\n");
  auto key = db::parse_key_file(as_bytes(content), "test");
  REQUIRE(key);
  CHECK(vrs::crypto::to_hex(key->view()) == kHex);
}

TEST_CASE("key file: malformed contents are refused without quoting them", "[db][key]") {
  const std::string content = GENERATE(std::string(""), std::string("\n"),
                                       kHex.substr(0, 63),                       // too short
                                       kHex.substr(0, 63) + "\n",                // short + newline
                                       kHex + "0",                               // 65 hex
                                       kHex + "\n\n",                            // two newlines
                                       kHex + "\r\n",                            // CRLF
                                       "X" + kHex.substr(1),                     // not hex
                                       "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF",  // upper
                                       " " + kHex.substr(1));                    // leading space
  auto key = db::parse_key_file(as_bytes(content), "key file K");
  REQUIRE_FALSE(key);
  CHECK(key.error().code() == ErrorCode::InvalidArgument);
  CHECK(key.error().message() ==
        "key file K: expected 64 lower-case hex characters (a 32-byte key) and an optional newline");
}

TEST_CASE("key file: an oversized file is refused", "[db][key]") {
  vrs::test::TempDir dir;
  vrs::test::write_file(dir / "big.key", kHex + kHex);
  auto key = db::read_key_file(dir / "big.key");
  REQUIRE_FALSE(key);
  CHECK(key.error().code() == ErrorCode::InvalidArgument);
}

TEST_CASE("kdf file: written once with minimum test parameters, read back equal", "[db][key]") {
  vrs::test::TempDir dir;
  const auto db_path = dir / "store.db";
  CHECK(db::kdf_params_path(db_path) == dir / "store.db.kdf");
  auto written = db::create_kdf_params_file(db_path, db::KdfCost::MinimumForTests);
  REQUIRE(written);
  const auto minimum = vrs::crypto::KdfParams::generate_minimum_for_tests();
  CHECK(written->opslimit == minimum.opslimit);
  CHECK(written->memlimit == minimum.memlimit);
  CHECK(file_mode(db::kdf_params_path(db_path)) == 0600);
  auto read = db::read_kdf_params_file(db_path);
  REQUIRE(read);
  CHECK(read->encode() == written->encode());
  auto again = db::create_kdf_params_file(db_path, db::KdfCost::MinimumForTests);
  REQUIRE_FALSE(again);
  CHECK(again.error().code() == ErrorCode::AlreadyExists);
  CHECK(db::read_kdf_params_file(db_path)->encode() == written->encode());
}

TEST_CASE("kdf file: default cost is libsodium MODERATE", "[db][key]") {
  vrs::test::TempDir dir;
  auto written = db::create_kdf_params_file(dir / "store.db", db::KdfCost::Moderate);
  REQUIRE(written);
  const auto moderate = vrs::crypto::KdfParams::generate_moderate();
  CHECK(written->opslimit == moderate.opslimit);
  CHECK(written->memlimit == moderate.memlimit);
}

TEST_CASE("kdf file: missing or malformed", "[db][key]") {
  vrs::test::TempDir dir;
  auto missing = db::read_kdf_params_file(dir / "store.db");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code() == ErrorCode::NotFound);
  CHECK(missing.error().message() == "KDF parameter file " + (dir / "store.db.kdf").string() +
                                         " does not exist (was the database created with a passphrase?)");
  vrs::test::write_file(dir / "store.db.kdf", "scrypt$whatever\n");
  auto bad = db::read_kdf_params_file(dir / "store.db");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code() == ErrorCode::InvalidArgument);
}

TEST_CASE("passphrase: the derived key opens the database, another passphrase does not", "[db][key]") {
  vrs::test::TempDir dir;
  const auto db_path = dir / "store.db";
  auto params = db::create_kdf_params_file(db_path, db::KdfCost::MinimumForTests);
  REQUIRE(params);
  auto key = db::derive_database_key(as_bytes("correct horse battery staple"), *params);
  REQUIRE(key);
  CHECK(key->size() == 32);
  { REQUIRE(db::Database::open(db_path, *key, db::OpenOptions{.create = true})); }

  auto reread = db::read_kdf_params_file(db_path);
  REQUIRE(reread);
  auto same = db::derive_database_key(as_bytes("correct horse battery staple"), *reread);
  REQUIRE(same);
  CHECK(db::Database::open(db_path, *same));

  auto other = db::derive_database_key(as_bytes("correct horse battery stapler"), *reread);
  REQUIRE(other);
  const auto before = vrs::test::read_file_bytes(db_path);
  auto refused = db::Database::open(db_path, *other);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message() == "cannot open " + db_path.string() + ": wrong key or not a VRS database");
  CHECK(vrs::test::read_file_bytes(db_path) == before);
}

TEST_CASE("passphrase: a different salt gives a different key", "[db][key]") {
  const auto a = vrs::crypto::KdfParams::generate_minimum_for_tests();
  const auto b = vrs::crypto::KdfParams::generate_minimum_for_tests();
  auto ka = db::derive_database_key(as_bytes("pass"), a);
  auto kb = db::derive_database_key(as_bytes("pass"), b);
  REQUIRE(ka);
  REQUIRE(kb);
  CHECK_FALSE(std::equal(ka->view().begin(), ka->view().end(), kb->view().begin(), kb->view().end()));
}

TEST_CASE("passphrase: read from a file descriptor, trailing newline removed", "[db][key]") {
  const auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"secret", "secret"},
      {"secret\n", "secret"},
      {"secret\r\n", "secret"},
      {"two words\n", "two words"},
      {"keeps inner\nnewline\n", "keeps inner\nnewline"},
  }));
  const int fd = pipe_with(input);
  auto pass = db::read_passphrase_fd(fd);
  ::close(fd);
  REQUIRE(pass);
  CHECK(std::string(reinterpret_cast<const char*>(pass->data()), pass->size()) == expected);
}

TEST_CASE("passphrase: empty or over-long input is refused", "[db][key]") {
  const std::string input = GENERATE(std::string(""), std::string("\n"), std::string(db::kMaxPassphraseSize + 1, 'a'));
  const int fd = pipe_with(input);
  auto pass = db::read_passphrase_fd(fd);
  ::close(fd);
  REQUIRE_FALSE(pass);
  CHECK(pass.error().code() == ErrorCode::InvalidArgument);
}

TEST_CASE("passphrase: the longest accepted passphrase", "[db][key]") {
  const int fd = pipe_with(std::string(db::kMaxPassphraseSize, 'a') + "\r\n");
  auto pass = db::read_passphrase_fd(fd);
  ::close(fd);
  REQUIRE(pass);
  CHECK(pass->size() == db::kMaxPassphraseSize);
}

TEST_CASE("passphrase: taken from the environment and removed from it", "[db][key]") {
  REQUIRE(::setenv("VRS_DB_KEY_TEST_PASS", "env secret\n", 1) == 0);
  auto pass = db::take_passphrase_env("VRS_DB_KEY_TEST_PASS");
  REQUIRE(pass);
  CHECK(std::string(reinterpret_cast<const char*>(pass->data()), pass->size()) == "env secret");
  CHECK(std::getenv("VRS_DB_KEY_TEST_PASS") == nullptr);

  auto missing = db::take_passphrase_env("VRS_DB_KEY_TEST_PASS");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code() == ErrorCode::NotFound);
  CHECK(missing.error().message() == "environment variable VRS_DB_KEY_TEST_PASS is not set");

  REQUIRE(::setenv("VRS_DB_KEY_TEST_PASS", "", 1) == 0);
  auto empty = db::take_passphrase_env("VRS_DB_KEY_TEST_PASS");
  REQUIRE_FALSE(empty);
  CHECK(empty.error().code() == ErrorCode::InvalidArgument);
}
