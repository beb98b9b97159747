// vrs-bench-analyses: the analysis benchmark helper (not a test: it prints figures). Run by
// ops/bench/analyses, which stands up the PKI and server, enrols the members and times the
// report and the sqlcipher GROUP BY queries. Two subcommands:
//
//   fill  With the server STOPPED: opens the server database exactly as `vrs-server run` does
//         (config, key source, db::Database::open with migrations) and stores N generated
//         incidents (schema::generate_incidents, streaming, one seed per member) spread
//         evenly over the active reporters, through the server's own insert_incident_version.
//         Rows are what real ingest writes: per submission of at most kMaxBatchRecords records
//         an audit entry (submission.store), a submission row whose payload_hash is the
//         SHA-256 of the real vrs.batch/1 payload, signed by the member's key when its profile
//         is given (--home; otherwise a zero signature), and a receipt signed with the
//         server's receipt key; many submissions per transaction (--per-tx). No envelope, no
//         network, no validation: this is a loader, not the ingest path. One thread generates
//         and encodes/signs the batches, the other writes (2 cores).
//   get   Times GET <target> with the client library's HttpsClient from a profile: a fresh
//         connection (TCP + TLS 1.3 handshake + request + whole body) per run, as
//         `vrs-client report` makes one. Prints "<status> <bytes> <ms> <ms> ..." on stdout.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "vrs/client/net/https_client.hpp"
#include "vrs/client/profile.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/hash.hpp"
#include "vrs/crypto/init.hpp"
#include "vrs/crypto/random.hpp"
#include "vrs/db/audit_log.hpp"
#include "vrs/db/clock.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/transaction.hpp"
#include "vrs/schema/envelope.hpp"
#include "vrs/schema/receipt.hpp"
#include "vrs/schema/synthetic.hpp"
#include "vrs/server/config.hpp"
#include "vrs/server/store/incident_rows.hpp"
#include "vrs/server/store/key_source.hpp"
#include "vrs/server/store/server_keys.hpp"

using Clock = std::chrono::steady_clock;

namespace {

[[noreturn]] void die(const std::string& message) {
  std::cerr << "vrs-bench-analyses: " << message << "\n";
  std::fflush(stdout);
  std::_Exit(1);  // from either fill thread; an open transaction is simply not committed
}

template <typename T>
T ok(vrs::Result<T> r, const std::string& what) {
  if (!r) die(what + ": " + r.error().message());
  return std::move(*r);
}

void ok(vrs::Result<void> r, const std::string& what) {
  if (!r) die(what + ": " + r.error().message());
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// ---------------------------------------------------------------------------------------------
// fill

struct FillArgs {
  std::string config;
  std::size_t count = 1'000'000;
  std::size_t per_tx = 20'000;
  std::size_t per_submission = vrs::schema::kMaxBatchRecords;
  std::uint64_t seed = 1000;
  std::size_t cache_mib = 256;
  std::vector<std::string> homes;
};

struct Member {
  std::string id;
  std::string state;
  std::optional<vrs::crypto::SigningKey> signer;  // from its profile, when given
  vrs::crypto::Ed25519PublicKey registered{};     // its current key in member_keys
};

std::vector<Member> reporters(vrs::db::Database& db) {
  auto stmt = ok(db.prepare("SELECT m.member_id, m.state, k.public_key FROM members m "
                            "LEFT JOIN member_keys k ON k.member_id = m.member_id AND k.retired_at IS NULL "
                            "WHERE m.role = 'reporter' AND m.status = 'active' ORDER BY m.member_id"),
                 "members");
  std::vector<Member> out;
  for (;;) {
    if (!ok(stmt.step(), "members")) break;
    Member m;
    m.id = stmt.column_text(0);
    m.state = stmt.column_text(1);
    const auto key = stmt.column_blob(2);
    if (key.size() == m.registered.size()) std::copy(key.begin(), key.end(), m.registered.begin());
    out.push_back(std::move(m));
  }
  return out;
}

// A submission as the client would have built it: the batch, the SHA-256 of its vrs.batch/1
// payload and the member's signature over it (or zeros without the member's profile).
struct Prepared {
  const Member* member = nullptr;
  vrs::schema::Batch batch;
  vrs::crypto::Digest32 payload_hash{};
  vrs::crypto::Ed25519Signature signature{};
  vrs::crypto::Ed25519PublicKey signer{};
};

Prepared prepare(const Member& m, std::vector<vrs::schema::Incident> records) {
  Prepared p;
  p.member = &m;
  p.batch = vrs::schema::Batch{vrs::crypto::random_uuid_v4(), vrs::db::utc_now(), m.id, std::move(records)};
  const std::string payload = vrs::schema::encode_batch(p.batch);
  p.payload_hash = vrs::crypto::sha256(vrs::crypto::as_bytes(payload));
  p.signer = m.registered;
  if (m.signer) {
    p.signature = ok(m.signer->sign(vrs::crypto::as_bytes(payload)), "sign");
    p.signer = m.signer->public_key();
  }
  return p;
}

// Bounded hand-over between the generating thread and the writing thread (2 cores: generation,
// payload encoding and signing overlap the SQLCipher work).
class Queue {
 public:
  explicit Queue(std::size_t capacity) : capacity_(capacity) {}
  void push(std::optional<Prepared> item) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_; });
    items_.push_back(std::move(item));
    not_empty_.notify_one();
  }
  std::optional<Prepared> pop() {  // nullopt: the producer is done
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !items_.empty(); });
    auto item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }

 private:
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_full_;
  std::condition_variable not_empty_;
  std::deque<std::optional<Prepared>> items_;
};

