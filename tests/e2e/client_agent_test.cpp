// The national agent with the real binaries (docs/agent.md): `vrs-client agent` watching an
// inbox beside a running server takes files written slowly, renamed in, duplicated, invalid
// and large (split), moves them to done/ or rejected/ with their summaries, and sends them;
// it survives a server outage and a SIGKILL between queueing and sending; every record of
// every accepted file is stored exactly once.
#include <signal.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <fstream>
#include <thread>

#include <boost/json.hpp>

#include "deployment.hpp"
#include "vrs/test/background_process.hpp"
#include "vrs/test/temp_dir.hpp"

using vrs::e2e::bin;
using vrs::e2e::Deployment;
using vrs::test::BackgroundProcess;
namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

const char* kCsvHeader = "ref,date,conduct,detection_country,detection_location,route,migrants,fees\n";

std::string csv_rows(const std::string& prefix, int from, int to) {
  std::string rows;
  for (int i = from; i < to; ++i) {
    rows += "NZL-INZ-" + prefix + std::to_string(i) +
            ",2024-06,smuggling,NZL,airport,IND:origin:air;NZL:destination:air,IND:male:adult:3,\n";
  }
  return rows;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Records the server holds for the member: the sum of record_count over its submissions.
std::size_t server_records(Deployment& d) {
  const auto tls = d.member_tls();
  auto r = vrs::test::one_request(static_cast<std::uint16_t>(d.port), tls, "GET", "/v1/submissions?limit=1000");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  const auto listed = json::parse(r->body);  // kept: the loop below walks into it
  std::size_t n = 0;
  for (const auto& s : listed.at("submissions").as_array()) n += static_cast<std::size_t>(s.at("record_count").as_int64());
  return n;
}

struct Agent {
  Deployment& d;
  fs::path inbox;
  std::unique_ptr<BackgroundProcess> proc;
  int runs = 0;
  Agent(Deployment& deployment) : d(deployment), inbox(deployment.dir / "inbox") {
    fs::create_directories(inbox);
    fs::permissions(inbox, fs::perms::owner_all);
  }
  void start() {
    ++runs;
    proc = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{bin("vrs-client"), "agent", "--home", d.member.string(), "--watch", inbox.string(),
                                 "--rescan", "1", "--settle-ms", "1500", "--batch-size", "100", "--timeout", "3"},
        d.dir / ("agent-" + std::to_string(runs) + ".out"), d.dir / ("agent-" + std::to_string(runs) + ".log"));
  }
  std::string log() const { return slurp(d.dir / ("agent-" + std::to_string(runs) + ".log")); }
  // Polls until `condition` holds (at most 60 s).
  bool until(const std::function<bool()>& condition) {
    for (int i = 0; i < 600; ++i) {
      if (condition()) return true;
      std::this_thread::sleep_for(100ms);
    }
    return false;
  }
  // Writes NAME.part, then renames it in: how an export job hands a file over.
  void drop(const std::string& name, const std::string& content) const {
    vrs::test::write_file(inbox / (name + ".part"), content, 0600);
    fs::rename(inbox / (name + ".part"), inbox / name);
  }
  bool done(const std::string& name) const {
    return slurp(inbox / "done" / (name + ".receipts.txt")).find("every submission receipted") != std::string::npos;
  }
};

}  // namespace

