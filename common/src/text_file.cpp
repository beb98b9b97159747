#include "vrs/common/text_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>

#include "vrs/common/posix_fd.hpp"

namespace vrs {

Result<void> fsync_dir(const std::filesystem::path& dir) {
  const std::filesystem::path d = dir.empty() ? std::filesystem::path(".") : dir;
  Fd fd(::open(d.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return fail(ErrorCode::Internal, "cannot open directory " + d.string() + ": " + errno_text(errno));
  if (::fsync(fd.get()) != 0) return fail(ErrorCode::Internal, "cannot fsync " + d.string() + ": " + errno_text(errno));
  return {};
}

std::string mode_string(mode_t mode) {
  std::array<char, 8> buf{};
  std::snprintf(buf.data(), buf.size(), "%04o", static_cast<unsigned>(mode & 07777));
  return buf.data();
}

Result<std::string> read_text_file(const std::filesystem::path& path, std::size_t max_size) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    const int err = errno;
    if (err == ENOENT) return fail(ErrorCode::NotFound, path.string() + " does not exist");
    return fail(ErrorCode::FailedPrecondition, "cannot open " + path.string() + ": " + errno_text(err));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return fail(ErrorCode::Internal, "cannot stat " + path.string() + ": " + errno_text(errno));
  if (!S_ISREG(st.st_mode)) return fail(ErrorCode::InvalidArgument, path.string() + " is not a regular file");
  const auto size = static_cast<std::size_t>(st.st_size);
  if (size > max_size) {
    return fail(ErrorCode::InvalidArgument,
                path.string() + " is " + std::to_string(size) + " bytes; at most " + std::to_string(max_size) + " expected");
  }
  std::string out(size, '\0');
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd.get(), out.data() + done, size - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(ErrorCode::Internal, "cannot read " + path.string() + ": " + errno_text(errno));
    }
    if (n == 0) return fail(ErrorCode::DataLoss, path.string() + " shrank while being read");
    done += static_cast<std::size_t>(n);
  }
  return out;
}

Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view content, mode_t mode,
                                   Replace replace) {
  const std::filesystem::path dir = path.parent_path();
  if (replace == Replace::No) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) {
      return fail(ErrorCode::AlreadyExists, path.string() + " already exists; not overwriting it");
    }
  }
  // mkostemp: a fresh name, created O_EXCL with mode 0600, in the target's directory.
  std::string tmp_name =
      ((dir.empty() ? std::filesystem::path(".") : dir) / ("." + path.filename().string() + ".XXXXXX")).string();
  Fd fd(::mkostemp(tmp_name.data(), O_CLOEXEC));
  if (fd.get() < 0) return fail(ErrorCode::Internal, "cannot create a temporary file beside " + path.string() + ": " + errno_text(errno));
  const std::filesystem::path tmp = tmp_name;
  const auto cleanup_fail = [&](const std::string& what) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return fail(ErrorCode::Internal, what + " " + path.string() + ": " + errno_text(err));
  };
  if (::fchmod(fd.get(), mode) != 0) return cleanup_fail("cannot chmod");
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd.get(), content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return cleanup_fail("cannot write");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd.get()) != 0) return cleanup_fail("cannot fsync");
  if (::close(fd.release()) != 0) return cleanup_fail("cannot close");
  if (replace == Replace::No) {
    if (::link(tmp.c_str(), path.c_str()) != 0) {
      const int err = errno;
      ::unlink(tmp.c_str());
      if (err == EEXIST) return fail(ErrorCode::AlreadyExists, path.string() + " already exists; not overwriting it");
      return fail(ErrorCode::Internal, "cannot create " + path.string() + ": " + errno_text(err));
    }
    ::unlink(tmp.c_str());
  } else if (::rename(tmp.c_str(), path.c_str()) != 0) {
    return cleanup_fail("cannot replace");
  }
  return fsync_dir(dir);
}

}  // namespace vrs
