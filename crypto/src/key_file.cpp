#include "vrs/crypto/key_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/random.hpp"

namespace vrs::crypto {
namespace {

std::string errno_text(int err) { return std::strerror(err); }

std::string mode_text(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

class Fd {
 public:
  explicit Fd(int fd) noexcept : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int get() const noexcept { return fd_; }
  int release() noexcept { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

Result<void> check_mode(const std::filesystem::path& path, const struct stat& st) {
  if (!S_ISREG(st.st_mode)) return fail(ErrorCode::InvalidArgument, "key file " + path.string() + " is not a regular file");
  if ((st.st_mode & 077) != 0) {
    return fail(ErrorCode::FailedPrecondition, "key file " + path.string() + " has mode " + mode_text(st.st_mode) +
                                                   " (readable by group or others); run: chmod 600 " + path.string());
  }
  return {};
}

Result<void> fsync_dir(const std::filesystem::path& dir) {
  Fd fd(::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return fail(ErrorCode::Internal, "cannot open directory " + dir.string() + ": " + errno_text(errno));
  if (::fsync(fd.get()) != 0) return fail(ErrorCode::Internal, "cannot fsync " + dir.string() + ": " + errno_text(errno));
  return {};
}

}  // namespace

Result<void> write_secret_file(const std::filesystem::path& path, ByteView bytes, Overwrite overwrite) {
  const std::filesystem::path dir = path.parent_path();
  const std::filesystem::path tmp =
      (dir.empty() ? std::filesystem::path(".") : dir) / ("." + path.filename().string() + "." + to_hex(random_vector(6)) + ".tmp");
  if (overwrite == Overwrite::No) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) {
      return fail(ErrorCode::AlreadyExists, "key file " + path.string() + " already exists; not overwriting it");
    }
  }
  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (fd.get() < 0) return fail(ErrorCode::Internal, "cannot create " + tmp.string() + ": " + errno_text(errno));
  const auto cleanup_fail = [&](const std::string& what) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return fail(ErrorCode::Internal, what + " " + path.string() + ": " + errno_text(err));
  };
  // Mode 0600 regardless of umask.
  if (::fchmod(fd.get(), 0600) != 0) return cleanup_fail("cannot chmod");
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return cleanup_fail("cannot write");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd.get()) != 0) return cleanup_fail("cannot fsync");
  if (::close(fd.release()) != 0) return cleanup_fail("cannot close");
  if (overwrite == Overwrite::No) {
    // link() refuses an existing target atomically, closing the race after the lstat above.
    if (::link(tmp.c_str(), path.c_str()) != 0) {
      const int err = errno;
      ::unlink(tmp.c_str());
      if (err == EEXIST) {
        return fail(ErrorCode::AlreadyExists, "key file " + path.string() + " already exists; not overwriting it");
      }
      return fail(ErrorCode::Internal, "cannot create " + path.string() + ": " + errno_text(err));
    }
    ::unlink(tmp.c_str());
  } else if (::rename(tmp.c_str(), path.c_str()) != 0) {
    return cleanup_fail("cannot replace");
  }
  return fsync_dir(dir);
}

Result<SecureBuffer> read_secret_file(const std::filesystem::path& path, std::size_t max_size) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    const int err = errno;
    if (err == ENOENT) return fail(ErrorCode::NotFound, "key file " + path.string() + " does not exist");
    if (err == ELOOP) return fail(ErrorCode::InvalidArgument, "key file " + path.string() + " is a symbolic link");
    return fail(ErrorCode::FailedPrecondition, "cannot open key file " + path.string() + ": " + errno_text(err));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    return fail(ErrorCode::Internal, "cannot stat key file " + path.string() + ": " + errno_text(errno));
  }
  VRS_TRY_VOID(check_mode(path, st));
  const auto size = static_cast<std::size_t>(st.st_size);
  if (size > max_size) {
    return fail(ErrorCode::InvalidArgument, "key file " + path.string() + " is " + std::to_string(size) +
                                                " bytes; at most " + std::to_string(max_size) + " expected");
  }
  auto buffer = SecureBuffer::allocate(size);
  if (!buffer) return buffer;
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd.get(), buffer->data() + done, size - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(ErrorCode::Internal, "cannot read key file " + path.string() + ": " + errno_text(errno));
    }
    if (n == 0) return fail(ErrorCode::DataLoss, "key file " + path.string() + " shrank while being read");
    done += static_cast<std::size_t>(n);
  }
  return buffer;
}

Result<void> check_secret_file_mode(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return fail(ErrorCode::NotFound, "key file " + path.string() + " does not exist");
    return fail(ErrorCode::FailedPrecondition, "cannot stat key file " + path.string() + ": " + errno_text(errno));
  }
  return check_mode(path, st);
}

}  // namespace vrs::crypto
