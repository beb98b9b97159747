#include "vrs/crypto/hash.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include <sodium.h>

#include <string>

#include "vrs/common/assert.hpp"
#include "vrs/crypto/init.hpp"

namespace vrs::crypto {

static_assert(sizeof(crypto_generichash_state) <= 384, "Blake2b256::state_ too small");
static_assert(sizeof(crypto_hash_sha256_state) <= 128, "Sha256::state_ too small");
static_assert(crypto_generichash_BYTES == 32, "BLAKE2b default output is 32 bytes");

namespace {
crypto_generichash_state* as_state(std::array<std::uint8_t, 384>& raw) {
  return reinterpret_cast<crypto_generichash_state*>(raw.data());
}
}  // namespace

Digest32 blake2b_256(ByteView data) {
  Digest32 out{};
  // crypto_generichash only fails on out-of-range sizes, which are fixed here.
  const int rc = crypto_generichash(out.data(), out.size(), data.data(), data.size(), nullptr, 0);
  VRS_ASSERT(rc == 0, "crypto_generichash");
  return out;
}

Result<Digest32> blake2b_256_keyed(ByteView key, ByteView data) {
  if (key.size() < crypto_generichash_KEYBYTES_MIN || key.size() > crypto_generichash_KEYBYTES_MAX) {
    return fail(ErrorCode::InvalidArgument, "BLAKE2b key must be " + std::to_string(crypto_generichash_KEYBYTES_MIN) +
                                                " to " + std::to_string(crypto_generichash_KEYBYTES_MAX) +
                                                " bytes, got " + std::to_string(key.size()));
  }
  Digest32 out{};
  if (crypto_generichash(out.data(), out.size(), data.data(), data.size(), key.data(), key.size()) != 0) {
    return fail(ErrorCode::Internal, "keyed BLAKE2b failed");
  }
  return out;
}

Result<std::uint64_t> short_hash(ByteView key, ByteView data) {
  if (key.size() != crypto_shorthash_KEYBYTES) {
    return fail(ErrorCode::InvalidArgument, "SipHash key must be " + std::to_string(crypto_shorthash_KEYBYTES) +
                                                " bytes, got " + std::to_string(key.size()));
  }
  std::array<std::uint8_t, crypto_shorthash_BYTES> out{};
  if (crypto_shorthash(out.data(), data.data(), data.size(), key.data()) != 0) {
    return fail(ErrorCode::Internal, "SipHash failed");
  }
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < out.size(); ++i) value |= static_cast<std::uint64_t>(out[i]) << (8 * i);
  return value;
}

Digest32 sha256(ByteView data) {
  Digest32 out{};
  const int rc = crypto_hash_sha256(out.data(), data.data(), data.size());
  VRS_ASSERT(rc == 0, "crypto_hash_sha256");
  return out;
}

Blake2b256::Blake2b256() {
  VRS_ASSERT(init().has_value(), "libsodium not initialised");
  const int rc = crypto_generichash_init(as_state(state_), nullptr, 0, 32);
  VRS_ASSERT(rc == 0, "crypto_generichash_init");
}

Blake2b256& Blake2b256::update(ByteView data) {
  const int rc = crypto_generichash_update(as_state(state_), data.data(), data.size());
  VRS_ASSERT(rc == 0, "crypto_generichash_update");
  return *this;
}

Blake2b256& Blake2b256::update_framed(ByteView data) {
  std::array<std::uint8_t, 8> length{};
  auto n = static_cast<std::uint64_t>(data.size());
  for (int i = 7; i >= 0; --i) {
    length[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(n & 0xffU);
    n >>= 8U;
  }
  update(length);
  return update(data);
}

Digest32 Blake2b256::finish() {
  Digest32 out{};
  const int rc = crypto_generichash_final(as_state(state_), out.data(), out.size());
  VRS_ASSERT(rc == 0, "crypto_generichash_final");
  return out;
}

namespace {
crypto_hash_sha256_state* as_sha_state(std::array<std::uint8_t, 128>& s) {
  return reinterpret_cast<crypto_hash_sha256_state*>(s.data());  // NOLINT: storage sized and aligned above
}
}  // namespace

Sha256::Sha256() {
  VRS_ASSERT(init().has_value(), "libsodium not initialised");
  const int rc = crypto_hash_sha256_init(as_sha_state(state_));
  VRS_ASSERT(rc == 0, "crypto_hash_sha256_init");
}

Sha256& Sha256::update(ByteView data) {
  const int rc = crypto_hash_sha256_update(as_sha_state(state_), data.data(), data.size());
  VRS_ASSERT(rc == 0, "crypto_hash_sha256_update");
  return *this;
}

Digest32 Sha256::finish() {
  Digest32 out{};
  const int rc = crypto_hash_sha256_final(as_sha_state(state_), out.data());
  VRS_ASSERT(rc == 0, "crypto_hash_sha256_final");
  return out;
}

Result<Digest32> sha256_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return fail(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Unavailable,
                "cannot read " + path + ": " + std::strerror(errno));
  }
  Sha256 h;
  std::vector<std::uint8_t> buffer(std::size_t{1} << 20);
  for (;;) {
    const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), f);
    if (n > 0) h.update(ByteView(buffer.data(), n));
    if (n < buffer.size()) break;
  }
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return fail(ErrorCode::Unavailable, "cannot read " + path);
  return h.finish();
}

}  // namespace vrs::crypto
