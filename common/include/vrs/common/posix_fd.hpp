#pragma once
/// A POSIX file descriptor owned by one object (closed in the destructor), and errno as text.
/// For the few places that need open(2)/fstat(2)/fsync(2) rather than iostreams: key files,
/// atomic writes, directory locks.
///
/// Thread-safety: an Fd is a plain value; do not share one between threads without a lock.

#include <string>

namespace vrs {

/// strerror(err) as a std::string, e.g. "No such file or directory".
std::string errno_text(int err);

class Fd {
 public:
  /// Takes ownership of `fd`; a negative value (a failed open) owns nothing.
  explicit Fd(int fd = -1) noexcept : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& other) noexcept;
  Fd& operator=(Fd&& other) noexcept;
  ~Fd();

  [[nodiscard]] int get() const noexcept { return fd_; }
  [[nodiscard]] bool valid() const noexcept { return fd_ >= 0; }
  /// Gives up ownership (e.g. to close(2) it and check the result); returns the descriptor.
  int release() noexcept;

 private:
  int fd_;
};

}  // namespace vrs
