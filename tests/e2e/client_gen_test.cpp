// vrs-client gen, run as a user would: a deterministic synthetic file that validate accepts,
// and a clear refusal (changing nothing) for every bad option.
#include <catch2/catch.hpp>

#include <filesystem>

#include "vrs/test/process.hpp"
#include "vrs/test/temp_dir.hpp"

using vrs::test::run_process;

namespace {
std::string client() { return vrs::test::binary_path("vrs-client"); }
}  // namespace

TEST_CASE("gen writes a valid file, the same for the same options") {
  vrs::test::TempDir dir;
  const auto a = (dir / "a.json").string();
  const auto b = (dir / "b.json").string();
  auto r = run_process({client(), "gen", "--count", "300", "--seed", "9", "--state", "MYS", "--prefix", "T", "--out", a});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == "wrote 300 synthetic incidents (seed 9, reporting state MYS) to " + a + "\n");
  REQUIRE(run_process({client(), "gen", "--count", "300", "--seed", "9", "--state", "MYS", "--prefix", "T", "--out", b})
              .exit_code == 0);
  CHECK(vrs::test::read_text_file(a) == vrs::test::read_text_file(b));
  auto v = run_process({client(), "validate", a});
  CHECK(v.exit_code == 0);
  CHECK(v.out.find("300 records, 300 valid, 0 invalid") != std::string::npos);
  CHECK(vrs::test::read_text_file(a).find("\"ref\":\"T-9-000001\"") != std::string::npos);
}

TEST_CASE("gen refuses bad options and an existing file, naming the option") {
  vrs::test::TempDir dir;
  const auto out = (dir / "x.json").string();
  const std::pair<std::vector<std::string>, std::string> cases[] = {
      {{"--state", "ZZZ"}, "vrs-client: --state: \"ZZZ\" is not an ISO 3166-1 alpha-3 code\n"},
      {{"--prefix", "a b"}, "vrs-client: --prefix:"},
      {{"--from", "2025-02-30"}, "vrs-client: --from: \"2025-02-30\" is not a date YYYY-MM-DD\n"},
      {{"--from", "2025-06-01", "--to", "2025-01-01"}, "vrs-client: --from:"},
  };
  for (const auto& [extra, message] : cases) {
    std::vector<std::string> args{client(), "gen", "--count", "5", "--out", out};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = run_process(args);
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.rfind(message, 0) == 0);
    CHECK_FALSE(std::filesystem::exists(out));
  }
  CHECK(run_process({client(), "gen", "--count", "0", "--out", out}).exit_code == 2);
  CHECK(run_process({client(), "gen", "--count", "5"}).exit_code == 2);
  REQUIRE(run_process({client(), "gen", "--count", "5", "--out", out}).exit_code == 0);
  const auto before = vrs::test::read_text_file(out);
  auto again = run_process({client(), "gen", "--count", "7", "--out", out});
  CHECK(again.exit_code == 1);
  CHECK(again.err == "vrs-client: " + out + " already exists; not overwriting it\n");
  CHECK(vrs::test::read_text_file(out) == before);
}
