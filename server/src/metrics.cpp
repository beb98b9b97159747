#include "vrs/server/metrics.hpp"

#include <sstream>

namespace vrs::server {

void Metrics::request(std::string_view route, unsigned status, std::chrono::steady_clock::duration duration) {
  const double seconds = std::chrono::duration<double>(duration).count();
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), status}];
  auto& h = durations_[std::string(route)];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::handshake(std::string_view result, std::string_view reason) {
  std::lock_guard lock(mutex_);
  ++handshakes_[{std::string(result), std::string(reason)}];
}

void Metrics::rejection(std::string_view reason) {
  std::lock_guard lock(mutex_);
  ++rejections_[std::string(reason)];
}

void Metrics::audit_rejection_dropped() {
  std::lock_guard lock(mutex_);
  ++audit_dropped_;
}

std::uint64_t Metrics::rejections(std::string_view reason) const {
  std::lock_guard lock(mutex_);
  auto it = rejections_.find(std::string(reason));
  return it == rejections_.end() ? 0 : it->second;
}

std::uint64_t Metrics::handshakes(std::string_view result, std::string_view reason) const {
  std::lock_guard lock(mutex_);
  auto it = handshakes_.find({std::string(result), std::string(reason)});
  return it == handshakes_.end() ? 0 : it->second;
}

std::uint64_t Metrics::requests(std::string_view route, unsigned status) const {
  std::lock_guard lock(mutex_);
  auto it = requests_.find({std::string(route), status});
  return it == requests_.end() ? 0 : it->second;
}

void Metrics::submission(std::string_view outcome, std::size_t records_stored) {
  std::lock_guard lock(mutex_);
  ++submissions_[std::string(outcome)];
  records_stored_ += records_stored;
}

std::uint64_t Metrics::submissions(std::string_view outcome) const {
  std::lock_guard lock(mutex_);
  auto it = submissions_.find(std::string(outcome));
  return it == submissions_.end() ? 0 : it->second;
}

std::string Metrics::render() const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP vrs_requests_total HTTP requests answered, by route template and status.\n"
         "# TYPE vrs_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out << "vrs_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} " << n << "\n";
  }
  out << "# HELP vrs_request_duration_seconds Time from a complete request to its response.\n"
         "# TYPE vrs_request_duration_seconds histogram\n";
  for (const auto& [route, h] : durations_) {
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out << "vrs_request_duration_seconds_bucket{route=\"" << route << "\",le=\"" << kBuckets[i] << "\"} "
          << h.buckets[i] << "\n";
    }
    out << "vrs_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} " << h.count << "\n";
    out << "vrs_request_duration_seconds_sum{route=\"" << route << "\"} " << h.sum << "\n";
    out << "vrs_request_duration_seconds_count{route=\"" << route << "\"} " << h.count << "\n";
  }
  out << "# HELP vrs_tls_handshakes_total TLS handshakes, by result and reason.\n"
         "# TYPE vrs_tls_handshakes_total counter\n";
  for (const auto& [key, n] : handshakes_) {
    out << "vrs_tls_handshakes_total{result=\"" << key.first << "\",reason=\"" << key.second << "\"} " << n << "\n";
  }
  out << "# HELP vrs_rejections_total Connections and requests refused, by reason.\n"
         "# TYPE vrs_rejections_total counter\n";
  for (const auto& [reason, n] : rejections_) out << "vrs_rejections_total{reason=\"" << reason << "\"} " << n << "\n";
  out << "# HELP vrs_audit_rejections_dropped_total Rejection audit entries skipped by the audit rate limit.\n"
         "# TYPE vrs_audit_rejections_dropped_total counter\n"
         "vrs_audit_rejections_dropped_total "
      << audit_dropped_ << "\n";
  out << "# HELP vrs_submissions_total Submissions answered, by outcome (stored, replayed or problem code).\n"
         "# TYPE vrs_submissions_total counter\n";
  for (const auto& [outcome, n] : submissions_) out << "vrs_submissions_total{outcome=\"" << outcome << "\"} " << n << "\n";
  out << "# HELP vrs_records_stored_total Incident record versions stored.\n"
         "# TYPE vrs_records_stored_total counter\n"
         "vrs_records_stored_total "
      << records_stored_ << "\n";
  if (extra_) out << extra_();
  out << "# HELP vrs_open_connections Open client connections (TLS listener).\n"
         "# TYPE vrs_open_connections gauge\n"
         "vrs_open_connections "
      << open_connections_.load(std::memory_order_relaxed) << "\n";
  return out.str();
}

}  // namespace vrs::server
