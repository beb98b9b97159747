#include "vrs/schema/tree_head.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "vrs/crypto/encoding.hpp"
#include "vrs/schema/api/json_reader.hpp"
#include "vrs/schema/canonical_json.hpp"

namespace vrs::schema {
namespace json = boost::json;
namespace {

json::object head_object(const TreeHead& h) {
  return json::object{{"format", kTreeHeadFormat},
                      {"key_id", h.key_id},
                      {"root_hash", crypto::to_hex(crypto::ByteView(h.root.data(), h.root.size()))},
                      {"time", h.time},
                      {"tree_size", h.tree_size}};
}

Result<crypto::Digest32> digest_of(const api::Reader& reader, std::string_view key, std::string_view text) {
  auto bytes = crypto::from_hex(text);
  crypto::Digest32 out{};
  if (!bytes || bytes->size() != out.size()) return fail(reader.error(key, "must be 64 hex digits"));
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

Result<std::vector<crypto::Digest32>> digests_of(const api::Reader& reader, std::string_view key) {
  VRS_TRY(const auto* array, reader.array(key));
  if (array->size() > 64) return fail(reader.error(key, "has more than 64 hashes"));
  std::vector<crypto::Digest32> out;
  for (const auto& item : *array) {
    if (!item.is_string()) return fail(reader.error(key, "must hold hex strings"));
    VRS_TRY(auto d, digest_of(reader, key, std::string_view(item.as_string().data(), item.as_string().size())));
    out.push_back(d);
  }
  return out;
}

json::array hex_array(const std::vector<crypto::Digest32>& digests) {
  json::array out;
  for (const auto& d : digests) out.emplace_back(crypto::to_hex(crypto::ByteView(d.data(), d.size())));
  return out;
}

Result<std::uint64_t> unsigned_of(const api::Reader& reader, std::string_view key) {
  VRS_TRY(auto v, reader.integer(key));
  if (v < 0) return fail(reader.error(key, "must not be negative"));
  return static_cast<std::uint64_t>(v);
}

}  // namespace

std::string tree_head_canonical(const TreeHead& head) { return canonical_json(head_object(head)); }

Result<SignedTreeHead> sign_tree_head(const TreeHead& head, const crypto::SigningKey& key) {
  VRS_TRY(auto signature, key.sign(crypto::as_bytes(tree_head_canonical(head))));
  return SignedTreeHead{head, signature};
}

bool verify_tree_head(const SignedTreeHead& head, const crypto::Ed25519PublicKey& key) {
  return crypto::verify_signature(key, crypto::as_bytes(tree_head_canonical(head.head)), head.signature);
}

json::object tree_head_json(const SignedTreeHead& head) {
  return json::object{{"tree_head", head_object(head.head)},
                      {"signature", crypto::to_base64(crypto::ByteView(head.signature.data(), head.signature.size()))}};
}

Result<SignedTreeHead> parse_tree_head(const json::value& value) {
  if (!value.is_object()) return fail(ErrorCode::InvalidArgument, "tree head: expected a JSON object");
  const api::Reader top(value.as_object(), "tree head");
  VRS_TRY(const auto* body, top.object("tree_head"));
  const api::Reader reader(*body, "tree head");
  SignedTreeHead out;
  VRS_TRY(auto format, reader.string("format"));
  if (format != kTreeHeadFormat) return fail(reader.error("format", "is \"" + format.substr(0, 40) + "\", not vrs.tree-head/1"));
  VRS_TRY(out.head.tree_size, unsigned_of(reader, "tree_size"));
  VRS_TRY(auto root, reader.string("root_hash"));
  VRS_TRY(out.head.root, digest_of(reader, "root_hash", root));
  VRS_TRY_VOID(reader.strings({{"time", &out.head.time}, {"key_id", &out.head.key_id}}));
  VRS_TRY(auto signature, top.string("signature"));
  auto bytes = crypto::from_base64(signature);
  if (!bytes || bytes->size() != out.signature.size()) return fail(top.error("signature", "must be 64 bytes in base64"));
  std::copy(bytes->begin(), bytes->end(), out.signature.begin());
  return out;
}

Result<SignedTreeHead> parse_tree_head(std::string_view text) {
  VRS_TRY(auto object, api::parse_object(text, "tree head"));
  return parse_tree_head(json::value(std::move(object)));
}

json::object receipt_log_json(const ReceiptLog& log) {
  const auto& e = log.entry;
  return json::object{{"tree_head", tree_head_json(log.head)},
                      {"entry", json::object{{"seq", e.seq},
                                             {"time", e.time},
                                             {"actor", e.actor},
                                             {"action", e.action},
                                             {"object", e.object},
                                             {"outcome", e.outcome},
                                             {"prev_hash", crypto::to_hex(crypto::ByteView(e.prev_hash.data(), e.prev_hash.size()))}}},
                      {"inclusion", hex_array(log.inclusion)}};
}

Result<ReceiptLog> parse_receipt_log(const json::value& value) {
  if (!value.is_object()) return fail(ErrorCode::InvalidArgument, "receipt log: expected a JSON object");
  const api::Reader reader(value.as_object(), "receipt log");
  ReceiptLog out;
  VRS_TRY(const auto* head, reader.object("tree_head"));
  VRS_TRY(out.head, parse_tree_head(json::value(*head)));
  VRS_TRY(const auto* entry, reader.object("entry"));
  const api::Reader e(*entry, "receipt log entry");
  VRS_TRY(out.entry.seq, e.integer("seq"));
  VRS_TRY_VOID(e.strings({{"time", &out.entry.time}, {"actor", &out.entry.actor}, {"action", &out.entry.action},
                          {"object", &out.entry.object}, {"outcome", &out.entry.outcome}}));
  VRS_TRY(auto prev, e.string("prev_hash"));
  VRS_TRY(out.entry.prev_hash, digest_of(e, "prev_hash", prev));
  VRS_TRY(out.inclusion, digests_of(reader, "inclusion"));
  return out;
}

Result<std::optional<ReceiptLog>> receipt_log_of(std::string_view wire) {
  VRS_TRY(auto object, api::parse_object(wire, "receipt"));
  const auto* log = object.if_contains("log");
  if (log == nullptr) return std::optional<ReceiptLog>();
  VRS_TRY(auto parsed, parse_receipt_log(*log));
  return std::optional<ReceiptLog>(std::move(parsed));
}

Result<std::string> with_receipt_log(std::string_view wire, const ReceiptLog& log) {
  VRS_TRY(auto object, api::parse_object(wire, "receipt"));
  object["log"] = receipt_log_json(log);
  return canonical_json(object);
}

json::object consistency_json(std::uint64_t to, const std::vector<ConsistencyProof>& proofs) {
  json::array items;
  for (const auto& p : proofs) items.push_back(json::object{{"from", p.from}, {"proof", hex_array(p.proof)}});
  return json::object{{"to", to}, {"proofs", std::move(items)}};
}

Result<std::vector<ConsistencyProof>> parse_consistency(std::string_view text, std::uint64_t expected_to) {
  return api::read_object(text, "consistency", [expected_to](const api::Reader& reader) -> Result<std::vector<ConsistencyProof>> {
    VRS_TRY(auto to, unsigned_of(reader, "to"));
    if (to != expected_to) return fail(reader.error("to", "is " + std::to_string(to) + ", not " + std::to_string(expected_to)));
    std::vector<ConsistencyProof> out;
    VRS_TRY_VOID(reader.each_object("proofs", [&](const api::Reader& item) -> Result<void> {
      ConsistencyProof p;
      VRS_TRY(p.from, unsigned_of(item, "from"));
      VRS_TRY(p.proof, digests_of(item, "proof"));
      out.push_back(std::move(p));
      return {};
    }));
    return out;
  });
}

}  // namespace vrs::schema
