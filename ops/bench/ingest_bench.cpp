// vrs-bench-ingest: the ingest benchmark (issue 5). Not a test: it prints figures.
//
// Against a running vrs-server (started by ops/bench/ingest), N keep-alive mutual-TLS
// connections (one thread each, Asio/Beast) send signed, sealed submissions of a fixed record
// count for a fixed time; then, in the same run, the two ceilings:
//   - raw SQLCipher inserts/s: the same record rows (same schema, same pragmas, one
//     transaction per 100 records) into a fresh database, no network, crypto or audit;
//   - libsodium open+verify/s: opening and verifying the same envelopes on one thread.
// Prints submissions/s, records/s, p50/p99 latency, server RSS and our figures as ratios.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>

#include "vrs/client/profile.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/init.hpp"
#include "vrs/crypto/random.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/migrations.hpp"
#include "vrs/db/transaction.hpp"
#include "vrs/schema/envelope.hpp"
#include "vrs/schema/synthetic.hpp"
#include "vrs/server/store/incident_rows.hpp"
#include "vrs/tls/context.hpp"

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

struct Args {
  std::vector<std::string> homes;  // one client profile per connection group (reporters)
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  int connections = 8;
  int seconds = 10;
  std::size_t records = 1;
  int server_pid = 0;
  std::string scratch = "/tmp";
};

[[noreturn]] void die(const std::string& message) {
  std::cerr << "vrs-bench-ingest: " << message << "\n";
  std::exit(1);
}

template <typename T>
T ok(vrs::Result<T> r, const std::string& what) {
  if (!r) die(what + ": " + r.error().message());
  return std::move(*r);
}

struct Keys {
  std::string server_id;
  std::string sealing_id;
  vrs::crypto::X25519PublicKey sealing{};
};

struct Connection {
  net::io_context ioc;
  std::shared_ptr<net::ssl::context> ctx;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> stream;
  beast::flat_buffer buffer;
  std::string host;

  void open(const std::string& h, unsigned short port, const vrs::client::Profile& profile) {
    host = h;
    vrs::tls::ClientContextOptions o;
    o.ca = profile.ca_chain_path();
    o.certificate = profile.certificate_path();
    o.private_key = profile.tls_key_path();
    ctx = ok(vrs::tls::make_client_context(o), "TLS context");
    stream = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(ioc, *ctx);
    if (!vrs::tls::set_server_name(stream->native_handle(), host)) die("cannot set server name");
    beast::get_lowest_layer(*stream).connect(net::ip::tcp::endpoint(net::ip::make_address(host), port));
    stream->handshake(net::ssl::stream_base::client);
  }

  http::response<http::string_body> send(http::verb method, const std::string& target, const std::string& body) {
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, host);
    req.keep_alive(true);
    if (!body.empty()) req.set(http::field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
    http::write(*stream, req);
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    http::read(*stream, buffer, parser);
    return parser.release();
  }
};

Keys fetch_keys(Connection& c) {
  auto res = c.send(http::verb::get, "/v1/keys", "");
  if (res.result_int() != 200) die("GET /v1/keys: " + std::to_string(res.result_int()));
  Keys k;
  const json::value doc = json::parse(res.body());
  k.server_id = doc.at("server_id").as_string().c_str();
  for (const auto& e : doc.at("sealing").as_array()) {
    if (!e.at("current").as_bool()) continue;
    k.sealing_id = e.at("key_id").as_string().c_str();
    auto bytes = ok(vrs::crypto::from_base64(std::string(e.at("public_key").as_string().c_str())), "key");
    if (bytes.size() != 32) die("sealing key is not 32 bytes");
    std::copy(bytes.begin(), bytes.end(), k.sealing.begin());
  }
  return k;
}

std::string member_of(const vrs::client::Profile& p) {
  if (!p.config()) die("profile " + p.home().string() + " has no client.toml");
  return p.config()->member;
}

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

std::string server_rss(int pid) {
  if (pid <= 0) return "n/a";
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line, rss, hwm;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) rss = line.substr(6);
    if (line.rfind("VmHWM:", 0) == 0) hwm = line.substr(6);
  }
  auto trim = [](std::string s) {
    s.erase(0, s.find_first_not_of(" \t"));
    return s;
  };
  return trim(rss) + " (peak " + trim(hwm) + ")";
}

