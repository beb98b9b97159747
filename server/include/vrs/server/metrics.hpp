#pragma once
/// Server metrics in the Prometheus text format (docs/architecture.md "Transport"):
///   vrs_requests_total{route,status}            counter
///   vrs_request_duration_seconds{route}          histogram
///   vrs_tls_handshakes_total{result,reason}      counter
///   vrs_rejections_total{reason}                 counter (limits, authentication, routing)
///   vrs_open_connections                         gauge
///   vrs_audit_rejections_dropped_total           counter (rejection audit entries not written
///                                                because of the audit rate limit)
/// Label values are fixed strings chosen by the server (route templates, reason names), never
/// request content, so the number of series stays bounded.
///
/// Thread-safety: every member function may be called from any thread.

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace vrs::server {

class Metrics {
 public:
  void request(std::string_view route, unsigned status, std::chrono::steady_clock::duration duration);
  void handshake(std::string_view result, std::string_view reason);
  void rejection(std::string_view reason);
  void audit_rejection_dropped();
  /// Readiness (GET /readyz): set once the server serves, cleared when it starts draining.
  /// The metrics listener itself is only bound after the database is open, the transparency
  /// log verified and the analysis store loaded, so nothing answers before that.
  void set_ready(bool ready) noexcept { ready_.store(ready, std::memory_order_relaxed); }
  [[nodiscard]] bool ready() const noexcept { return ready_.load(std::memory_order_relaxed); }
  void connection_opened() noexcept { open_connections_.fetch_add(1, std::memory_order_relaxed); }
  void connection_closed() noexcept { open_connections_.fetch_sub(1, std::memory_order_relaxed); }
  [[nodiscard]] std::int64_t open_connections() const noexcept {
    return open_connections_.load(std::memory_order_relaxed);
  }

  /// Counter values (tests).
  [[nodiscard]] std::uint64_t rejections(std::string_view reason) const;
  [[nodiscard]] std::uint64_t handshakes(std::string_view result, std::string_view reason) const;
  [[nodiscard]] std::uint64_t requests(std::string_view route, unsigned status) const;

  /// A submission answered, by outcome (stored, replayed, or the problem code), and the
  /// records it stored.
  void submission(std::string_view outcome, std::size_t records_stored);
  [[nodiscard]] std::uint64_t submissions(std::string_view outcome) const;
  /// Extra exposition lines (database gauges), produced at render time. Set once, before the
  /// server starts; the function must be thread-safe.
  void set_extra(std::function<std::string()> extra) { extra_ = std::move(extra); }

  /// The whole exposition text.
  [[nodiscard]] std::string render() const;

  static constexpr std::array<double, 11> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, unsigned>, std::uint64_t> requests_;
  std::map<std::string, Histogram> durations_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> handshakes_;
  std::map<std::string, std::uint64_t> rejections_;
  std::uint64_t audit_dropped_ = 0;
  std::map<std::string, std::uint64_t> submissions_;
  std::uint64_t records_stored_ = 0;
  std::function<std::string()> extra_;
  std::atomic<bool> ready_{false};
  std::atomic<std::int64_t> open_connections_{0};
};

}  // namespace vrs::server
