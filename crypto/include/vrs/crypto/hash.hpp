#pragma once
/// BLAKE2b (libsodium crypto_generichash) and SHA-256 (crypto_hash_sha256).

#include <array>
#include <string>
#include <cstdint>

#include "vrs/common/error.hpp"
#include "vrs/crypto/bytes.hpp"

namespace vrs::crypto {

using Digest32 = std::array<std::uint8_t, 32>;

/// BLAKE2b-256 of `data`.
Digest32 blake2b_256(ByteView data);
/// Keyed BLAKE2b-256 (MAC / keyed hash, e.g. case_key). Key 16..64 bytes (libsodium's
/// crypto_generichash_KEYBYTES_MIN..MAX); InvalidArgument otherwise.
Result<Digest32> blake2b_256_keyed(ByteView key, ByteView data);
/// SipHash-2-4 (crypto_shorthash) of `data` under a 16-byte key: a fast keyed function of short
/// input (e.g. a record's secret key from its id). InvalidArgument for another key size.
Result<std::uint64_t> short_hash(ByteView key, ByteView data);
/// SHA-256 of `data` (report fingerprints, certificate fingerprints).
Digest32 sha256(ByteView data);

/// Incremental BLAKE2b-256, for hashing structured input without concatenating it.
class Blake2b256 {
 public:
  Blake2b256();
  Blake2b256& update(ByteView data);
  /// Appends a 64-bit big-endian length, then the bytes: an unambiguous framing of fields.
  Blake2b256& update_framed(ByteView data);
  /// Finishes; the object must not be used afterwards.
  Digest32 finish();

 private:
  alignas(64) std::array<std::uint8_t, 384> state_{};  // crypto_generichash_state (checked in .cpp)
};

/// Incremental SHA-256, for hashing a file in pieces.
class Sha256 {
 public:
  Sha256();
  Sha256& update(ByteView data);
  /// Finishes; the object must not be used afterwards.
  Digest32 finish();

 private:
  alignas(16) std::array<std::uint8_t, 128> state_{};  // crypto_hash_sha256_state (checked in .cpp)
};

/// SHA-256 of a whole file, read in pieces. NotFound / Unavailable naming the path.
Result<Digest32> sha256_file(const std::string& path);

}  // namespace vrs::crypto
