#pragma once
/// The database thread (docs/architecture.md "Threads"): owns the one server connection and runs
/// jobs posted from I/O threads in order, so no I/O thread ever waits on SQLite. Results go
/// back through the job's own continuation (the sessions post them to their strand).
///
/// Group commit (docs/architecture.md "Submission path"): jobs posted with post_grouped() that
/// are queued back to back run in ONE transaction, each inside its own savepoint (a job that
/// fails rolls back only its own work), then one COMMIT (synchronous=FULL) makes them all
/// durable; only then is each job's `done` called, so nothing is acknowledged before it is on
/// disk.
///
/// Thread-safety: post() and stop() may be called from any thread. Jobs run on the worker
/// thread only; an exception escaping a job is caught and logged (never crosses threads).

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "vrs/common/error.hpp"
#include "vrs/crypto/secure_buffer.hpp"

namespace vrs::db {
class Database;
}

namespace vrs::server::store {

class DbWorker {
 public:
  using Job = std::function<void(db::Database&)>;

  /// A job that shares its transaction with the grouped jobs queued next to it.
  struct GroupedJob {
    /// Runs inside the job's savepoint. false: roll this job's work back (its outcome is then
    /// whatever it recorded for `done`, e.g. a conflict), the others still commit.
    std::function<bool(db::Database&)> apply;
    /// After the COMMIT, on the worker thread with its connection: `committed` is false when
    /// the transaction as a whole failed (then nothing of any job in the group is stored).
    std::function<void(bool committed, db::Database&)> done;
  };
  /// Most jobs in one transaction.
  static constexpr std::size_t kMaxGroup = 256;

  /// Starts the thread and opens (migrating) the database there with `key`. Fails with the
  /// open error; the key is wiped when the worker no longer needs it. `read_only`: the
  /// connection never writes or migrates (the analysis engine's reader).
  static Result<std::unique_ptr<DbWorker>> start(std::filesystem::path db_path, crypto::SecureBuffer key,
                                                  std::size_t max_queue = 4096, bool read_only = false);

  DbWorker(const DbWorker&) = delete;
  DbWorker& operator=(const DbWorker&) = delete;
  /// stop().
  ~DbWorker();

  /// Queues a job. false (job dropped, not run) when the queue is full or the worker stopped:
  /// the caller answers 503.
  [[nodiscard]] bool post(Job job);
  /// Queues a grouped job; false like post().
  [[nodiscard]] bool post_grouped(GroupedJob job);

  /// Runs the queued jobs, then ends the thread and closes the database. Idempotent.
  void stop();

  [[nodiscard]] std::size_t queue_depth() const;
  /// Transactions committed for grouped jobs, and grouped jobs they carried (metrics).
  [[nodiscard]] std::uint64_t group_commits() const noexcept { return group_commits_.load(); }
  [[nodiscard]] std::uint64_t grouped_jobs() const noexcept { return grouped_jobs_.load(); }

 private:
  DbWorker(std::size_t max_queue) : max_queue_(max_queue) {}
  void run(std::filesystem::path db_path, crypto::SecureBuffer key, std::function<void(Result<void>)> opened);
  void run_group(db::Database& database, std::vector<GroupedJob>& group);

  struct Entry {
    Job job;              ///< set for plain jobs
    GroupedJob grouped;   ///< set (apply non-empty) for grouped jobs
  };
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Entry> queue_;
  std::atomic<std::uint64_t> group_commits_{0};
  std::atomic<std::uint64_t> grouped_jobs_{0};
  std::size_t max_queue_;
  bool stopping_ = false;
  bool read_only_ = false;
  std::thread thread_;
};

}  // namespace vrs::server::store
