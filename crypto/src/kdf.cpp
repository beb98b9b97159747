#include "vrs/crypto/kdf.hpp"

#include <sodium.h>

#include <charconv>
#include <string>

#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/random.hpp"

namespace vrs::crypto {
namespace {

static_assert(crypto_pwhash_SALTBYTES == 16, "KdfParams::salt size");
constexpr std::string_view kPrefix = "argon2id$v=19$m=";

bool parse_u64(std::string_view text, std::uint64_t& out) {
  if (text.empty() || text.size() > 20) return false;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

KdfParams KdfParams::generate_moderate() {
  KdfParams params;
  params.opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
  params.memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
  random_bytes(params.salt);
  return params;
}

KdfParams KdfParams::generate_minimum_for_tests() {
  KdfParams params;
  params.opslimit = crypto_pwhash_OPSLIMIT_MIN;
  params.memlimit = crypto_pwhash_MEMLIMIT_MIN;
  random_bytes(params.salt);
  return params;
}

std::string KdfParams::encode() const {
  return std::string(kPrefix) + std::to_string(memlimit / 1024) + ",t=" + std::to_string(opslimit) +
         ",p=1$" + to_base64(salt);
}

Result<KdfParams> KdfParams::decode(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  const auto bad = [&](const std::string& why) {
    return fail(ErrorCode::InvalidArgument, "KDF parameters \"" + std::string(text.substr(0, 120)) + "\": " + why);
  };
  if (!text.starts_with(kPrefix)) return bad("expected argon2id$v=19$m=<KiB>,t=<passes>,p=1$<salt>");
  std::string_view rest = text.substr(kPrefix.size());
  const auto comma = rest.find(",t=");
  const auto p = rest.find(",p=1$");
  if (comma == std::string_view::npos || p == std::string_view::npos || p < comma) {
    return bad("expected argon2id$v=19$m=<KiB>,t=<passes>,p=1$<salt>");
  }
  std::uint64_t kib = 0;
  std::uint64_t ops = 0;
  if (!parse_u64(rest.substr(0, comma), kib) || !parse_u64(rest.substr(comma + 3, p - comma - 3), ops)) {
    return bad("m and t must be decimal numbers");
  }
  if (kib > crypto_pwhash_MEMLIMIT_MAX / 1024 || kib * 1024 < crypto_pwhash_MEMLIMIT_MIN) {
    return bad("memory limit out of range");
  }
  if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > crypto_pwhash_OPSLIMIT_MAX) return bad("pass count out of range");
  auto salt = from_base64(rest.substr(p + 5));
  if (!salt || salt->size() != crypto_pwhash_SALTBYTES) return bad("salt must be 16 bytes of base64");
  KdfParams params;
  params.memlimit = kib * 1024;
  params.opslimit = ops;
  std::copy(salt->begin(), salt->end(), params.salt.begin());
  return params;
}

Result<SecureBuffer> derive_key(ByteView passphrase, const KdfParams& params, std::size_t out_size) {
  if (passphrase.empty()) return fail(ErrorCode::InvalidArgument, "passphrase is empty");
  if (out_size < 16 || out_size > 64) {
    return fail(ErrorCode::InvalidArgument, "derived key size must be 16..64 bytes");
  }
  if (params.opslimit < crypto_pwhash_OPSLIMIT_MIN || params.memlimit < crypto_pwhash_MEMLIMIT_MIN) {
    return fail(ErrorCode::InvalidArgument, "Argon2id parameters below libsodium's minimum");
  }
  VRS_TRY(auto key, SecureBuffer::allocate(out_size));
  if (crypto_pwhash(key.data(), key.size(), reinterpret_cast<const char*>(passphrase.data()), passphrase.size(),
                    params.salt.data(), params.opslimit, static_cast<std::size_t>(params.memlimit),
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return fail(ErrorCode::ResourceExhausted, "Argon2id key derivation failed (out of memory?)");
  }
  return key;
}

}  // namespace vrs::crypto
