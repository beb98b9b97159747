#include "vrs/server/transport/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace vrs::server::transport {

RateLimiter::RateLimiter(double rate, double burst, std::size_t max_keys)
    : rate_(std::max(rate, 1e-6)), burst_(std::max(burst, 1.0)), max_keys_(std::max<std::size_t>(max_keys, 1)) {}

void RateLimiter::reconfigure(double rate, double burst) {
  std::lock_guard lock(mutex_);
  rate_ = std::max(rate, 1e-6);
  burst_ = std::max(burst, 1.0);
  for (auto& [key, bucket] : buckets_) bucket.tokens = std::min(bucket.tokens, burst_);
}

std::size_t RateLimiter::size() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

void RateLimiter::evict_locked(Clock::time_point now) {
  // Drop buckets that have refilled completely: they behave exactly like a new bucket.
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const double elapsed = std::chrono::duration<double>(now - it->second.last).count();
    if (it->second.tokens + elapsed * rate_ >= burst_) {
      it = buckets_.erase(it);
    } else {
      ++it;
    }
  }
  if (buckets_.size() < max_keys_) return;
  // Still full (a flood of distinct keys): drop the least recently used half.
  std::vector<std::pair<Clock::time_point, std::string>> by_age;
  by_age.reserve(buckets_.size());
  for (const auto& [key, bucket] : buckets_) by_age.emplace_back(bucket.last, key);
  const auto half = by_age.begin() + static_cast<std::ptrdiff_t>(by_age.size() / 2);
  std::nth_element(by_age.begin(), half, by_age.end());
  for (auto it = by_age.begin(); it != half; ++it) buckets_.erase(it->second);
}

RateLimiter::Decision RateLimiter::acquire(std::string_view key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) evict_locked(now);
    it = buckets_.emplace(std::string(key), Bucket{burst_, now}).first;
  }
  Bucket& b = it->second;
  if (now > b.last) {
    const double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
    b.last = now;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return {};
  }
  const double wait = (1.0 - b.tokens) / rate_;
  const auto seconds = static_cast<std::int64_t>(std::ceil(wait));
  return {false, std::chrono::seconds(std::max<std::int64_t>(seconds, 1))};
}

}  // namespace vrs::server::transport
