#pragma once
/// Token buckets keyed by a string (a member id): `rate` tokens per second, at most `burst`
/// tokens (docs/architecture.md "Transport": requests per second per member, burst 2x the rate).
/// Memory is bounded: past `max_keys` buckets, full (idle) buckets are dropped, and if none is
/// full the oldest ones are.
///
/// Thread-safety: all member functions may be called concurrently (one mutex, held only for
/// arithmetic on one bucket).

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace vrs::server::transport {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  struct Decision {
    bool allowed = true;
    /// When refused: how long until one token is available (rounded up to whole seconds, >= 1),
    /// for Retry-After.
    std::chrono::seconds retry_after{0};
  };

  /// `rate` > 0 tokens per second; `burst` >= 1.
  RateLimiter(double rate, double burst, std::size_t max_keys = 100000);

  /// Takes one token for `key` at time `now`.
  Decision acquire(std::string_view key, Clock::time_point now = Clock::now());

  /// Changes rate and burst (SIGHUP); existing buckets keep their tokens (capped at burst).
  void reconfigure(double rate, double burst);

  [[nodiscard]] std::size_t size() const;

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point last{};
  };
  void evict_locked(Clock::time_point now);

  mutable std::mutex mutex_;
  double rate_;
  double burst_;
  std::size_t max_keys_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace vrs::server::transport
