#pragma once
/// The server's public keys (GET /v1/keys, docs/api.md): the X25519 keys envelopes are sealed
/// to and the Ed25519 keys receipts are signed with. Cached in the profile as
/// server-keys.json (0644: public data) in the same JSON shape, fetched on first need over
/// the profile's mutual-TLS connection (pinned CA), and refreshed when the server answers
/// 400 envelope_unknown_key or signs a receipt with a key id the cache does not know.
///
/// Every key id must be the id of its public key (schema::sealing_key_id /
/// receipt_key_id), so a key list cannot pair an id with another key. Receipt keys learned
/// earlier are kept on refresh (as not current), so old receipts still verify after the
/// server rotates its receipt key. A retired receipt key carries its successor's signature of
/// its retirement (schema/key_retirement.hpp), checked on every read; a document whose
/// statement does not verify is refused.
///
/// Thread-safety: ServerKeyCache is used by one thread.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vrs/client/net/submission_transport.hpp"
#include "vrs/common/error.hpp"
#include "vrs/crypto/seal.hpp"
#include "vrs/crypto/sign.hpp"

namespace vrs::client::net {

struct SealingKey {
  std::string key_id;  ///< "x25519-<16 hex>"
  crypto::X25519PublicKey public_key{};
  bool current = false;
  friend bool operator==(const SealingKey&, const SealingKey&) = default;
};

struct ReceiptKey {
  std::string key_id;  ///< "ed25519-<16 hex>"
  crypto::Ed25519PublicKey public_key{};
  bool current = false;
  /// A retired key: when it stopped signing ("" while current, or for a key the server
  /// retired before it published retirements). Receipts it signed with a later server_time
  /// are refused.
  std::string retired_at;
  /// The key that signed the retirement statement (schema/key_retirement.hpp), and that
  /// signature: checked when the document is read, kept in the history.
  std::string successor;
  std::optional<crypto::Ed25519Signature> retirement_signature;
  friend bool operator==(const ReceiptKey&, const ReceiptKey&) = default;
};

struct ServerKeys {
  /// The server's identity, signed into every envelope (docs/envelope.md); empty in a cache
  /// written before servers published it.
  std::string server_id;
  std::vector<SealingKey> sealing;
  std::vector<ReceiptKey> receipt;
  friend bool operator==(const ServerKeys&, const ServerKeys&) = default;

  /// The one sealing key marked current (parse_server_keys guarantees there is one).
  [[nodiscard]] const SealingKey* current_sealing() const noexcept;
  /// The receipt key with this id, or nullptr.
  [[nodiscard]] const ReceiptKey* find_receipt_key(std::string_view key_id) const noexcept;
};

/// Largest keys document accepted.
inline constexpr std::size_t kMaxServerKeysBytes = 64 * 1024;

/// Parses a GET /v1/keys body (or server-keys.json). InvalidArgument naming the field for a
/// wrong shape, a key that is not 32 bytes of base64, a key id that is not the id of its key,
/// a duplicate key id, no receipt key, not exactly one current sealing key, or a retirement
/// statement whose successor is not in the document or whose signature does not verify.
/// Unknown fields are ignored (the server may add some).
Result<ServerKeys> parse_server_keys(std::string_view json);
/// The JSON of `keys`, in the shape of GET /v1/keys (round-trips through parse_server_keys).
std::string format_server_keys(const ServerKeys& keys);
/// `fresh` plus every receipt key of `known` that `fresh` lacks (as not current, keeping its
/// retirement); a key both know keeps the earlier retirement time, so a server cannot move a
/// retirement later once a member has seen it.
ServerKeys merge_server_keys(ServerKeys fresh, const ServerKeys& known);

class ServerKeyCache {
 public:
  /// `file` is the profile's server-keys.json; `transport` fetches when needed and must
  /// outlive the cache.
  ServerKeyCache(std::filesystem::path file, SubmissionTransport& transport);

  /// Reads server-keys.json without any network: NotFound if it does not exist (yet).
  static Result<ServerKeys> load(const std::filesystem::path& file);

  /// The cached keys: from memory, else from the file, else fetched (and written).
  Result<const ServerKeys*> get();
  /// Fetches the keys now, merges the receipt keys known before, writes the file.
  Result<const ServerKeys*> refresh();
  /// True once refresh() ran in this process (to refresh at most once per reason).
  [[nodiscard]] bool refreshed() const noexcept { return refreshed_; }

 private:
  std::filesystem::path file_;
  SubmissionTransport* transport_;
  std::optional<ServerKeys> keys_;
  bool refreshed_ = false;
};

}  // namespace vrs::client::net
