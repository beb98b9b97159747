// Passphrases from stdin or the environment, straight into secure memory.
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <span>

#include "vrs/crypto/secure_buffer.hpp"
#include "vrs/db/db_key.hpp"

namespace vrs::db {
namespace {

// Copies `text` minus one trailing "\n" / "\r\n" into secure memory, checking the limits.
Result<crypto::SecureBuffer> finish_passphrase(crypto::ByteView text, const std::string& source) {
  std::size_t size = text.size();
  if (size > 0 && text[size - 1] == '\n') --size;
  if (size > 0 && text[size - 1] == '\r') --size;
  if (size == 0) return fail(ErrorCode::InvalidArgument, "passphrase from " + source + " is empty");
  if (size > kMaxPassphraseSize) {
    return fail(ErrorCode::InvalidArgument, "passphrase from " + source + " is longer than " +
                                                std::to_string(kMaxPassphraseSize) + " bytes");
  }
  return crypto::SecureBuffer::copy_of(text.first(size));
}

}  // namespace

Result<crypto::SecureBuffer> read_passphrase_fd(int fd) {
  // Room for the limit, a CR LF, and one byte more to detect an over-long passphrase.
  auto buffer = crypto::SecureBuffer::allocate(kMaxPassphraseSize + 3);
  if (!buffer) return buffer;
  std::size_t done = 0;
  while (done < buffer->size()) {
    const ssize_t n = ::read(fd, buffer->data() + done, buffer->size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(ErrorCode::Unavailable, std::string("cannot read the passphrase from stdin: ") + std::strerror(errno));
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  return finish_passphrase(buffer->view().first(done), "stdin");
}

Result<crypto::SecureBuffer> take_passphrase_env(const std::string& name) {
  char* value = ::getenv(name.c_str());
  if (value == nullptr) return fail(ErrorCode::NotFound, "environment variable " + name + " is not set");
  const std::size_t size = std::strlen(value);
  auto* bytes = reinterpret_cast<std::uint8_t*>(value);
  auto result = finish_passphrase(crypto::ByteView(bytes, size), "environment variable " + name);
  // Do not leave the passphrase in this process's environment (children, /proc/self/environ
  // of a core dump): overwrite in place, then remove the variable.
  crypto::wipe(std::span<std::uint8_t>(bytes, size));
  ::unsetenv(name.c_str());
  return result;
}

}  // namespace vrs::db
