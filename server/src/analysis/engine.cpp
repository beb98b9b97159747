#include "vrs/server/analysis/engine.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/random.hpp"

namespace vrs::server::analysis {

Result<std::unique_ptr<Engine>> Engine::start(const std::filesystem::path& db_path,
                                                              crypto::SecureBuffer key, std::size_t max_queue) {
  std::unique_ptr<Engine> engine(new Engine());
  auto reader = store::DbWorker::start(db_path, std::move(key), max_queue, /*read_only=*/true);
  if (!reader) return fail(reader.error().with_context("analysis reader"));
  engine->reader_ = std::move(*reader);
  engine->facts_ = std::make_unique<analysis::FactStore>();
  crypto::Bytes salt(16);
  crypto::random_bytes(salt);
  engine->salt_ = crypto::to_hex(salt);
  // Load the facts now, in the background: the first report should not pay for it.
  auto* facts = engine->facts_.get();
  auto* records = &engine->records_;
  (void)engine->reader_->post([facts, records](db::Database& database) {
    const auto started = std::chrono::steady_clock::now();
    auto loaded = facts->refresh(database);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    if (!loaded) {
      spdlog::error("analysis facts load failed error=\"{}\"", loaded.error().message());
    } else {
      spdlog::info("analysis facts loaded records={} ms={}", facts->live(), ms.count());
    }
    records->store(facts->live());
  });
  return engine;
}

bool Engine::post(Job job) {
  auto* facts = facts_.get();
  auto* records = &records_;
  return reader_->post([facts, records, job = std::move(job)](db::Database& database) {
    auto refreshed = facts->refresh(database);
    if (!refreshed) spdlog::error("analysis facts refresh failed error=\"{}\"", refreshed.error().message());
    records->store(facts->live());
    job(std::move(refreshed), *facts);
  });
}

}  // namespace vrs::server::analysis
