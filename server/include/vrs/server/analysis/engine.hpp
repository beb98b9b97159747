#pragma once
/// The analysis engine (docs/architecture.md "Report path"): its own thread and its own read-only
/// connection to the server database, so analyses never wait for (or block) the writer. It keeps
/// the fact store (facts.hpp) on that thread and refreshes it before every job, so a report sees
/// every submission committed before it started.
///
/// Thread-safety: post() from any thread; jobs run one at a time on the engine's thread.

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "vrs/common/error.hpp"
#include "vrs/crypto/secure_buffer.hpp"
#include "vrs/server/analysis/facts.hpp"
#include "vrs/server/store/db_worker.hpp"

namespace vrs::server::analysis {

class Engine {
 public:
  using Job = std::function<void(Result<void> refreshed, const analysis::FactStore& facts)>;

  /// Opens the reader (the database must exist and be migrated) and starts loading the facts
  /// in the background. `max_queue` jobs may wait; more are refused.
  static Result<std::unique_ptr<Engine>> start(const std::filesystem::path& db_path, crypto::SecureBuffer key,
                                                       std::size_t max_queue);

  /// Queues `job`; it runs after a refresh of the facts (`refreshed` says whether that worked;
  /// on failure the facts are those of the last good refresh). false when the queue is full
  /// or the engine stopped: answer 503.
  [[nodiscard]] bool post(Job job);

  /// A secret of this server run that orders the "Member N" pseudonyms.
  [[nodiscard]] const std::string& pseudonym_salt() const noexcept { return salt_; }
  /// Analysis requests waiting (metrics).
  [[nodiscard]] std::size_t queue_depth() const { return reader_->queue_depth(); }
  /// Records in the analysis store after the last refresh (metrics).
  [[nodiscard]] std::size_t records() const noexcept { return records_.load(); }

  void stop() { reader_->stop(); }

 private:
  Engine() = default;
  std::unique_ptr<store::DbWorker> reader_;
  std::unique_ptr<analysis::FactStore> facts_;  ///< touched only on the reader's thread
  std::string salt_;
  std::atomic<std::size_t> records_{0};
};

}  // namespace vrs::server::analysis
