#include "vrs/server/server_state.hpp"

#include <spdlog/spdlog.h>

#include "vrs/server/store/member_store.hpp"
#include "vrs/tls/context.hpp"

namespace vrs::server {

ServerState::ServerState(Config cfg)
    : config(std::move(cfg)),
      rate_limiter(config.limits.requests_per_second_per_member, 2 * config.limits.requests_per_second_per_member),
      limits_(std::make_shared<const Limits>(config.limits)) {}

std::shared_ptr<const Limits> ServerState::limits() const {
  std::lock_guard lock(mutex_);
  return limits_;
}

std::shared_ptr<const store::ServerKeys> ServerState::keys() const {
  std::lock_guard lock(mutex_);
  return keys_;
}

void ServerState::set_keys(std::shared_ptr<const store::ServerKeys> keys) {
  std::lock_guard lock(mutex_);
  keys_ = std::move(keys);
}

void ServerState::set_limits(const Limits& limits) {
  rate_limiter.reconfigure(limits.requests_per_second_per_member, 2 * limits.requests_per_second_per_member);
  auto next = std::make_shared<const Limits>(limits);
  std::lock_guard lock(mutex_);
  limits_ = std::move(next);
}

std::shared_ptr<transport::ssl::context> ServerState::tls_context() const {
  std::lock_guard lock(mutex_);
  return tls_context_;
}

Result<void> ServerState::rebuild_tls_context() {
  tls::ServerContextOptions options;
  options.certificate_chain = config.paths.tls_cert_chain;
  options.private_key = config.paths.tls_key;
  options.client_ca = config.paths.client_ca;
  options.crl = config.paths.crl;
  options.allow_tls12 = config.tls.allow_tls12;
  VRS_TRY(auto ctx, tls::make_server_context(options));
  std::lock_guard lock(mutex_);
  tls_context_ = std::move(ctx);
  return {};
}

Result<void> ServerState::refresh(db::Database& database) {
  auto loaded = registry.reload(database);
  if (!loaded) {
    spdlog::error("registry reload failed error=\"{}\"", loaded.error().message());
    return loaded;
  }
  auto rebuilt = rebuild_tls_context();
  if (!rebuilt) spdlog::error("TLS context rebuild failed error=\"{}\"", rebuilt.error().message());
  return rebuilt;
}

void ServerState::reject_authentication(const std::string& actor, const std::string& fingerprint,
                                        std::string_view reason) {
  metrics.rejection(reason);
  spdlog::info("authentication refused reason={} member={} fingerprint={}", reason, actor.empty() ? "-" : actor,
               fingerprint.empty() ? "-" : fingerprint.substr(0, 16));
  const std::string key(reason);
  if (!db || !audit_limiter.acquire(key).allowed) {
    metrics.audit_rejection_dropped();
    std::lock_guard lock(mutex_);
    ++rejections_unlogged_[key];
    return;
  }
  std::uint64_t unlogged = 0;
  {
    std::lock_guard lock(mutex_);
    if (auto it = rejections_unlogged_.find(key); it != rejections_unlogged_.end()) {
      unlogged = it->second;
      rejections_unlogged_.erase(it);
    }
  }
  const bool queued = db->post([actor, fingerprint, key, unlogged](db::Database& database) {
    if (auto ok = store::audit_rejection(database, actor, fingerprint, key, unlogged); !ok) {
      spdlog::error("cannot audit a refused authentication error=\"{}\"", ok.error().message());
    }
  });
  if (!queued) {
    metrics.audit_rejection_dropped();
    std::lock_guard lock(mutex_);
    rejections_unlogged_[key] += 1 + unlogged;
  }
}

void ServerState::flush_rejection_summaries() {
  std::map<std::string, std::uint64_t> counts;
  {
    std::lock_guard lock(mutex_);
    counts.swap(rejections_unlogged_);
  }
  if (counts.empty() || !db) return;
  const bool queued = db->post([counts](db::Database& database) {
    for (const auto& [reason, n] : counts) {
      if (auto ok = store::audit_rejection_summary(database, reason, n); !ok) {
        spdlog::error("cannot audit refused authentications error=\"{}\"", ok.error().message());
      }
    }
  });
  if (!queued) {
    std::lock_guard lock(mutex_);
    for (const auto& [reason, n] : counts) rejections_unlogged_[reason] += n;
  }
}

bool ServerState::acquire_analysis_slot(const std::string& member_id, std::size_t limit) {
  std::lock_guard lock(mutex_);
  auto& n = member_analyses_[member_id];
  if (n >= limit) return false;
  ++n;
  return true;
}

void ServerState::release_analysis_slot(const std::string& member_id) {
  std::lock_guard lock(mutex_);
  auto it = member_analyses_.find(member_id);
  if (it == member_analyses_.end()) return;
  if (--it->second == 0) member_analyses_.erase(it);
}

bool ServerState::acquire_member_slot(const std::string& member_id, std::size_t limit) {
  std::lock_guard lock(mutex_);
  auto& n = member_connections_[member_id];
  if (n >= limit) {
    if (n == 0) member_connections_.erase(member_id);
    return false;
  }
  ++n;
  return true;
}

void ServerState::release_member_slot(const std::string& member_id) {
  std::lock_guard lock(mutex_);
  auto it = member_connections_.find(member_id);
  if (it == member_connections_.end()) return;
  if (--it->second == 0) member_connections_.erase(it);
}

bool ServerState::acquire_source(const std::string& address, std::size_t connections, std::size_t handshakes) {
  std::lock_guard lock(mutex_);
  auto& n = sources_[address];
  if (n.connections >= connections || n.handshakes >= handshakes) {
    if (n.connections == 0) sources_.erase(address);
    return false;
  }
  ++n.connections;
  ++n.handshakes;
  return true;
}

void ServerState::end_source_handshake(const std::string& address) {
  std::lock_guard lock(mutex_);
  auto it = sources_.find(address);
  if (it != sources_.end() && it->second.handshakes > 0) --it->second.handshakes;
}

void ServerState::release_source(const std::string& address) {
  std::lock_guard lock(mutex_);
  auto it = sources_.find(address);
  if (it == sources_.end()) return;
  if (it->second.connections > 0) --it->second.connections;
  if (it->second.connections == 0) sources_.erase(it);
}

void ServerState::add_session(transport::Session* key, std::weak_ptr<transport::Session> session) {
  std::lock_guard lock(mutex_);
  sessions_[key] = std::move(session);
}

void ServerState::remove_session(transport::Session* key) {
  std::lock_guard lock(mutex_);
  sessions_.erase(key);
}

std::vector<std::shared_ptr<transport::Session>> ServerState::sessions() const {
  std::vector<std::shared_ptr<transport::Session>> out;
  std::lock_guard lock(mutex_);
  out.reserve(sessions_.size());
  for (const auto& [key, weak] : sessions_) {
    if (auto s = weak.lock()) out.push_back(std::move(s));
  }
  return out;
}

}  // namespace vrs::server