class Filler {
 public:
  Filler(vrs::db::Database& db, const vrs::server::store::ServerKeys& keys, std::size_t per_tx)
      : db_(db), keys_(keys), per_tx_(per_tx) {}

  // Stores one prepared submission (audit entry, receipt, submission row, versions) in the open
  // transaction, opening a new one every per_tx records.
  void store(const Prepared& p) {
    if (!tx_) tx_.emplace(ok(vrs::db::Transaction::begin(db_), "begin"));
    const Member& m = *p.member;
    const vrs::schema::Batch& batch = p.batch;
    const auto& payload_hash = p.payload_hash;
    const std::string now = vrs::db::utc_now();
    vrs::db::AuditLog audit(db_);
    const auto seq = ok(audit.append({m.id, "submission.store",
                                      "submission=" + batch.submission_id +
                                          " records=" + std::to_string(batch.records.size()),
                                      "ok"}),
                        "audit");
    vrs::schema::Receipt receipt{batch.submission_id, m.id, vrs::crypto::to_hex(payload_hash),
                                 static_cast<std::uint64_t>(seq), now, keys_.receipt_key_id(), {}};
    receipt.records.reserve(batch.records.size());
    for (const auto& r : batch.records) receipt.records.push_back({r.ref, 1, "active"});
    const std::string wire = ok(vrs::schema::sign_receipt(receipt, keys_.receipt_key()), "receipt");
    {
      auto stmt = ok(db_.cached("INSERT INTO submissions (submission_id, member_id, payload_hash, signature, "
                                "signer_key, sealed_to, record_count, client_time, received_at, receipt, audit_seq) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
                     "submission statement");
      vrs::db::Statement& s = *stmt;
      vrs::Result<void> r = s.bind_text(1, batch.submission_id);
      if (r) r = s.bind_text(2, m.id);
      if (r) r = s.bind_blob(3, payload_hash);
      if (r) r = s.bind_blob(4, p.signature);
      if (r) r = s.bind_blob(5, p.signer);
      if (r) r = s.bind_text(6, keys_.current_sealing_id());
      if (r) r = s.bind_int64(7, static_cast<std::int64_t>(batch.records.size()));
      if (r) r = s.bind_text(8, batch.created_at);
      if (r) r = s.bind_text(9, now);
      if (r) r = s.bind_blob(10, vrs::crypto::as_bytes(wire));
      if (r) r = s.bind_int64(11, seq);
      if (r) r = s.run();
      ok(std::move(r), "submission row");
    }
    for (const auto& rec : batch.records) {
      const vrs::server::store::VersionRow row{m.id, m.state, 1, std::nullopt, batch.submission_id, now};
      ok(vrs::server::store::insert_incident_version(db_, row, rec), "insert");
    }
    ++submissions_;
    in_tx_ += batch.records.size();
    if (in_tx_ >= per_tx_) commit();
  }

  void commit() {
    if (!tx_) return;
    ok(tx_->commit(), "commit");
    tx_.reset();
    in_tx_ = 0;
    ++transactions_;
  }

  [[nodiscard]] std::size_t submissions() const noexcept { return submissions_; }
  [[nodiscard]] std::size_t transactions() const noexcept { return transactions_; }

 private:
  vrs::db::Database& db_;
  const vrs::server::store::ServerKeys& keys_;
  std::size_t per_tx_;
  std::optional<vrs::db::Transaction> tx_;
  std::size_t in_tx_ = 0;
  std::size_t submissions_ = 0;
  std::size_t transactions_ = 0;
};

int run_fill(const FillArgs& a) {
  if (a.config.empty()) die("fill: --config is required");
  if (a.count < 1 || a.count > 20'000'000) die("fill: --count 1..20000000");
  if (a.per_tx < 1 || a.per_tx > 1'000'000) die("fill: --per-tx 1..1000000");
  if (a.per_submission < 1 || a.per_submission > vrs::schema::kMaxBatchRecords) die("fill: --per-submission 1..5000");
  if (a.cache_mib > 16384) die("fill: --cache-mib 0..16384");
  ok(vrs::crypto::init(), "libsodium");

  // Open as `vrs-server run` does: config, its key source, then Database::open (migrations).
  const auto config = ok(vrs::server::load_config(a.config), "config");
  vrs::server::store::KeySource source;
  source.key_file = config.paths.db_key_file;
  source.passphrase_env = config.paths.db_passphrase_env;
  source.passphrase_stdin = config.paths.db_passphrase_stdin;
  source.stdin_fd = 0;
  auto key = ok(vrs::server::store::resolve_existing_key(source, config.paths.db), "database key");
  auto db = ok(vrs::db::Database::open(config.paths.db, key.key), "database");
  // A loader-only setting: a bigger page cache for the index inserts of a multi-GB file (the
  // server's own connections keep their defaults).
  if (a.cache_mib > 0) ok(db.exec("PRAGMA cache_size = -" + std::to_string(a.cache_mib * 1024)), "cache_size");
  const auto keys = ok(vrs::server::store::ServerKeys::load_or_create(db, std::chrono::days(30)), "server keys");

  auto members = reporters(db);
  if (members.empty()) die("fill: the database has no active reporter members (enrol some first)");
  for (const auto& home : a.homes) {
    auto profile = ok(vrs::client::Profile::open(home), "profile " + home);
    if (!profile.config()) die("profile " + home + " has no client.toml");
    for (auto& m : members) {
      if (m.id == profile.config()->member) m.signer.emplace(ok(profile.signing_key(), "signing key " + home));
    }
  }
  const auto before = ok(db.query_int64("SELECT count(*) FROM incident_versions"), "count");
  std::cerr << "filling " << config.paths.db.string() << ": " << a.count << " incidents over " << members.size()
            << " reporters, " << a.per_submission << " per submission, " << a.per_tx << " per transaction ("
            << before << " incidents stored before)\n";

  Filler filler(db, *keys, a.per_tx);
  const auto start = Clock::now();
  std::size_t done = 0;
  std::size_t last_done = 0;
  auto last_t = start;
  auto stored = [&](std::size_t n) {
    done += n;
    if (done - last_done < 100'000) return;
    const double s = seconds_since(start);
    std::fprintf(stderr, "  %9zu incidents  %6.1f s  %7.0f/s (since the last line: %.0f/s)\n", done, s,
                 static_cast<double>(done) / s, static_cast<double>(done - last_done) / seconds_since(last_t));
    last_done = done;
    last_t = Clock::now();
  };
  Queue queue(4);
  std::thread producer([&] {
    for (std::size_t i = 0; i < members.size(); ++i) {
      const auto& m = members[i];
      vrs::schema::SyntheticOptions o;
      o.seed = a.seed + i;
      o.count = a.count / members.size() + (i < a.count % members.size() ? 1 : 0);
      o.reporting_state = m.state;
      o.ref_prefix = "BENCH";
      o.first = vrs::schema::Date{2024, 1, 1};
      o.last = vrs::schema::Date{2025, 12, 31};
      o.today = vrs::schema::Date{2025, 12, 31};  // fixed: the same records on any day
      std::vector<vrs::schema::Incident> pending;
      pending.reserve(a.per_submission);
      auto flush = [&] {
        queue.push(prepare(m, std::move(pending)));
        pending = {};
        pending.reserve(a.per_submission);
      };
      ok(vrs::schema::generate_incidents(o,
                                         [&](std::size_t, const vrs::schema::Incident& incident) {
                                           pending.push_back(incident);
                                           if (pending.size() == a.per_submission) flush();
                                           return true;
                                         }),
         "generator");
      if (!pending.empty()) flush();
    }
    queue.push(std::nullopt);
  });
  while (auto item = queue.pop()) {
    filler.store(*item);
    stored(item->batch.records.size());
  }
  producer.join();
  filler.commit();
  const double fill_s = seconds_since(start);
  // Checkpoint so the file the server and sqlcipher open holds everything (WAL stays small).
  const auto cp_start = Clock::now();
  ok(db.exec("PRAGMA wal_checkpoint(TRUNCATE)"), "checkpoint");
  const double cp_s = seconds_since(cp_start);
  const auto after = ok(db.query_int64("SELECT count(*) FROM incident_versions"), "count");
  std::printf("fill: %zu incidents in %.1f s = %.0f incidents/s (%zu submissions, %zu transactions; checkpoint %.1f s); "
              "%lld incidents stored\n",
              done, fill_s, static_cast<double>(done) / fill_s, filler.submissions(), filler.transactions(), cp_s,
              static_cast<long long>(after));
  return 0;
}

// ---------------------------------------------------------------------------------------------
// get

struct GetArgs {
  std::string home;
  std::string target;
  int runs = 1;
  std::string out;
};

int run_get(const GetArgs& a) {
  if (a.home.empty() || a.target.empty()) die("get: --home and --target are required");
  if (a.runs < 1 || a.runs > 100) die("get: --runs 1..100");
  ok(vrs::crypto::init(), "libsodium");
  const auto profile = ok(vrs::client::Profile::open(a.home), "profile " + a.home);
  if (!profile.config()) die("profile " + a.home + " has no client.toml");
  const auto url = ok(vrs::client::net::parse_server_url(profile.config()->server), "server URL");
  vrs::client::net::HttpsOptions o;
  o.ca = profile.ca_chain_path();
  o.certificate = profile.certificate_path();
  o.private_key = profile.tls_key_path();
  o.timeout = std::chrono::seconds(300);
  o.body_limit = std::size_t{256} << 20;
  std::vector<double> ms;
  vrs::client::net::HttpResponse last;
  for (int i = 0; i < a.runs; ++i) {
    const auto t0 = Clock::now();
    auto client = ok(vrs::client::net::HttpsClient::create(url, o), "client");
    last = ok(client.send("GET", a.target), "GET " + a.target);
    client.close();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (last.status != 200) break;  // no point timing errors
  }
  if (!a.out.empty()) {
    std::ofstream f(a.out, std::ios::binary | std::ios::trunc);
    f << last.body;
  }
  if (last.status != 200) std::cerr << "GET " << a.target << ": " << vrs::client::net::error_from_problem(last.status, last.body).message() << "\n";
  std::printf("%d %zu", last.status, last.body.size());
  for (double v : ms) std::printf(" %.1f", v);
  std::printf("\n");
  return 0;
}

void usage() {
  std::cout
      << "vrs-bench-analyses fill --config SERVER_TOML [--count 1000000] [--per-tx 20000] [--per-submission 5000]\n"
         "                        [--seed 1000] [--cache-mib 256] [--home PROFILE ...]\n"
         "  With the server stopped: stores --count generated incidents (dated 2024-01-01..2025-12-31) spread\n"
         "  over the database's active reporters, through the server's own insert code, --per-tx per\n"
         "  transaction, one audited submission row (and signed receipt) per --per-submission records.\n"
         "  A reporter whose profile is given signs its payloads; otherwise the signature is zero.\n"
         "vrs-bench-analyses get --home PROFILE --target PATH [--runs 1] [--out FILE]\n"
         "  Times GET PATH over a fresh mTLS connection per run; prints \"<status> <bytes> <ms>...\".\n"
         "Run by ops/bench/analyses.\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    usage();
    return argc < 2 ? 2 : 0;
  }
  const std::string cmd = argv[1];
  FillArgs fill;
  GetArgs get;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) die(arg + " needs a value");
      return argv[++i];
    };
    auto number = [&]() -> std::size_t {
      const std::string v = value();
      if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos || v.size() > 12) {
        die(arg + ": not a number: " + v);
      }
      return static_cast<std::size_t>(std::stoull(v));
    };
    if (cmd == "fill" && arg == "--config") fill.config = value();
    else if (cmd == "fill" && arg == "--count") fill.count = number();
    else if (cmd == "fill" && arg == "--per-tx") fill.per_tx = number();
    else if (cmd == "fill" && arg == "--per-submission") fill.per_submission = number();
    else if (cmd == "fill" && arg == "--seed") fill.seed = number();
    else if (cmd == "fill" && arg == "--cache-mib") fill.cache_mib = number();
    else if (cmd == "fill" && arg == "--home") fill.homes.push_back(value());
    else if (cmd == "get" && arg == "--home") get.home = value();
    else if (cmd == "get" && arg == "--target") get.target = value();
    else if (cmd == "get" && arg == "--runs") get.runs = static_cast<int>(std::min<std::size_t>(number(), 1000));
    else if (cmd == "get" && arg == "--out") get.out = value();
    else if (arg == "--help") {
      usage();
      return 0;
    } else {
      die("unknown option " + arg + " (see --help)");
    }
  }
  if (cmd == "fill") return run_fill(fill);
  if (cmd == "get") return run_get(get);
  die("unknown command " + cmd + " (fill or get; see --help)");
}
