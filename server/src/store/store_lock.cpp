#include "vrs/server/store/store_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <cerrno>

namespace vrs::server::store {

std::filesystem::path StoreLock::lock_path(const std::filesystem::path& db_path) {
  return std::filesystem::path(db_path.string() + ".lock");
}

Result<StoreLock> StoreLock::acquire(const std::filesystem::path& db_path, Mode mode) {
  auto path = lock_path(db_path);
  Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd.valid()) {
    return fail(ErrorCode::Unavailable, "cannot open the lock file " + path.string() + ": " + errno_text(errno));
  }
  if (::flock(fd.get(), (mode == Mode::Exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
    const int err = errno;
    if (err == EWOULDBLOCK) {
      return fail(ErrorCode::FailedPrecondition,
                  "the database " + db_path.string() + " is in use (" + path.string() + " is locked by " +
                      (mode == Mode::Exclusive ? "a running vrs-server, backup or bootstrap" : "a rekey") +
                      "); wait for it or stop it first");
    }
    return fail(ErrorCode::Unavailable, "cannot lock " + path.string() + ": " + errno_text(err));
  }
  return StoreLock(std::move(fd), std::move(path));
}

Result<StoreLock> StoreLock::acquire_server(const std::filesystem::path& db_path) {
  std::filesystem::path path(db_path.string() + ".server.lock");
  Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd.valid()) {
    return fail(ErrorCode::Unavailable, "cannot open the lock file " + path.string() + ": " + errno_text(errno));
  }
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      return fail(ErrorCode::FailedPrecondition,
                  "the database " + db_path.string() + " is in use by another vrs-server run (" + path.string() + ")");
    }
    return fail(ErrorCode::Unavailable, "cannot lock " + path.string() + ": " + errno_text(errno));
  }
  return StoreLock(std::move(fd), std::move(path));
}

Result<void> StoreLock::share() {
  if (::flock(fd_.get(), LOCK_SH | LOCK_NB) != 0) {
    return fail(ErrorCode::Unavailable, "cannot share the lock " + path_.string() + ": " + errno_text(errno));
  }
  return {};
}

}  // namespace vrs::server::store
