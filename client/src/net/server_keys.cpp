#include "vrs/client/net/server_keys.hpp"

#include <algorithm>
#include <cstring>
#include <set>
#include <type_traits>

#include "vrs/schema/api/json_reader.hpp"
#include "vrs/common/text_file.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/schema/envelope.hpp"
#include "vrs/schema/key_retirement.hpp"

namespace vrs::client::net {

namespace json = boost::json;
using schema::api::Reader;

const SealingKey* ServerKeys::current_sealing() const noexcept {
  for (const auto& key : sealing) {
    if (key.current) return &key;
  }
  return nullptr;
}

const ReceiptKey* ServerKeys::find_receipt_key(std::string_view key_id) const noexcept {
  for (const auto& key : receipt) {
    if (key.key_id == key_id) return &key;
  }
  return nullptr;
}

namespace {

constexpr std::size_t kMaxTimeText = 40;

// The optional retirement of a receipt key: "retired_at", and "successor" with
// "retirement_signature" (checked against the whole document in check_retirements).
Result<void> read_retirement(const Reader& reader, ReceiptKey& key) {
  VRS_TRY(auto retired_at, reader.optional_string("retired_at"));
  VRS_TRY(auto successor, reader.optional_string("successor"));
  VRS_TRY(auto signature, reader.optional_string("retirement_signature"));
  if (retired_at) {
    if (key.current) return fail(reader.error("retired_at", "is set on the current key"));
    if (retired_at->empty() || retired_at->size() > kMaxTimeText) return fail(reader.error("retired_at", "is not a time"));
    key.retired_at = *retired_at;
  }
  if (successor.has_value() != signature.has_value() || (successor && !retired_at)) {
    return fail(reader.error("successor", "needs retired_at and retirement_signature together"));
  }
  if (successor) {
    auto bytes = crypto::from_base64(*signature);
    crypto::Ed25519Signature sig{};
    if (!bytes || bytes->size() != sig.size()) return fail(reader.error("retirement_signature", "must be 64 bytes in base64"));
    std::memcpy(sig.data(), bytes->data(), sig.size());
    key.successor = *successor;
    key.retirement_signature = sig;
  }
  return {};
}

// Every retirement statement must verify with its successor's key, which the document holds.
Result<void> check_retirements(const ServerKeys& keys) {
  for (const auto& key : keys.receipt) {
    if (!key.retirement_signature) continue;
    const ReceiptKey* successor = keys.find_receipt_key(key.successor);
    if (successor == nullptr) {
      return fail(ErrorCode::InvalidArgument, "server keys: the retirement of " + key.key_id + " is signed by " +
                                                  key.successor + ", which is not a receipt key of the document");
    }
    const schema::KeyRetirement statement{key.key_id, key.public_key, key.retired_at, key.successor};
    if (!schema::verify_key_retirement(statement, successor->public_key, *key.retirement_signature)) {
      return fail(ErrorCode::Unauthenticated, "server keys: the retirement of " + key.key_id +
                                                  " does not verify with its successor " + key.successor);
    }
  }
  return {};
}

// One element of "sealing" or "receipt": {"key_id", "public_key", "current"}.
template <typename Key>
Result<Key> read_key(const Reader& reader, std::string (*id_of)(const std::array<std::uint8_t, 32>&)) {
  Key key;
  VRS_TRY(key.key_id, reader.string("key_id"));
  VRS_TRY(const std::string encoded, reader.string("public_key"));
  VRS_TRY(key.current, reader.boolean("current"));
  auto bytes = crypto::from_base64(encoded);
  if (!bytes || bytes->size() != key.public_key.size()) return fail(reader.error("public_key", "must be 32 bytes in base64"));
  std::memcpy(key.public_key.data(), bytes->data(), key.public_key.size());
  if (id_of(key.public_key) != key.key_id) return fail(reader.error("key_id", "is not the id of its public_key"));
  if constexpr (std::is_same_v<Key, ReceiptKey>) VRS_TRY_VOID(read_retirement(reader, key));
  return key;
}

template <typename Key>
Result<std::vector<Key>> read_keys(const Reader& reader, const char* name,
                                   std::string (*id_of)(const std::array<std::uint8_t, 32>&)) {
  VRS_TRY(const json::array* items, reader.array(name));
  std::vector<Key> out;
  std::set<std::string> ids;
  std::size_t i = 0;
  for (const auto& item : *items) {
    std::string where = reader.what();
    where += '.';
    where += name;
    where += '[';
    where += std::to_string(i++);
    where += ']';
    if (!item.is_object()) return fail(ErrorCode::InvalidArgument, where + ": expected an object");
    VRS_TRY(auto key, read_key<Key>(Reader(item.get_object(), where), id_of));
    if (!ids.insert(key.key_id).second) return fail(ErrorCode::InvalidArgument, where + ": duplicate key_id " + key.key_id);
    out.push_back(std::move(key));
  }
  return out;
}

std::string sealing_id(const std::array<std::uint8_t, 32>& key) { return schema::sealing_key_id(key); }
std::string receipt_id(const std::array<std::uint8_t, 32>& key) { return schema::receipt_key_id(key); }

template <typename Key>
json::array key_array(const std::vector<Key>& keys) {
  json::array out;
  for (const auto& key : keys) {
    json::object entry{{"key_id", key.key_id}, {"public_key", crypto::to_base64(key.public_key)}, {"current", key.current}};
    if constexpr (std::is_same_v<Key, ReceiptKey>) {
      if (!key.retired_at.empty()) entry["retired_at"] = key.retired_at;
      if (key.retirement_signature) {
        entry["successor"] = key.successor;
        entry["retirement_signature"] = crypto::to_base64(*key.retirement_signature);
      }
    }
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace

Result<ServerKeys> parse_server_keys(std::string_view text) {
  if (text.size() > kMaxServerKeysBytes) return fail(ErrorCode::InvalidArgument, "server keys: larger than 64 KiB");
  VRS_TRY(auto object, schema::api::parse_object(text, "server keys"));
  const Reader reader(object, "server keys");
  ServerKeys keys;
  VRS_TRY(auto server_id, reader.optional_string("server_id"));
  keys.server_id = server_id.value_or("");
  if (keys.server_id.size() > schema::kMaxServerIdBytes || keys.server_id.find('\0') != std::string::npos) {
    return fail(reader.error("server_id", "must be at most 64 bytes without NUL"));
  }
  VRS_TRY(keys.sealing, read_keys<SealingKey>(reader, "sealing", sealing_id));
  VRS_TRY(keys.receipt, read_keys<ReceiptKey>(reader, "receipt", receipt_id));
  const auto current = std::count_if(keys.sealing.begin(), keys.sealing.end(), [](const SealingKey& k) { return k.current; });
  if (current != 1) {
    std::string message = "server keys: expected exactly one current sealing key, got ";
    message += std::to_string(current);
    return fail(ErrorCode::InvalidArgument, std::move(message));
  }
  if (keys.receipt.empty()) return fail(ErrorCode::InvalidArgument, "server keys: no receipt key");
  VRS_TRY_VOID(check_retirements(keys));
  return keys;
}

std::string format_server_keys(const ServerKeys& keys) {
  std::string text = json::serialize(
      json::object{{"server_id", keys.server_id}, {"sealing", key_array(keys.sealing)}, {"receipt", key_array(keys.receipt)}});
  text += '\n';
  return text;
}

ServerKeys merge_server_keys(ServerKeys fresh, const ServerKeys& known) {
  for (const auto& old : known.receipt) {
    auto same = std::find_if(fresh.receipt.begin(), fresh.receipt.end(),
                             [&](const ReceiptKey& k) { return k.key_id == old.key_id; });
    if (same == fresh.receipt.end()) {
      ReceiptKey kept = old;
      kept.current = false;
      fresh.receipt.push_back(std::move(kept));
    } else if (!old.retired_at.empty() && (same->retired_at.empty() || old.retired_at < same->retired_at)) {
      // A retirement seen once stays: the server cannot move it later, nor make the key current again.
      same->retired_at = old.retired_at;
      same->successor = old.successor;
      same->retirement_signature = old.retirement_signature;
      same->current = false;
    }
  }
  return fresh;
}

ServerKeyCache::ServerKeyCache(std::filesystem::path file, SubmissionTransport& transport)
    : file_(std::move(file)), transport_(&transport) {}

Result<ServerKeys> ServerKeyCache::load(const std::filesystem::path& file) {
  VRS_TRY(auto text, read_text_file(file, kMaxServerKeysBytes));
  auto keys = parse_server_keys(text);
  if (!keys) return fail(keys.error().with_context(file.string()));
  return keys;
}

Result<const ServerKeys*> ServerKeyCache::get() {
  if (keys_) return &*keys_;
  auto loaded = load(file_);
  if (loaded) {
    keys_ = std::move(*loaded);
    return &*keys_;
  }
  // A missing cache is normal (first use); a damaged one is replaced by a fresh fetch.
  return refresh();
}

Result<const ServerKeys*> ServerKeyCache::refresh() {
  VRS_TRY(auto body, transport_->fetch_keys());
  auto fresh = parse_server_keys(body);
  if (!fresh) return fail(fresh.error().with_context("GET /v1/keys"));
  ServerKeys known;
  if (keys_) {
    known = *keys_;
  } else if (auto loaded = load(file_)) {
    known = std::move(*loaded);
  }
  ServerKeys merged = merge_server_keys(std::move(*fresh), known);
  VRS_TRY_VOID(write_file_atomically(file_, format_server_keys(merged), 0644));
  keys_ = std::move(merged);
  refreshed_ = true;
  return &*keys_;
}

}  // namespace vrs::client::net
