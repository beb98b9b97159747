#pragma once
/// Who may use a database file at the same time (docs/operations.md "Rekey"): an advisory
/// flock(2) on "<db>.lock" beside the database (made 0600 on first use, left in place).
///  - `vrs-server run`, `backup` and `admin bootstrap` hold it shared: they may run together;
///  - `vrs-server rekey` holds it exclusive: it replaces the database file, so nothing else
///    may have the file open; `run` holds it exclusive while it finishes an interrupted rekey.
/// Taking it never waits: a lock held by another process is FailedPrecondition naming the
/// file. The lock is released when the StoreLock is destroyed (or the process dies, kill -9
/// included).
///
/// Thread-safety: a StoreLock is owned by one thread; different objects are independent.

#include <filesystem>

#include "vrs/common/error.hpp"
#include "vrs/common/posix_fd.hpp"

namespace vrs::server::store {

class StoreLock {
 public:
  enum class Mode { Shared, Exclusive };

  /// Takes the lock of `db_path` in `mode`, without waiting.
  static Result<StoreLock> acquire(const std::filesystem::path& db_path, Mode mode);
  /// The lock only a running server holds ("<db>.server.lock", exclusive): a second
  /// `vrs-server run` on the same store is refused, whatever else holds the store lock.
  static Result<StoreLock> acquire_server(const std::filesystem::path& db_path);

  /// Exclusive -> shared (others may then take it shared too).
  Result<void> share();

  /// "<db>.lock".
  static std::filesystem::path lock_path(const std::filesystem::path& db_path);

 private:
  StoreLock(Fd fd, std::filesystem::path path) : fd_(std::move(fd)), path_(std::move(path)) {}
  Fd fd_;
  std::filesystem::path path_;
};

}  // namespace vrs::server::store
