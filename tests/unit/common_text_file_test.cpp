// vrs/common/text_file.hpp: bounded reads and atomic writes with exact modes.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include "vrs/common/text_file.hpp"
#include "vrs/test/file_checks.hpp"
#include "vrs/test/temp_dir.hpp"

using vrs::test::mode_of;

namespace {

std::size_t entries_in(const std::filesystem::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace

TEST_CASE("files are written atomically with their exact mode, whatever the umask") {
  vrs::test::TempDir dir;
  const mode_t old_umask = ::umask(0077);
  REQUIRE(vrs::write_file_atomically(dir / "a.json", "{}\n", 0644));
  ::umask(old_umask);
  CHECK(mode_of(dir / "a.json") == 0644);
  CHECK(vrs::read_text_file(dir / "a.json", 1024).value() == "{}\n");
  REQUIRE(vrs::write_file_atomically(dir / "a.json", "new", 0600, vrs::Replace::Yes));
  CHECK(vrs::read_text_file(dir / "a.json", 1024).value() == "new");
  CHECK(mode_of(dir / "a.json") == 0600);
  CHECK(entries_in(dir.path()) == 1);  // no temporary file left behind
}

TEST_CASE("Replace::No refuses an existing file and leaves it untouched") {
  vrs::test::TempDir dir;
  REQUIRE(vrs::write_file_atomically(dir / "a.json", "{}\n", 0644, vrs::Replace::No));
  auto again = vrs::write_file_atomically(dir / "a.json", "other", 0644, vrs::Replace::No);
  REQUIRE_FALSE(again);
  CHECK(again.error().code() == vrs::ErrorCode::AlreadyExists);
  CHECK(again.error().message() == (dir / "a.json").string() + " already exists; not overwriting it");
  CHECK(vrs::read_text_file(dir / "a.json", 1024).value() == "{}\n");
  CHECK(entries_in(dir.path()) == 1);
}

TEST_CASE("a write into a missing directory fails naming the path and creates nothing") {
  vrs::test::TempDir dir;
  auto r = vrs::write_file_atomically(dir / "no" / "a.json", "x", 0644);
  REQUIRE_FALSE(r);
  CHECK(r.error().message().find((dir / "no" / "a.json").string()) != std::string::npos);
  CHECK(entries_in(dir.path()) == 0);
}

TEST_CASE("reads refuse missing files, directories and files over the limit, naming the path") {
  vrs::test::TempDir dir;
  REQUIRE(vrs::write_file_atomically(dir / "a.json", "abc", 0644));
  auto big = vrs::read_text_file(dir / "a.json", 2);
  REQUIRE_FALSE(big);
  CHECK(big.error().code() == vrs::ErrorCode::InvalidArgument);
  CHECK(big.error().message() == (dir / "a.json").string() + " is 3 bytes; at most 2 expected");
  auto missing = vrs::read_text_file(dir / "missing", 1024);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code() == vrs::ErrorCode::NotFound);
  CHECK(missing.error().message() == (dir / "missing").string() + " does not exist");
  auto directory = vrs::read_text_file(dir.path(), 1024);
  REQUIRE_FALSE(directory);
  CHECK(directory.error().message() == dir.path().string() + " is not a regular file");
  CHECK(vrs::read_text_file(dir / "a.json", 3).value() == "abc");
}

TEST_CASE("mode_string prints four octal digits") {
  CHECK(vrs::mode_string(0600) == "0600");
  CHECK(vrs::mode_string(040755) == "0755");
}
