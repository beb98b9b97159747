#include "vrs/client/net/server_keys.hpp"

#include <algorithm>
#include <cstring>
#include <set>

#include "vrs/schema/api/json_reader.hpp"
#include "vrs/common/text_file.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/schema/envelope.hpp"

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
    out.push_back(json::object{{"key_id", key.key_id}, {"public_key", crypto::to_base64(key.public_key)}, {"current", key.current}});
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
    if (fresh.find_receipt_key(old.key_id) == nullptr) {
      ReceiptKey kept = old;
      kept.current = false;
      fresh.receipt.push_back(std::move(kept));
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
