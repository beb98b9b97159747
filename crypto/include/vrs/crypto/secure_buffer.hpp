#pragma once
/// Secret bytes in guarded, locked memory (sodium_malloc): never swapped where mlock works,
/// zeroed on destruction (sodium_free), guard pages around. Move-only.

#include <cstddef>
#include <cstdint>
#include <span>

#include "vrs/common/error.hpp"
#include "vrs/crypto/bytes.hpp"

namespace vrs::crypto {

class SecureBuffer {
 public:
  /// Allocates `size` bytes (zeroed). Fails with ResourceExhausted if sodium_malloc fails.
  /// size 0 is allowed (an empty buffer).
  static Result<SecureBuffer> allocate(std::size_t size);
  /// Allocates and copies `bytes`. The caller remains responsible for wiping its copy.
  static Result<SecureBuffer> copy_of(ByteView bytes);

  SecureBuffer() = default;
  SecureBuffer(SecureBuffer&& other) noexcept;
  SecureBuffer& operator=(SecureBuffer&& other) noexcept;
  SecureBuffer(const SecureBuffer&) = delete;
  SecureBuffer& operator=(const SecureBuffer&) = delete;
  ~SecureBuffer();

  [[nodiscard]] std::uint8_t* data() noexcept { return data_; }
  [[nodiscard]] const std::uint8_t* data() const noexcept { return data_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] ByteView view() const noexcept { return {data_, size_}; }
  [[nodiscard]] std::span<std::uint8_t> span() noexcept { return {data_, size_}; }

 private:
  SecureBuffer(std::uint8_t* data, std::size_t size) noexcept : data_(data), size_(size) {}
  void release() noexcept;

  std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

/// Zeroes memory in a way the compiler cannot elide (sodium_memzero).
void wipe(std::span<std::uint8_t> bytes) noexcept;
void wipe(std::string& text) noexcept;

}  // namespace vrs::crypto
