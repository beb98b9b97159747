#include "vrs/server/server.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <future>

#include <boost/asio/steady_timer.hpp>

#include "vrs/db/database.hpp"
#include "vrs/server/api/handlers_admin.hpp"
#include "vrs/server/api/handlers_analyses.hpp"
#include "vrs/server/api/handlers_log.hpp"
#include "vrs/server/api/handlers_member.hpp"
#include "vrs/server/api/handlers_submissions.hpp"
#include "vrs/server/transport/listener.hpp"
#include "vrs/server/store/cell_key_secret.hpp"
#include "vrs/server/store/key_rotation.hpp"
#include "vrs/server/store/member_store.hpp"
#include "vrs/server/transport/metrics_listener.hpp"
#include "vrs/server/server_state.hpp"
#include "vrs/server/transport/session.hpp"

namespace vrs::server {
namespace {

// Renew the CRL when its nextUpdate is closer than this (it is valid for 7 days).
constexpr auto kCrlRenewBefore = std::chrono::hours(72);

// Runs `job` on the DB worker and waits for its result (start-up and SIGHUP only).
template <typename F>
Result<void> on_worker(store::DbWorker& worker, F job) {
  auto promise = std::make_shared<std::promise<Result<void>>>();
  auto future = promise->get_future();
  if (!worker.post([promise, job = std::move(job)](db::Database& database) mutable {
        promise->set_value(job(database));
      })) {
    return fail(ErrorCode::Unavailable, "the database worker is not running");
  }
  return future.get();
}

}  // namespace

struct Server::Io {
  transport::net::io_context ioc;
  transport::net::steady_timer crl_timer;  // hourly check that the CRL is renewed before it expires
  transport::net::steady_timer log_timer;  // signed heads of the transparency log at a fixed interval
  explicit Io(int threads)
      : ioc(threads), crl_timer(transport::net::make_strand(ioc)), log_timer(transport::net::make_strand(ioc)) {}
};

namespace {

constexpr auto kCrlCheckInterval = std::chrono::hours(1);

// Every hour: renew the CRL on the DB worker when its nextUpdate is near, so handshakes never
// fail on an expired CRL (X509_V_FLAG_CRL_CHECK) while the server runs.
void schedule_crl_check(transport::net::steady_timer& timer, ServerState& state) {
  timer.expires_after(kCrlCheckInterval);
  timer.async_wait([&timer, &state](transport::beast::error_code ec) {
    if (ec || state.draining.load()) return;
    if (state.authority->crl_next_update() < std::chrono::system_clock::now() + kCrlRenewBefore) {
      const bool queued = state.db->post([&state](db::Database& database) {
        auto renewed = store::MemberStore(database, *state.authority).publish_crl("operator");
        if (!renewed) {
          spdlog::error("CRL renewal failed error=\"{}\"", renewed.error().message());
          return;
        }
        (void)state.refresh(database);
        spdlog::info("CRL renewed");
      });
      if (!queued) spdlog::warn("CRL renewal postponed: database worker busy");
    }
    schedule_crl_check(timer, state);
  });
}

// At a fixed interval: sign and store a head of the transparency log if it grew, and write the
// summaries of refused authentications that were counted but not logged singly.
void schedule_log_checkpoint(transport::net::steady_timer& timer, ServerState& state) {
  timer.expires_after(store::kCheckpointInterval);
  timer.async_wait([&timer, &state](transport::beast::error_code ec) {
    if (ec || state.draining.load()) return;
    const bool queued = state.db->post([&state](db::Database& database) {
      if (auto head = state.log->checkpoint(database, *state.keys()); !head) {
        spdlog::error("transparency log checkpoint failed error=\"{}\"", head.error().message());
      }
    });
    if (!queued) spdlog::warn("transparency log checkpoint postponed: database worker busy");
    state.flush_rejection_summaries();
    schedule_log_checkpoint(timer, state);
  });
}

}  // namespace

Result<std::unique_ptr<Server>> Server::create(Config config, crypto::SecureBuffer db_key) {
  std::unique_ptr<Server> server(new Server());
  server->state_ = std::make_unique<ServerState>(std::move(config));
  ServerState& state = *server->state_;
  const Config& cfg = state.config;

  VRS_TRY(auto authority, IssuingAuthority::load(cfg.paths));
  state.authority = std::move(authority);

  VRS_TRY(auto analysis_key, crypto::SecureBuffer::copy_of(db_key.view()));
  VRS_TRY(auto worker, store::DbWorker::start(cfg.paths.db, std::move(db_key)));
  state.db = std::move(worker);
  // After the writer has migrated the file: the reader never writes.
  VRS_TRY(auto engine, analysis::Engine::start(cfg.paths.db, std::move(analysis_key), cfg.analysis.max_queue));
  state.analysis = std::move(engine);

  // Renew a CRL that is about to expire before building the TLS context on it.
  if (state.authority->crl_next_update() < std::chrono::system_clock::now() + kCrlRenewBefore) {
    auto renewed = on_worker(*state.db, [&state](db::Database& database) {
      return store::MemberStore(database, *state.authority).publish_crl("operator");
    });
    if (!renewed) return fail(renewed.error().with_context("cannot renew the CRL"));
  }
  VRS_TRY_VOID(state.rebuild_tls_context());
  VRS_TRY_VOID(on_worker(*state.db, [&state](db::Database& database) { return state.registry.reload(database); }));
  VRS_TRY_VOID(on_worker(*state.db, [&state](db::Database& database) -> Result<void> {
    // Rotations requested offline (vrs-server keys rotate, restore) take effect now.
    auto rotated = store::apply_requested_rotations(database);
    if (!rotated) return fail(rotated.error().with_context("server keys"));
    for (const auto& change : *rotated) spdlog::info("start: server key rotated {}", change);
    auto keys = store::ServerKeys::load_or_create(database, std::chrono::days(state.config.keys.sealing_grace_days));
    if (!keys) return fail(keys.error().with_context("server keys"));
    state.set_keys(std::move(*keys));
    if (auto secret = store::ensure_cell_key_secret(database); !secret) {
      return fail(secret.error().with_context("cell-key secret"));
    }
    // The log is verified before anything is served: a broken one stops the start.
    auto log = store::TransparencyLog::open(database, state.config.paths.db.parent_path() / "log-head.json");
    if (!log) {
      return fail(log.error().with_context("the audit log does not verify; the server will not serve until it is "
                                           "restored from a backup or investigated (docs/transparency.md)"));
    }
    state.log = std::move(*log);
    return {};
  }));
  state.workers = std::make_unique<transport::net::thread_pool>(cfg.listen.worker_threads);
  state.metrics.set_extra([db = state.db.get(), analysis = state.analysis.get(), path = cfg.paths.db] {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    std::string out =
        "# HELP vrs_db_queue_depth Jobs waiting for the database thread.\n# TYPE vrs_db_queue_depth gauge\n"
        "vrs_db_queue_depth " + std::to_string(db->queue_depth()) +
        "\n# HELP vrs_db_group_commits_total Transactions committed for submissions (group commit).\n"
        "# TYPE vrs_db_group_commits_total counter\nvrs_db_group_commits_total " + std::to_string(db->group_commits()) +
        "\n# HELP vrs_db_grouped_jobs_total Submissions carried by those transactions.\n"
        "# TYPE vrs_db_grouped_jobs_total counter\nvrs_db_grouped_jobs_total " + std::to_string(db->grouped_jobs()) +
        "\n# HELP vrs_db_size_bytes Size of the database file (without its WAL).\n# TYPE vrs_db_size_bytes gauge\n"
        "vrs_db_size_bytes " + std::to_string(ec ? 0 : size) +
        "\n# HELP vrs_analysis_queue_depth Analysis requests waiting for the analysis thread.\n"
        "# TYPE vrs_analysis_queue_depth gauge\nvrs_analysis_queue_depth " + std::to_string(analysis->queue_depth()) +
        "\n# HELP vrs_analysis_records Records (latest active versions) in the analysis store at its last refresh.\n"
        "# TYPE vrs_analysis_records gauge\nvrs_analysis_records " + std::to_string(analysis->records()) + "\n";
    return out;
  });

  api::add_member_routes(state.router);
  api::add_log_routes(state.router);
  api::add_admin_routes(state.router);
  api::add_submission_routes(state.router);
  api::add_analysis_routes(state.router);

  server->io_ = std::make_unique<Io>(static_cast<int>(cfg.listen.threads));
  boost::system::error_code ec;
  const auto address = transport::net::ip::make_address(cfg.listen.address, ec);
  if (ec) return fail(ErrorCode::InvalidArgument, "listen.address: " + cfg.listen.address + " is not an IP address");
  VRS_TRY(auto listener, transport::Listener::open(server->io_->ioc, transport::tcp::endpoint(address, cfg.listen.port), state));
  server->listener_ = std::move(listener);
  server->port_ = server->listener_->local_endpoint().port();

  if (cfg.metrics.enabled) {
    const auto metrics_address = transport::net::ip::make_address(cfg.metrics.address, ec);
    if (ec) return fail(ErrorCode::InvalidArgument, "metrics.address: " + cfg.metrics.address + " is not an IP address");
    VRS_TRY(auto metrics, transport::MetricsListener::open(server->io_->ioc, transport::tcp::endpoint(metrics_address, cfg.metrics.port), state.metrics));
    server->metrics_listener_ = std::move(metrics);
    server->metrics_port_ = server->metrics_listener_->local_endpoint().port();
  }
  return server;
}

const std::string& Server::address() const noexcept { return state_->config.listen.address; }
const std::string& Server::metrics_address() const noexcept { return state_->config.metrics.address; }

void Server::start() {
  if (started_) return;
  started_ = true;
  listener_->run();
  if (metrics_listener_) metrics_listener_->run();
  schedule_crl_check(io_->crl_timer, *state_);
  schedule_log_checkpoint(io_->log_timer, *state_);
  const unsigned n = state_->config.listen.threads;
  threads_.reserve(n);
  for (unsigned i = 0; i < n; ++i) {
    threads_.emplace_back([this] {
      try {
        io_->ioc.run();
      } catch (const std::exception& e) {
        // docs/architecture.md "Threads": each run() thread catches, logs and aborts (an exception here is a bug).
        spdlog::critical("I/O thread failed error=\"{}\"", e.what());
        std::abort();
      }
    });
  }
  state_->metrics.set_ready(true);
  spdlog::info("server started address={} port={} threads={}", state_->config.listen.address, port_, n);
}

void Server::stop() {
  if (stopped_) return;
  stopped_ = true;
  if (started_) {
    state_->metrics.set_ready(false);
    state_->draining = true;
    listener_->stop();
    if (metrics_listener_) metrics_listener_->stop();
    for (auto& session : state_->sessions()) session->drain();
    // Bounded wait for in-flight requests; then everything still open is cut.
    const auto deadline = std::chrono::steady_clock::now() + state_->limits()->drain_timeout;
    while (state_->metrics.open_connections() > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const auto left = state_->metrics.open_connections();
    if (left > 0) spdlog::warn("drain timeout: closing connections open={}", left);
    transport::net::post(io_->crl_timer.get_executor(), [io = io_.get()] { io->crl_timer.cancel(); });
    transport::net::post(io_->log_timer.get_executor(), [io = io_.get()] { io->log_timer.cancel(); });
    io_->ioc.stop();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }
  // Verification jobs still running hand their batches to the DB worker, which stops next.
  if (state_->workers) state_->workers->join();
  if (state_->analysis) state_->analysis->stop();  // its last jobs still write their audit entries
  if (state_->db) state_->db->stop();  // finishes queued jobs (audit entries) first
  listener_.reset();
  metrics_listener_.reset();
  io_.reset();  // destroys the remaining sessions while the state is alive
  spdlog::info("server stopped");
}

Result<void> Server::reload(const Limits* limits) {
  if (limits != nullptr) state_->set_limits(*limits);
  ServerState& state = *state_;
  VRS_TRY_VOID(state.authority->reload_crl());
  return on_worker(*state.db, [&state](db::Database& database) -> Result<void> {
    // The file may be a CRL from `vrs-ca revoke`: take its revocations over into the registry
    // (and republish a CRL listing all of them) before the TLS context is rebuilt on it.
    VRS_TRY(auto crl, certs::Crl::from_pem(state.authority->crl_pem()));
    VRS_TRY(auto imported, store::MemberStore(database, *state.authority).import_revocations(crl, "operator"));
    if (imported > 0) spdlog::info("CRL reload: certificates revoked={}", imported);
    if (state.authority->crl_next_update() < std::chrono::system_clock::now() + kCrlRenewBefore) {
      VRS_TRY_VOID(store::MemberStore(database, *state.authority).publish_crl("operator"));
    }
    // Rotations requested offline (vrs-server keys rotate) are made now, on this thread, so the
    // old key stops signing at the very moment of its retirement; retirements are published.
    auto rotated = store::apply_requested_rotations(database);
    if (!rotated) return fail(rotated.error().with_context("server keys"));
    for (const auto& change : *rotated) spdlog::info("reload: server key rotated {}", change);
    auto keys = store::ServerKeys::load_or_create(database, std::chrono::days(state.config.keys.sealing_grace_days));
    if (!keys) return fail(keys.error().with_context("server keys"));
    if ((*keys)->public_json() != state.keys()->public_json()) {
      spdlog::info("reload: server keys changed sealing={} receipt={}", (*keys)->current_sealing_id(),
                   (*keys)->receipt_key_id());
    }
    state.set_keys(std::move(*keys));
    return state.refresh(database);
  });
}

Server::~Server() {
  if (state_) stop();
}

}  // namespace vrs::server