TEST_CASE("the agent takes complete files once, refuses invalid ones naming every problem, and splits large ones", "[e2e]") {
  Deployment d;
  Agent agent(d);
  agent.start();

  // Written slowly: half, a pause longer than nothing but shorter than the settle time, the rest.
  {
    std::ofstream slow(agent.inbox / "slow.csv", std::ios::binary);
    slow << kCsvHeader << csv_rows("S", 0, 3) << std::flush;
    std::this_thread::sleep_for(800ms);
    slow << csv_rows("S", 3, 6);
  }
  // Renamed in whole.
  vrs::test::write_file(agent.inbox / "renamed.csv.part", std::string(kCsvHeader) + csv_rows("R", 0, 4), 0600);
  fs::rename(agent.inbox / "renamed.csv.part", agent.inbox / "renamed.csv");
  // Large: 450 records in batches of 100 = 5 submissions.
  d.client({"gen", "--count", "450", "--seed", "9", "--state", "NZL", "--prefix", "NZL-INZ", "--out",
            (d.dir / "big.json").string()},
           0);
  fs::copy_file(d.dir / "big.json", agent.inbox / "big.json.part");
  fs::rename(agent.inbox / "big.json.part", agent.inbox / "big.json");
  // Invalid: an unknown country and a negative count; nothing of it may be queued.
  agent.drop("bad.csv",
                        std::string(kCsvHeader) + csv_rows("B", 0, 1) +
                            "NZL-INZ-B1,2024-06,smuggling,QQQ,airport,IND:origin:air;NZL:destination:air,IND:male:adult:3,\n"
                            "NZL-INZ-B2,2024-06,smuggling,NZL,airport,IND:origin:air;NZL:destination:air,IND:male:adult:-2,\n");
  INFO(agent.log());
  REQUIRE(agent.until([&] { return agent.done("slow.csv") && agent.done("renamed.csv") && agent.done("big.json"); }));
  REQUIRE(agent.until([&] { return fs::exists(agent.inbox / "rejected" / "bad.csv.errors.txt"); }));
  const std::string errors = slurp(agent.inbox / "rejected" / "bad.csv.errors.txt");
  CHECK(errors.find("bad.csv: line 3: ") != std::string::npos);
  CHECK(errors.find("QQQ") != std::string::npos);
  CHECK(errors.find("bad.csv: line 4: ") != std::string::npos);
  CHECK(errors.find(".processing") == std::string::npos);
  CHECK(slurp(agent.inbox / "done" / "big.json.receipts.txt").find("450 in 5 submissions") != std::string::npos);
  CHECK(server_records(d) == 6 + 4 + 450);

  // The same content again, under another name: not queued again.
  vrs::test::write_file(agent.inbox / "again.csv.part", slurp(agent.inbox / "done" / "renamed.csv"));
  fs::rename(agent.inbox / "again.csv.part", agent.inbox / "again.csv");
  REQUIRE(agent.until([&] { return fs::exists(agent.inbox / "done" / "again.csv.receipts.txt"); }));
  CHECK(slurp(agent.inbox / "done" / "again.csv.receipts.txt").find("not queued again") != std::string::npos);
  // Names it does not take stay where they are.
  vrs::test::write_file(agent.inbox / "notes.txt", "x", 0600);
  std::this_thread::sleep_for(2500ms);
  CHECK(fs::exists(agent.inbox / "notes.txt"));
  CHECK(server_records(d) == 460);


  // Withdrawals: a file naming a record the server does not have is refused whole; a good one
  // withdraws. An amendment without base_version is refused.
  agent.drop("w1.withdraw.csv",
                        "ref,base_version,reason\nNZL-INZ-R0,1,entered twice\nNZL-INZ-NOPE,1,\nNZL-INZ-R1,x,\n");
  REQUIRE(agent.until([&] { return fs::exists(agent.inbox / "rejected" / "w1.withdraw.csv.errors.txt"); }));
  const std::string withdraw_errors = slurp(agent.inbox / "rejected" / "w1.withdraw.csv.errors.txt");
  CHECK(withdraw_errors.find("w1.withdraw.csv: line 3: ref: \"NZL-INZ-NOPE\"") != std::string::npos);
  CHECK(withdraw_errors.find("w1.withdraw.csv: line 4: base_version: \"x\"") != std::string::npos);
  agent.drop("w2.withdraw.csv", "ref,base_version,reason\nNZL-INZ-R0,1,entered twice\n");
  REQUIRE(agent.until([&] { return agent.done("w2.withdraw.csv"); }));
  CHECK(d.as_member({"incidents", "NZL-INZ-R0"}, 0).out.find("withdrawn") != std::string::npos);
  d.client({"gen", "--count", "3", "--seed", "10", "--state", "NZL", "--prefix", "NZL-INZ", "--out",
            (d.dir / "new.json").string()},
           0);
  fs::copy_file(d.dir / "new.json", agent.inbox / "big.amend.json");
  REQUIRE(agent.until([&] { return fs::exists(agent.inbox / "rejected" / "big.amend.json.errors.txt"); }));
  CHECK(slurp(agent.inbox / "rejected" / "big.amend.json.errors.txt").find("base_version: missing") != std::string::npos);
  CHECK(server_records(d) == 461);

  // Status for a person and for monitoring: running, a warning for the rejected file.
  auto status = d.client({"agent", "status", "--home", d.member.string()}, 1);
  CHECK(status.out.find("agent: running") != std::string::npos);
  CHECK(status.out.find("rejected") != std::string::npos);
  CHECK(status.out.find("certificate: valid until") != std::string::npos);
  agent.proc->signal(SIGTERM);
  CHECK(agent.proc->wait(20s) == 0);
  CHECK(d.client({"agent", "status", "--home", d.member.string()}, 2).out.find("agent: stopped") != std::string::npos);
  // Bad use.
  d.client({"agent", "--home", d.member.string()}, 2);
  d.client({"agent", "--home", d.member.string(), "--watch", (d.dir / "none").string(), "--once"}, 1);
  d.client({"agent", "--home", (d.dir / "nobody").string(), "--watch", agent.inbox.string(), "--once"}, 1);
}

