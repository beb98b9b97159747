#pragma once
/// Test fixtures for the database tests: a raw key of one repeated byte and a new encrypted
/// database opened with it. Header-only (vrs_test_support does not link vrs_db); Catch2's
/// REQUIRE stops the test case on failure.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>

#include "vrs/crypto/secure_buffer.hpp"
#include "vrs/db/database.hpp"

namespace vrs::test {

/// A 32-byte raw database key whose bytes are all `fill`.
inline crypto::SecureBuffer filled_key(std::uint8_t fill) {
  auto key = crypto::SecureBuffer::allocate(32);
  REQUIRE(key);
  std::fill(key->data(), key->data() + key->size(), fill);
  return std::move(*key);
}

/// A new database at `path` (created), keyed with `key`.
inline db::Database create_db(const std::filesystem::path& path, const crypto::SecureBuffer& key) {
  auto db = db::Database::open(path, key, db::OpenOptions{.create = true});
  REQUIRE(db);
  return std::move(*db);
}

}  // namespace vrs::test
