// The agent's pieces without a server (docs/agent.md): which names it takes, when a rescanned
// file is settled, moving without overwriting, and the status file's round trip and refusals.
#include <catch2/catch.hpp>

#include "vrs/client/agent/agent_status.hpp"
#include "vrs/client/agent/inbox.hpp"
#include "vrs/test/temp_dir.hpp"

using namespace vrs::client::agent;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

TEST_CASE("the agent takes .csv and .json files, amendments and withdrawals by name, and nothing else") {
  CHECK(kind_of("march.csv") == FileKind::Submit);
  CHECK(kind_of("march.json") == FileKind::Submit);
  CHECK(kind_of("march.amend.csv") == FileKind::Amend);
  CHECK(kind_of("march.amend.json") == FileKind::Amend);
  CHECK(kind_of("march.withdraw.csv") == FileKind::Withdraw);
  for (const char* name : {"march.csv.part", "march.tmp", ".march.csv", "march", "march.withdraw.json", "", "march.CSV"}) {
    INFO(name);
    CHECK_FALSE(kind_of(name));
  }
  CHECK_FALSE(kind_of(std::string(252, 'a') + ".csv"));
  CHECK_FALSE(kind_of("march\n2026-12-05T08:00:00.000Z agent: forged.csv"));
  CHECK_FALSE(kind_of("march\x1b[2J.csv"));
}

TEST_CASE("a rescanned file is taken only after it looked the same for the settle time") {
  Settling settling(100ms);
  const auto t0 = std::chrono::steady_clock::now();
  Candidate c{"/in/a.csv", 10, fs::file_time_type::clock::now()};
  CHECK_FALSE(settling.ready(c, t0));
  CHECK_FALSE(settling.ready(c, t0 + 50ms));
  c.size = 20;  // still being written
  CHECK_FALSE(settling.ready(c, t0 + 120ms));
  CHECK_FALSE(settling.ready(c, t0 + 200ms));
  CHECK(settling.ready(c, t0 + 230ms));
  settling.forget(c.path);
  CHECK_FALSE(settling.ready(c, t0 + 240ms));
  // A file that vanished from the scan is forgotten: when it comes back it settles afresh.
  settling.keep_only({});
  CHECK_FALSE(settling.ready(c, t0 + 400ms));
  settling.keep_only({c});
  CHECK(settling.ready(c, t0 + 500ms));
  Settling at_once(0ms);
  CHECK(at_once.ready(c, t0));
}

TEST_CASE("the inbox makes done/ and rejected/, lists only what it takes, and never moves over a file") {
  vrs::test::TempDir dir;
  CHECK(Inbox::open(dir / "missing").error().code() == vrs::ErrorCode::NotFound);
  vrs::test::write_file(dir / "file", "x", 0600);
  CHECK(Inbox::open(dir / "file").error().code() == vrs::ErrorCode::InvalidArgument);
  fs::create_directory(dir / "real");
  fs::create_directory_symlink(dir / "real", dir / "link");
  CHECK_FALSE(Inbox::open(dir / "link"));

  auto inbox = Inbox::open(dir / "real");
  REQUIRE(inbox);
  CHECK(fs::is_directory(inbox->done()));
  CHECK(fs::is_directory(inbox->rejected()));
  vrs::test::write_file(inbox->dir / "b.csv", "b", 0600);
  vrs::test::write_file(inbox->dir / "a.json", "a", 0600);
  vrs::test::write_file(inbox->dir / "c.csv.part", "c", 0600);
  fs::create_symlink(inbox->dir / "b.csv", inbox->dir / "d.csv");
  auto found = candidates(*inbox);
  REQUIRE(found);
  REQUIRE(found->size() == 2);
  CHECK((*found)[0].path.filename() == "a.json");
  CHECK((*found)[1].path.filename() == "b.csv");

  vrs::test::write_file(inbox->done() / "b.csv", "older", 0600);
  auto moved = move_into(inbox->dir / "b.csv", inbox->done());
  REQUIRE(moved);
  CHECK(moved->filename() == "b.csv.1");
  CHECK(vrs::test::read_text_file(inbox->done() / "b.csv") == "older");
  CHECK(vrs::test::read_text_file(*moved) == "b");
  CHECK_FALSE(fs::exists(inbox->dir / "b.csv"));
  CHECK_FALSE(move_into(inbox->dir / "gone.csv", inbox->done()));
}

TEST_CASE("the status file round-trips and a damaged one is refused naming the field") {
  AgentStatus s;
  s.pid = 42;
  s.state = "running";
  s.updated_at = "2026-12-05T08:00:00.000Z";
  s.inbox = "/var/lib/vrs-agent/inbox";
  s.queued = 2;
  s.sent = 7;
  s.failed = 1;
  s.next_attempt = "2026-12-05T08:00:15.000Z";
  s.certificate_not_after = "2027-12-01T00:00:00Z";
  s.certificate_days_left = 361;
  s.warnings = {"1 submission(s) refused by the server"};
  s.recent = {RecentFile{"march.csv", "queued", "queued 3 records", "2026-12-05T07:59:00.000Z"}};
  auto back = parse_status(to_json(s));
  REQUIRE(back);
  CHECK(back->pid == 42);
  CHECK(back->queued == 2);
  CHECK(back->warnings == s.warnings);
  REQUIRE(back->recent.size() == 1);
  CHECK(back->recent[0].name == "march.csv");

  std::string negative = to_json(s);
  negative.replace(negative.find("\"queued\":2"), 10, "\"queued\":-1");
  CHECK_THAT(parse_status(negative).error().message(), Catch::Contains("must not be negative"));
  CHECK_THAT(parse_status("{}").error().message(), Catch::Contains("pid"));
  CHECK_FALSE(parse_status("not json"));
  vrs::test::TempDir home;
  CHECK(read_status(home.path()).error().code() == vrs::ErrorCode::NotFound);
  REQUIRE(write_status(home.path(), s));
  CHECK(read_status(home.path())->inbox == s.inbox);
}