TEST_CASE("the agent survives a server outage and a SIGKILL between queueing and sending, storing each record once", "[e2e]") {
  Deployment d;
  REQUIRE(d.server->stop() == 0);
  Agent agent(d);
  agent.start();
  vrs::test::write_file(agent.inbox / "outage.csv.part", std::string(kCsvHeader) + csv_rows("O", 0, 250), 0600);
  fs::rename(agent.inbox / "outage.csv.part", agent.inbox / "outage.csv");
  // Queued (moved to done/) while the server is down; then killed before it could send.
  INFO(agent.log());
  REQUIRE(agent.until([&] { return fs::exists(agent.inbox / "done" / "outage.csv.receipts.txt"); }));
  REQUIRE(agent.until([&] { return agent.log().find("server unreachable") != std::string::npos; }));
  agent.proc->signal(SIGKILL);
  agent.proc->wait(10s);

  d.start_server("server-back.log");
  agent.start();
  vrs::test::write_file(agent.inbox / "after.csv.part", std::string(kCsvHeader) + csv_rows("A", 0, 5), 0600);
  fs::rename(agent.inbox / "after.csv.part", agent.inbox / "after.csv");
  INFO(agent.log());
  REQUIRE(agent.until([&] { return agent.done("outage.csv") && agent.done("after.csv"); }));
  CHECK(server_records(d) == 255);
  CHECK(d.server_submissions() == 3 + 1);  // 250 records in batches of 100, and one
  agent.proc->signal(SIGTERM);
  CHECK(agent.proc->wait(20s) == 0);
}

TEST_CASE("a certificate that expires within 30 days is a warning in the agent's status and log", "[e2e]") {
  Deployment d;
  const fs::path home = d.dir / "short";
  const std::string url = "https://127.0.0.1:" + std::to_string(d.port);
  d.client({"enroll", "--home", home.string(), "--member", "NZL-SHORT", "--server", url}, 0);
  d.client({"admin", "enrol", "--home", d.admin.string(), "--request", (home / "enrol-request.json").string(), "--role",
            "reporter", "--days", "20", "--out", (d.dir / "short-bundle.json").string()},
           0);
  d.client({"install", "--home", home.string(), "--ca-fingerprint", d.root, (d.dir / "short-bundle.json").string()}, 0);
  fs::create_directories(d.dir / "short-inbox");
  auto once = d.client({"agent", "--home", home.string(), "--watch", (d.dir / "short-inbox").string(), "--once"}, 0);
  const auto soon = [](const std::string& text, const std::string& prefix) {
    return text.find(prefix + "the certificate expires in 19 days") != std::string::npos ||
           text.find(prefix + "the certificate expires in 20 days") != std::string::npos;
  };
  CHECK(soon(once.err, "warning: "));
  auto status = d.client({"agent", "status", "--home", home.string()}, 2);  // --once: stopped
  CHECK(soon(status.out, "WARNING: "));
  CHECK(status.out.find("vrs-client enroll --renew") != std::string::npos);
}
