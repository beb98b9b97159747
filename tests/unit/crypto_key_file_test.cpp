#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "vrs/crypto/key_file.hpp"
#include "vrs/test/file_checks.hpp"
#include "vrs/test/temp_dir.hpp"

using namespace vrs::crypto;

using vrs::test::mode_of;

namespace {
std::string str(const SecureBuffer& b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }
}  // namespace

TEST_CASE("secret files are written 0600 even under a permissive umask") {
  vrs::test::TempDir dir;
  const auto old = ::umask(0);
  const auto written = write_secret_file(dir / "k", as_bytes("abc"));
  ::umask(old);
  REQUIRE(written.has_value());
  CHECK(mode_of(dir / "k") == 0600);
  CHECK(str(read_secret_file(dir / "k", 64).value()) == "abc");
  // no temporary file is left behind
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()) == 1);
}

TEST_CASE("an existing secret file is not overwritten unless asked") {
  vrs::test::TempDir dir;
  REQUIRE(write_secret_file(dir / "k", as_bytes("one")).has_value());
  const auto again = write_secret_file(dir / "k", as_bytes("two"));
  REQUIRE_FALSE(again.has_value());
  CHECK(again.error().code() == vrs::ErrorCode::AlreadyExists);
  CHECK(str(read_secret_file(dir / "k", 64).value()) == "one");
  REQUIRE(write_secret_file(dir / "k", as_bytes("two"), Overwrite::Yes).has_value());
  CHECK(str(read_secret_file(dir / "k", 64).value()) == "two");
}

TEST_CASE("group- or world-accessible secret files are refused with the mode named") {
  vrs::test::TempDir dir;
  auto mode = GENERATE(0644U, 0640U, 0604U, 0660U, 0601U);
  vrs::test::write_file(dir / "k", "abc", mode);
  const auto read = read_secret_file(dir / "k", 64);
  REQUIRE_FALSE(read.has_value());
  CHECK(read.error().code() == vrs::ErrorCode::FailedPrecondition);
  char expected[8];
  std::snprintf(expected, sizeof expected, "%04o", mode);
  CHECK(read.error().message() == "key file " + (dir / "k").string() + " has mode " + expected +
                                      " (readable by group or others); run: chmod 600 " + (dir / "k").string());
  CHECK_FALSE(check_secret_file_mode(dir / "k").has_value());
}

TEST_CASE("missing, oversized, symlinked and non-regular secret files are refused") {
  vrs::test::TempDir dir;
  CHECK(read_secret_file(dir / "absent", 64).error().code() == vrs::ErrorCode::NotFound);
  vrs::test::write_file(dir / "big", std::string(65, 'x'));
  CHECK(read_secret_file(dir / "big", 64).error().code() == vrs::ErrorCode::InvalidArgument);
  std::filesystem::create_symlink(dir / "big", dir / "link");
  CHECK(read_secret_file(dir / "link", 100).error().message() == "key file " + (dir / "link").string() + " is a symbolic link");
  ::mkdir((dir / "d").c_str(), 0700);
  CHECK_FALSE(read_secret_file(dir / "d", 64).has_value());
}
