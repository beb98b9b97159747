#include <catch2/catch.hpp>

#include "vrs/server/transport/rate_limiter.hpp"

using vrs::server::transport::RateLimiter;
using namespace std::chrono_literals;

TEST_CASE("a bucket allows its burst, then refuses with Retry-After, then refills") {
  RateLimiter limiter(2, 4);
  const auto t0 = RateLimiter::Clock::time_point{} + 1000s;
  for (int i = 0; i < 4; ++i) CHECK(limiter.acquire("AUS-ABF", t0).allowed);
  auto refused = limiter.acquire("AUS-ABF", t0);
  CHECK_FALSE(refused.allowed);
  CHECK(refused.retry_after == 1s);
  CHECK(limiter.acquire("AUS-ABF", t0 + 500ms).allowed);  // 2/s: one token after 0.5 s
  CHECK_FALSE(limiter.acquire("AUS-ABF", t0 + 500ms).allowed);
}

TEST_CASE("buckets are per key") {
  RateLimiter limiter(1, 1);
  const auto t0 = RateLimiter::Clock::time_point{} + 10s;
  CHECK(limiter.acquire("A", t0).allowed);
  CHECK_FALSE(limiter.acquire("A", t0).allowed);
  CHECK(limiter.acquire("B", t0).allowed);
}

TEST_CASE("a slow rate gives a Retry-After of several seconds") {
  RateLimiter limiter(0.25, 1);
  const auto t0 = RateLimiter::Clock::time_point{} + 10s;
  CHECK(limiter.acquire("A", t0).allowed);
  auto r = limiter.acquire("A", t0);
  CHECK_FALSE(r.allowed);
  CHECK(r.retry_after == 4s);
}

TEST_CASE("memory stays bounded under a flood of keys") {
  RateLimiter limiter(1, 2, 100);
  const auto t0 = RateLimiter::Clock::time_point{} + 10s;
  for (int i = 0; i < 1000; ++i) (void)limiter.acquire("k" + std::to_string(i), t0);
  CHECK(limiter.size() <= 100);
}

TEST_CASE("reconfigure caps existing buckets at the new burst") {
  RateLimiter limiter(10, 20);
  const auto t0 = RateLimiter::Clock::time_point{} + 10s;
  CHECK(limiter.acquire("A", t0).allowed);
  limiter.reconfigure(0.5, 1);
  CHECK(limiter.acquire("A", t0).allowed);
  CHECK_FALSE(limiter.acquire("A", t0).allowed);
}
