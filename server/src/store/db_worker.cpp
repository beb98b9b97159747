#include "vrs/server/store/db_worker.hpp"

#include <spdlog/spdlog.h>

#include <future>

#include "vrs/db/database.hpp"
#include "vrs/db/savepoint.hpp"
#include "vrs/db/transaction.hpp"

namespace vrs::server::store {

Result<std::unique_ptr<DbWorker>> DbWorker::start(std::filesystem::path db_path, crypto::SecureBuffer key,
                                                  std::size_t max_queue, bool read_only) {
  std::unique_ptr<DbWorker> worker(new DbWorker(max_queue));
  worker->read_only_ = read_only;
  std::promise<Result<void>> opened;
  auto opened_future = opened.get_future();
  worker->thread_ = std::thread([w = worker.get(), path = std::move(db_path), k = std::move(key),
                                 p = std::move(opened)]() mutable {
    w->run(std::move(path), std::move(k), [&p](Result<void> r) { p.set_value(std::move(r)); });
  });
  auto result = opened_future.get();
  if (!result) {
    worker->thread_.join();
    return fail(result.error());
  }
  return worker;
}

DbWorker::~DbWorker() { stop(); }

void DbWorker::run(std::filesystem::path db_path, crypto::SecureBuffer key, std::function<void(Result<void>)> opened) {
  db::OpenOptions options;
  options.migrate = !read_only_;  // read-only: PRAGMA query_only, never a write
  auto database = db::Database::open(db_path, key, options);
  key = crypto::SecureBuffer();  // wipe: the connection is keyed
  if (!database) {
    opened(fail(database.error()));
    return;
  }
  opened({});
  for (;;) {
    Job job;
    std::vector<GroupedJob> group;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) break;  // stopping and drained
      if (queue_.front().grouped.apply) {
        // Take every grouped job queued back to back (up to kMaxGroup): one transaction.
        while (!queue_.empty() && queue_.front().grouped.apply && group.size() < kMaxGroup) {
          group.push_back(std::move(queue_.front().grouped));
          queue_.pop_front();
        }
      } else {
        job = std::move(queue_.front().job);
        queue_.pop_front();
      }
    }
    try {
      if (!group.empty()) {
        run_group(*database, group);
      } else {
        job(*database);
      }
    } catch (const std::exception& e) {
      spdlog::error("db worker: job failed error=\"{}\"", e.what());
    } catch (...) {
      spdlog::error("db worker: job failed with an unknown exception");
    }
  }
}

void DbWorker::run_group(db::Database& database, std::vector<GroupedJob>& group) {
  auto finish = [&group, &database](bool committed) {
    for (auto& g : group) {
      try {
        g.done(committed, database);
      } catch (const std::exception& e) {
        spdlog::error("db worker: completion failed error=\"{}\"", e.what());
      }
    }
  };
  auto transaction = db::Transaction::begin(database);
  if (!transaction) {
    spdlog::error("group commit: cannot begin error=\"{}\"", transaction.error().message());
    finish(false);
    return;
  }
  bool ok = true;
  for (auto& g : group) {
    // Each job in its own savepoint: a job that refuses (a conflict) is undone alone.
    auto savepoint = db::Savepoint::begin(database, "grouped_job");
    if (!savepoint) {
      ok = false;
      break;
    }
    bool applied = false;
    try {
      applied = g.apply(database);
    } catch (const std::exception& e) {
      spdlog::error("group commit: job failed error=\"{}\"", e.what());
    }
    if (!(applied ? savepoint->release() : savepoint->rollback())) {
      ok = false;
      break;
    }
  }
  if (ok) {
    auto committed = transaction->commit();
    ok = committed.has_value();
    if (!ok) spdlog::error("group commit: COMMIT failed error=\"{}\"", committed.error().message());
  }
  if (!ok) (void)transaction->rollback();  // nothing of the group is stored
  if (ok) {
    group_commits_.fetch_add(1);
    grouped_jobs_.fetch_add(group.size());
  }
  finish(ok);
}

bool DbWorker::post(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= max_queue_) return false;
    queue_.push_back(Entry{std::move(job), {}});
  }
  wake_.notify_one();
  return true;
}

bool DbWorker::post_grouped(GroupedJob job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= max_queue_) return false;
    queue_.push_back(Entry{{}, std::move(job)});
  }
  wake_.notify_one();
  return true;
}

void DbWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

std::size_t DbWorker::queue_depth() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

}  // namespace vrs::server::store
