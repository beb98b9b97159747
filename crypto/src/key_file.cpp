#include "vrs/crypto/key_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "vrs/common/posix_fd.hpp"
#include "vrs/common/text_file.hpp"

namespace vrs::crypto {
namespace {

Result<void> check_mode(const std::filesystem::path& path, const struct stat& st) {
  if (!S_ISREG(st.st_mode)) return fail(ErrorCode::InvalidArgument, "key file " + path.string() + " is not a regular file");
  if ((st.st_mode & 077) != 0) {
    return fail(ErrorCode::FailedPrecondition, "key file " + path.string() + " has mode " + mode_string(st.st_mode) +
                                                   " (readable by group or others); run: chmod 600 " + path.string());
  }
  return {};
}

}  // namespace

Result<void> write_secret_file(const std::filesystem::path& path, ByteView bytes, Overwrite overwrite) {
  // The common atomic writer: temporary file created 0600 beside the target, exact mode
  // (umask-proof), fsync, rename or link (refusing an existing file atomically), directory fsync.
  // The view writes the bytes in place: no copy of the secret is made.
  const std::string_view view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  auto written = write_file_atomically(path, view, 0600, overwrite == Overwrite::Yes ? Replace::Yes : Replace::No);
  if (!written && written.error().code() == ErrorCode::AlreadyExists) {
    return fail(ErrorCode::AlreadyExists, "key file " + written.error().message());
  }
  return written;
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
  VRS_TRY(auto buffer, SecureBuffer::allocate(size));
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd.get(), buffer.data() + done, size - done);
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
