#include "vrs/db/db_key.hpp"

#include <sys/stat.h>

#include <fstream>
#include <iterator>

#include "secret_hex.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/key_file.hpp"
#include "vrs/crypto/random.hpp"
#include "vrs/db/database.hpp"

namespace vrs::db {
namespace {

constexpr std::size_t kHexKeySize = kKeySize * 2;
constexpr std::size_t kMaxKdfFileSize = 512;

bool is_lower_hex(std::uint8_t c) noexcept { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

}  // namespace

Result<crypto::SecureBuffer> parse_key_file(crypto::ByteView content, const std::string& what) {
  const auto bad = [&] {
    return fail(ErrorCode::InvalidArgument,
                what + ": expected 64 lower-case hex characters (a 32-byte key) and an optional newline");
  };
  std::size_t size = content.size();
  if (size == kHexKeySize + 1 && content[kHexKeySize] == '\n') size = kHexKeySize;
  if (size != kHexKeySize) return bad();
  // No early exit on the first bad character: the content is secret.
  unsigned bad_chars = 0;
  for (std::size_t i = 0; i < kHexKeySize; ++i) bad_chars |= is_lower_hex(content[i]) ? 0u : 1u;
  if (bad_chars != 0) return bad();
  const std::string_view hex(reinterpret_cast<const char*>(content.data()), kHexKeySize);
  auto key = crypto::secret_from_hex(hex);
  if (!key || key->size() != kKeySize) return bad();
  return key;
}

Result<crypto::SecureBuffer> read_key_file(const std::filesystem::path& path) {
  // read_secret_file refuses symlinks, non-regular files and group/other permission bits,
  // with messages naming the path (and the mode, and the chmod to run).
  VRS_TRY(auto content, crypto::read_secret_file(path, kHexKeySize + 1));
  return parse_key_file(content.view(), "key file " + path.string());
}

Result<crypto::SecureBuffer> create_key_file(const std::filesystem::path& path) {
  auto key = crypto::random_secret(kKeySize);
  if (!key) return key;
  VRS_TRY(auto text, detail::secret_to_hex(key->view(), "", "\n"));
  VRS_TRY_VOID(crypto::write_secret_file(path, text.view(), crypto::Overwrite::No));
  return key;
}

Result<void> write_key_file(const std::filesystem::path& path, const crypto::SecureBuffer& key) {
  if (key.size() != kKeySize) return fail(ErrorCode::InvalidArgument, "a database key is " + std::to_string(kKeySize) + " bytes");
  VRS_TRY(auto text, detail::secret_to_hex(key.view(), "", "\n"));
  return crypto::write_secret_file(path, text.view(), crypto::Overwrite::No);
}

std::filesystem::path kdf_params_path(const std::filesystem::path& db_path) {
  std::filesystem::path p = db_path;
  p += ".kdf";
  return p;
}

Result<crypto::KdfParams> create_kdf_params_file(const std::filesystem::path& db_path, KdfCost cost) {
  const crypto::KdfParams params = cost == KdfCost::Moderate ? crypto::KdfParams::generate_moderate()
                                                             : crypto::KdfParams::generate_minimum_for_tests();
  const std::string line = params.encode() + "\n";
  const auto path = kdf_params_path(db_path);
  auto written = crypto::write_secret_file(path, crypto::as_bytes(line), crypto::Overwrite::No);
  if (!written) {
    if (written.error().code() == ErrorCode::AlreadyExists) {
      return fail(ErrorCode::AlreadyExists, "KDF parameter file " + path.string() + " already exists; not overwriting it");
    }
    return fail(written.error());
  }
  return params;
}

Result<crypto::KdfParams> read_kdf_params_file(const std::filesystem::path& db_path) {
  const auto path = kdf_params_path(db_path);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return fail(ErrorCode::NotFound, "KDF parameter file " + path.string() +
                                         " does not exist (was the database created with a passphrase?)");
  }
  if (!S_ISREG(st.st_mode) || static_cast<std::size_t>(st.st_size) > kMaxKdfFileSize) {
    return fail(ErrorCode::InvalidArgument, "KDF parameter file " + path.string() + " is not a small regular file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::Unavailable, "cannot read KDF parameter file " + path.string());
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  auto params = crypto::KdfParams::decode(text);
  if (!params) return fail(params.error().with_context("KDF parameter file " + path.string()));
  return params;
}

Result<crypto::SecureBuffer> derive_database_key(crypto::ByteView passphrase, const crypto::KdfParams& params) {
  return crypto::derive_key(passphrase, params, kKeySize);
}

}  // namespace vrs::db
