// Integration: `vrs-server backup` and `restore` (docs/operations.md) against a real server
// that keeps taking submissions during the backup; the restored directory starts and serves
// every record that was receipted before the backup; every check of restore refuses a bad
// backup before anything is written.
#include <catch2/catch.hpp>

#include <atomic>
#include <sstream>
#include <thread>

#include "submission_helpers.hpp"
#include "test_server.hpp"
#include "vrs/crypto/random.hpp"
#include "vrs/db/db_key.hpp"
#include "vrs/server/cli/backup_command.hpp"
#include "vrs/server/cli/db_commands.hpp"
#include "vrs/server/config.hpp"

using namespace vrs::test;
namespace cli = vrs::server::cli;
namespace fs = std::filesystem;

namespace {

std::size_t count_in(const std::string& body) {
  return boost::json::parse(body).at("submissions").as_array().size();
}

}  // namespace

TEST_CASE("a backup taken while members submit restores into a directory that serves every receipted record") {
  TestServer s;
  Member m(s, "AUS-ABF");
  for (std::uint64_t i = 0; i < 3; ++i) REQUIRE(m.submit(batch("AUS-ABF", records("AUS", 3, 40 + i))).status == 201);
  REQUIRE(one_request(s.port(), s.options(&m.who), "GET", "/v1/log/head")->status == 200);  // a checkpoint and head file

  // Submissions go on while the backup runs.
  std::atomic<bool> stop{false};
  std::atomic<int> during{0};
  std::thread writer([&] {
    for (std::uint64_t i = 0; !stop && i < 40; ++i) {
      if (m.submit(batch("AUS-ABF", records("AUS", 2, 100 + i))).status == 201) ++during;
    }
  });
  std::ostringstream progress;
  auto made = cli::backup(s.config(), cli::BackupOptions{s.dir() / "vrs.backup", std::nullopt}, progress);
  stop = true;
  writer.join();
  REQUIRE(made);
  INFO(progress.str());
  CHECK(progress.str().find("MB/s") != std::string::npos);
  CHECK(fs::exists(s.dir() / "vrs.backup.manifest.json"));
  CHECK((fs::status(s.dir() / "vrs.backup").permissions() & fs::perms::group_all) == fs::perms::none);
  const auto in_backup = static_cast<std::size_t>(made->manifest.rows.at("submissions"));
  CHECK(in_backup >= 3);
  const std::size_t total = m.submissions();

  // The disk is lost: restore into a new directory and start from it.
  s.stop();
  std::ostringstream restore_progress;
  auto restored = cli::restore({s.dir() / "vrs.backup", s.dir() / "restored", s.config().paths.db_key_file}, restore_progress);
  INFO(restore_progress.str());
  REQUIRE(restored);
  auto config = vrs::server::load_config(restored->config);
  REQUIRE(config);
  CHECK(config->paths.db == s.dir() / "restored" / "vrs.db");
  cli::DbCheckOptions check;
  check.db = config->paths.db;
  check.key.key_file = config->paths.db_key_file;
  REQUIRE(cli::db_check(check));

  config->listen.port = 0;
  config->metrics.port = 0;
  auto key = vrs::db::read_key_file(config->paths.db_key_file).value();
  auto server = vrs::server::Server::create(*config, std::move(key));
  REQUIRE(server);
  (*server)->start();
  auto listed = one_request((*server)->port(), s.options(&m.who), "GET", "/v1/submissions?limit=1000");
  REQUIRE(listed);
  REQUIRE(listed->status == 200);
  // Exactly the submissions of the backup's snapshot, each once; the rest the member syncs again.
  CHECK(count_in(listed->body) == in_backup);
  CHECK(in_backup <= total);
  (*server)->stop();
}

TEST_CASE("restore refuses a bad backup, a wrong key and a directory with files, writing nothing") {
  TestServer s;
  Member m(s, "AUS-ABF");
  REQUIRE(m.submit(batch("AUS-ABF", records("AUS", 2, 7))).status == 201);
  std::ostringstream progress;
  const auto file = s.dir() / "b.backup";
  REQUIRE(cli::backup(s.config(), cli::BackupOptions{file, std::nullopt}, progress));
  // A second backup to the same name is refused.
  auto again = cli::backup(s.config(), cli::BackupOptions{file, std::nullopt}, progress);
  REQUIRE_FALSE(again);
  CHECK(again.error().code() == vrs::ErrorCode::AlreadyExists);

  const auto target = s.dir() / "target";
  SECTION("wrong key") {
    const auto other = s.dir() / "other.key";
    REQUIRE(vrs::db::create_key_file(other));
    auto r = cli::restore({file, target, other}, progress);
    REQUIRE_FALSE(r);
    CHECK(r.error().message().find("wrong key") != std::string::npos);
  }
  SECTION("a changed byte") {
    auto bytes = read_text_file(file);
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 1);
    write_file(file, bytes, 0600);
    auto r = cli::restore({file, target, s.config().paths.db_key_file}, progress);
    REQUIRE_FALSE(r);
    CHECK(r.error().message().find("SHA-256 differs") != std::string::npos);
  }
  SECTION("no manifest") {
    fs::remove(s.dir() / "b.backup.manifest.json");
    CHECK_FALSE(cli::restore({file, target, s.config().paths.db_key_file}, progress));
  }
  SECTION("a directory that has files") {
    fs::create_directories(target);
    write_file(target / "keep.txt", "mine", 0644);
    auto r = cli::restore({file, target, s.config().paths.db_key_file}, progress);
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == vrs::ErrorCode::AlreadyExists);
    CHECK(read_text_file(target / "keep.txt") == "mine");
    return;
  }
  CHECK_FALSE(fs::exists(target));
}

TEST_CASE("a backup encrypted with a separate key file opens only with that key") {
  TestServer s;
  const auto backup_key = s.dir() / "backup.key";
  REQUIRE(vrs::db::create_key_file(backup_key));
  std::ostringstream progress;
  const auto file = s.dir() / "k.backup";
  auto made = cli::backup(s.config(), cli::BackupOptions{file, backup_key}, progress);
  REQUIRE(made);
  CHECK(made->manifest.key == "backup key file");
  CHECK_FALSE(cli::restore({file, s.dir() / "t1", s.config().paths.db_key_file}, progress));
  CHECK_FALSE(fs::exists(s.dir() / "t1"));
  REQUIRE(cli::restore({file, s.dir() / "t2", backup_key}, progress));
  CHECK(fs::exists(s.dir() / "t2" / "vrs-server.toml"));
}