// The same records the load used, inserted raw (same schema and pragmas), 100 per transaction.
double raw_inserts_per_second(const std::string& scratch, const std::vector<vrs::schema::Incident>& records) {
  const std::string path = scratch + "/raw-ceiling.db";
  std::remove(path.c_str());
  auto key = vrs::crypto::random_secret(32);
  if (!key) die("random key");
  vrs::db::OpenOptions create;
  create.create = true;
  auto db = ok(vrs::db::Database::open(path, *key, create), "ceiling database");
  ok(db.exec("INSERT INTO members (member_id, state, agency, role, created_at) VALUES "
             "('AUS-BENCH', 'AUS', 'BENCH', 'reporter', '2026-01-01T00:00:00.000Z')")
         .transform([] { return 0; }),
     "member");
  ok(db.exec("INSERT INTO audit_log (seq, time, actor, action, object, outcome, prev_hash, hash) VALUES "
             "(1, 't', 'a', 'b', 'c', 'd', zeroblob(32), zeroblob(32))")
         .transform([] { return 0; }),
     "audit row");
  ok(db.exec("INSERT INTO submissions (submission_id, member_id, payload_hash, signature, signer_key, record_count, "
             "received_at, receipt, audit_seq) VALUES ('bench', 'AUS-BENCH', zeroblob(32), zeroblob(64), zeroblob(32), "
             "0, 't', x'00', 1)")
         .transform([] { return 0; }),
     "submission row");
  const auto start = Clock::now();
  std::size_t done = 0;
  while (done < records.size()) {
    auto tx = ok(vrs::db::Transaction::begin(db), "begin");
    for (std::size_t i = 0; i < 100 && done < records.size(); ++i, ++done) {
      vrs::server::store::VersionRow row{"AUS-BENCH", "AUS", 1, std::nullopt, "bench", "2026-01-01T00:00:00.000Z"};
      ok(vrs::server::store::insert_incident_version(db, row, records[done]).transform([] { return 0; }), "insert");
    }
    ok(tx.commit().transform([] { return 0; }), "commit");
  }
  const double secs = std::chrono::duration<double>(Clock::now() - start).count();
  std::remove(path.c_str());
  std::remove((path + "-wal").c_str());
  std::remove((path + "-shm").c_str());
  return static_cast<double>(records.size()) / secs;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) die(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--home") a.homes.push_back(value());
    else if (arg == "--port") a.port = static_cast<unsigned short>(std::stoi(value()));
    else if (arg == "--connections") a.connections = std::stoi(value());
    else if (arg == "--seconds") a.seconds = std::stoi(value());
    else if (arg == "--records") a.records = static_cast<std::size_t>(std::stoul(value()));
    else if (arg == "--server-pid") a.server_pid = std::stoi(value());
    else if (arg == "--scratch") a.scratch = value();
    else if (arg == "--help") {
      std::cout << "vrs-bench-ingest --home PROFILE [--home PROFILE…] --port N [--connections 8] [--seconds 10]\n"
                   "                 [--records 1] [--server-pid PID] [--scratch DIR]\n"
                   "Sends signed, sealed submissions of --records records over --connections keep-alive mTLS\n"
                   "connections for --seconds; then measures the raw SQLCipher insert and the libsodium\n"
                   "open+verify ceilings on the same payloads and prints all figures. Run by ops/bench/ingest.\n";
      return 0;
    } else {
      die("unknown option " + arg);
    }
  }
  if (a.homes.empty() || a.port == 0) die("--home and --port are required (see --help)");
  if (a.connections < 1 || a.connections > 256 || a.seconds < 1 || a.seconds > 600 || a.records < 1 ||
      a.records > vrs::schema::kMaxBatchRecords) {
    die("--connections 1..256, --seconds 1..600, --records 1..5000");
  }
  ok(vrs::crypto::init().transform([] { return 0; }), "libsodium");

  std::vector<vrs::client::Profile> profiles;
  for (const auto& h : a.homes) profiles.push_back(ok(vrs::client::Profile::open(h), "profile " + h));

  // Connect everything first (handshakes are not part of the figures).
  std::vector<std::unique_ptr<Connection>> conns;
  for (int c = 0; c < a.connections; ++c) {
    auto conn = std::make_unique<Connection>();
    conn->open(a.host, a.port, profiles[static_cast<std::size_t>(c) % profiles.size()]);
    conns.push_back(std::move(conn));
  }
  const Keys keys = fetch_keys(*conns[0]);

  // Envelopes are built ahead of time per connection (unique ids and refs), as a client would
  // have them in its outbox; building them is not part of the server's figure.
  const std::size_t per_conn_guess = a.records == 1 ? 6000 : 200;
  std::vector<std::vector<std::string>> envelopes(conns.size());
  std::vector<vrs::schema::Incident> sample;  // records for the ceilings
  std::vector<std::string> sample_envelopes;
  std::cerr << "preparing envelopes…\n";
  for (std::size_t c = 0; c < conns.size(); ++c) {
    const auto& profile = profiles[c % profiles.size()];
    const auto signer = ok(profile.signing_key(), "signing key");
    const std::string member = member_of(profile);
    vrs::schema::SyntheticOptions o;
    o.seed = 1000 + c;
    o.count = per_conn_guess * a.records;
    o.reporting_state = member.substr(0, 3);
    o.ref_prefix = "B" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 100000000) + "-" +
                   std::to_string(c);
    auto recs = ok(vrs::schema::generate_incidents(o), "generator");
    for (std::size_t i = 0; i + a.records <= recs.size(); i += a.records) {
      vrs::schema::Batch b{vrs::crypto::random_uuid_v4(), "2026-11-23T10:00:00.000Z", member,
                           std::vector<vrs::schema::Incident>(recs.begin() + static_cast<std::ptrdiff_t>(i),
                                                              recs.begin() + static_cast<std::ptrdiff_t>(i + a.records))};
      envelopes[c].push_back(ok(vrs::schema::seal_envelope(vrs::schema::encode_batch(b), signer, keys.sealing_id,
                                                           keys.sealing, keys.server_id),
                                "seal"));
    }
    if (c == 0) {
      sample = recs;
      sample_envelopes = envelopes[0];
    }
  }

  std::atomic<bool> stop{false};
  std::vector<std::vector<double>> latencies(conns.size());
  std::vector<std::size_t> sent(conns.size(), 0);
  std::vector<std::size_t> failed(conns.size(), 0);
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (std::size_t c = 0; c < conns.size(); ++c) {
    threads.emplace_back([&, c] {
      try {
        for (const auto& env : envelopes[c]) {
          if (stop.load()) break;
          const auto t0 = Clock::now();
          auto res = conns[c]->send(http::verb::post, "/v1/submissions", env);
          latencies[c].push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
          if (res.result_int() == 201) ++sent[c];
          else ++failed[c];
        }
      } catch (const std::exception& e) {
        std::cerr << "connection " << c << ": " << e.what() << "\n";
      }
    });
  }
  while (Clock::now() - start < std::chrono::seconds(a.seconds)) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  stop = true;
  for (auto& t : threads) t.join();
  const double secs = std::chrono::duration<double>(Clock::now() - start).count();
  std::size_t total = 0, errors = 0;
  std::vector<double> all;
  for (std::size_t c = 0; c < conns.size(); ++c) {
    total += sent[c];
    errors += failed[c];
    all.insert(all.end(), latencies[c].begin(), latencies[c].end());
  }
  const double subs_per_s = static_cast<double>(total) / secs;
  const double recs_per_s = subs_per_s * static_cast<double>(a.records);
  const std::string rss = server_rss(a.server_pid);

  // Ceiling 1: raw inserts of the same records.
  std::vector<vrs::schema::Incident> ceiling_records(sample.begin(),
                                                     sample.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(sample.size(), 20000)));
  const double raw = raw_inserts_per_second(a.scratch, ceiling_records);

  // Ceiling 2: open + verify the same envelopes (one thread), with a key pair we seal to here.
  auto box = ok(vrs::crypto::BoxKeyPair::generate(), "box");
  const auto signer = ok(profiles[0].signing_key(), "signing key");
  std::vector<std::string> resealed;
  for (std::size_t i = 0; i < std::min<std::size_t>(sample_envelopes.size(), 2000); ++i) {
    const auto& recs_begin = sample.begin() + static_cast<std::ptrdiff_t>(i * a.records);
    vrs::schema::Batch b{vrs::crypto::random_uuid_v4(), "2026-11-23T10:00:00.000Z", member_of(profiles[0]),
                         std::vector<vrs::schema::Incident>(recs_begin, recs_begin + static_cast<std::ptrdiff_t>(a.records))};
    resealed.push_back(ok(vrs::schema::seal_envelope(vrs::schema::encode_batch(b), signer, "k", box.public_key(), "vrs-bench"),
                             "seal"));
  }
  const auto t1 = Clock::now();
  std::size_t opened = 0;
  for (const auto& env : resealed) {
    auto parsed = vrs::schema::parse_envelope(env);
    if (parsed && vrs::schema::open_envelope(*parsed, box, "vrs-bench")) ++opened;
  }
  const double open_per_s = static_cast<double>(opened) / std::chrono::duration<double>(Clock::now() - t1).count();

  std::printf("ingest benchmark: %d connections, %zu record(s) per submission, %.1f s\n", a.connections, a.records, secs);
  std::printf("  submissions/s      %10.0f   (%zu stored, %zu refused)\n", subs_per_s, total, errors);
  std::printf("  records/s          %10.0f\n", recs_per_s);
  std::printf("  latency p50 / p99  %8.2f ms / %.2f ms\n", percentile(all, 0.50), percentile(all, 0.99));
  std::printf("  server RSS         %s\n", rss.c_str());
  std::printf("  ceiling: raw SQLCipher inserts/s (same rows, 100 per transaction)   %10.0f records/s -> ours %.2f of it\n",
              raw, recs_per_s / raw);
  std::printf("  ceiling: libsodium open+verify/s (same payloads, one thread)        %10.0f envelopes/s -> ours %.2f of it\n",
              open_per_s, subs_per_s / open_per_s);
  return errors == 0 ? 0 : 1;
}
