#include "vrs/server/db_worker.hpp"

#include <spdlog/spdlog.h>

#include <future>

#include "vrs/db/database.hpp"

namespace vrs::server {

Result<std::unique_ptr<DbWorker>> DbWorker::start(std::filesystem::path db_path, crypto::SecureBuffer key,
                                                  std::size_t max_queue) {
  std::unique_ptr<DbWorker> worker(new DbWorker(max_queue));
  std::promise<Result<void>> opened;
  auto opened_future = opened.get_future();
  worker->thread_ = std::thread([w = worker.get(), path = std::move(db_path), k = std::move(key),
                                 p = std::move(opened)]() mutable {
    w->run(std::move(path), std::move(k), [&p](Result<void> r) { p.set_value(std::move(r)); });
  });
  auto result = opened_future.get();
  if (!result) {
    worker->thread_.join();
    return tl::unexpected(result.error());
  }
  return worker;
}

DbWorker::~DbWorker() { stop(); }

void DbWorker::run(std::filesystem::path db_path, crypto::SecureBuffer key, std::function<void(Result<void>)> opened) {
  auto database = db::Database::open(db_path, key);
  key = crypto::SecureBuffer();  // wipe: the connection is keyed
  if (!database) {
    opened(tl::unexpected(database.error()));
    return;
  }
  opened({});
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) break;  // stopping and drained
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      job(*database);
    } catch (const std::exception& e) {
      spdlog::error("db worker: job failed error=\"{}\"", e.what());
    } catch (...) {
      spdlog::error("db worker: job failed with an unknown exception");
    }
  }
}

bool DbWorker::post(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= max_queue_) return false;
    queue_.push_back(std::move(job));
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

}  // namespace vrs::server
