#pragma once
/// The database thread (CONVENTIONS "Server habits"): owns the one server connection and runs
/// jobs posted from I/O threads in order, so no I/O thread ever waits on SQLite. Results go
/// back through the job's own continuation (the sessions post them to their strand).
///
/// Thread-safety: post() and stop() may be called from any thread. Jobs run on the worker
/// thread only; an exception escaping a job is caught and logged (never crosses threads).

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "vrs/common/error.hpp"
#include "vrs/crypto/secure_buffer.hpp"

namespace vrs::db {
class Database;
}

namespace vrs::server {

class DbWorker {
 public:
  using Job = std::function<void(db::Database&)>;

  /// Starts the thread and opens (migrating) the database there with `key`. Fails with the
  /// open error; the key is wiped when the worker no longer needs it.
  static Result<std::unique_ptr<DbWorker>> start(std::filesystem::path db_path, crypto::SecureBuffer key,
                                                  std::size_t max_queue = 4096);

  DbWorker(const DbWorker&) = delete;
  DbWorker& operator=(const DbWorker&) = delete;
  /// stop().
  ~DbWorker();

  /// Queues a job. false (job dropped, not run) when the queue is full or the worker stopped:
  /// the caller answers 503.
  [[nodiscard]] bool post(Job job);

  /// Runs the queued jobs, then ends the thread and closes the database. Idempotent.
  void stop();

  [[nodiscard]] std::size_t queue_depth() const;

 private:
  DbWorker(std::size_t max_queue) : max_queue_(max_queue) {}
  void run(std::filesystem::path db_path, crypto::SecureBuffer key, std::function<void(Result<void>)> opened);

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  std::size_t max_queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace vrs::server
