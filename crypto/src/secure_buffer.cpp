#include "vrs/crypto/secure_buffer.hpp"

#include <sodium.h>

#include <cstring>
#include <string>

#include "vrs/crypto/init.hpp"

namespace vrs::crypto {

Result<SecureBuffer> SecureBuffer::allocate(std::size_t size) {
  VRS_TRY_VOID(init());
  // sodium_malloc(0) is valid but we keep empty buffers allocation-free.
  if (size == 0) return SecureBuffer();
  void* memory = sodium_malloc(size);
  if (memory == nullptr) {
    return fail(ErrorCode::ResourceExhausted, "cannot allocate " + std::to_string(size) + " bytes of secure memory");
  }
  auto* bytes = static_cast<std::uint8_t*>(memory);
  sodium_memzero(bytes, size);  // sodium_malloc fills with 0xdb; callers expect zeroes
  return SecureBuffer(bytes, size);
}

Result<SecureBuffer> SecureBuffer::copy_of(ByteView bytes) {
  VRS_TRY(auto buffer, allocate(bytes.size()));
  if (!bytes.empty()) std::memcpy(buffer.data(), bytes.data(), bytes.size());
  return buffer;
}

SecureBuffer::SecureBuffer(SecureBuffer&& other) noexcept : data_(other.data_), size_(other.size_) {
  other.data_ = nullptr;
  other.size_ = 0;
}

SecureBuffer& SecureBuffer::operator=(SecureBuffer&& other) noexcept {
  if (this != &other) {
    release();
    data_ = other.data_;
    size_ = other.size_;
    other.data_ = nullptr;
    other.size_ = 0;
  }
  return *this;
}

SecureBuffer::~SecureBuffer() { release(); }

void SecureBuffer::release() noexcept {
  if (data_ != nullptr) sodium_free(data_);  // zeroes, unlocks and unmaps
  data_ = nullptr;
  size_ = 0;
}

void wipe(std::span<std::uint8_t> bytes) noexcept {
  if (!bytes.empty()) sodium_memzero(bytes.data(), bytes.size());
}

void wipe(std::string& text) noexcept {
  if (!text.empty()) sodium_memzero(text.data(), text.size());
  text.clear();
}

}  // namespace vrs::crypto
