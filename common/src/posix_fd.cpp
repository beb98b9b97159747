#include "vrs/common/posix_fd.hpp"

#include <unistd.h>

#include <cstring>
#include <utility>

namespace vrs {

std::string errno_text(int err) { return std::strerror(err); }

Fd::Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

Fd::~Fd() {
  if (fd_ >= 0) ::close(fd_);
}

int Fd::release() noexcept { return std::exchange(fd_, -1); }

}  // namespace vrs
