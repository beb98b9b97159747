#include "vrs/schema/receipt.hpp"

#include <cstring>

#include <boost/json.hpp>

#include "detail/json_parse.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/schema/canonical_json.hpp"

namespace vrs::schema {
namespace json = boost::json;
namespace {

json::object receipt_object(const Receipt& r) {
  json::array records;
  records.reserve(r.records.size());
  for (const auto& rec : r.records) {
    json::object o;
    o["ref"] = rec.ref;
    o["status"] = rec.status;
    o["version"] = rec.version;
    records.push_back(std::move(o));
  }
  json::object o;
  o["audit_seq"] = r.audit_seq;
  o["format"] = json::string_view(kReceiptFormat.data(), kReceiptFormat.size());
  o["key_id"] = r.key_id;
  o["member"] = r.member;
  o["payload_sha256"] = r.payload_sha256;
  o["records"] = std::move(records);
  o["server_time"] = r.server_time;
  o["submission_id"] = r.submission_id;
  return o;
}

Error shape_error(const std::string& what) { return Error(ErrorCode::InvalidArgument, "receipt: " + what); }

Result<std::string> string_field(const json::object& o, const char* name) {
  const auto* v = o.if_contains(name);
  if (v == nullptr || !v->is_string()) return tl::unexpected(shape_error(std::string(name) + " must be a string"));
  return std::string(v->as_string().data(), v->as_string().size());
}

Result<std::uint64_t> uint_field(const json::object& o, const char* name) {
  const auto* v = o.if_contains(name);
  if (v != nullptr && v->is_uint64()) return v->as_uint64();
  if (v != nullptr && v->is_int64() && v->as_int64() >= 0) return static_cast<std::uint64_t>(v->as_int64());
  return tl::unexpected(shape_error(std::string(name) + " must be a non-negative integer"));
}

Result<Receipt> decode_receipt(const json::object& o) {
  static constexpr std::string_view known[] = {"audit_seq", "format", "key_id", "member", "payload_sha256",
                                               "records", "server_time", "submission_id"};
  for (const auto& kv : o) {
    bool ok = false;
    for (auto k : known) ok = ok || kv.key() == json::string_view(k.data(), k.size());
    if (!ok) return tl::unexpected(shape_error("unknown field \"" + std::string(kv.key()).substr(0, 64) + "\""));
  }
  auto format = string_field(o, "format");
  if (!format) return tl::unexpected(format.error());
  if (*format != kReceiptFormat) return tl::unexpected(shape_error("format must be \"vrs.receipt/1\""));
  Receipt r;
  auto set = [&](std::string& out, const char* name) -> Result<void> {
    auto v = string_field(o, name);
    if (!v) return tl::unexpected(v.error());
    out = std::move(*v);
    return {};
  };
  VRS_TRY_VOID(set(r.submission_id, "submission_id"));
  VRS_TRY_VOID(set(r.member, "member"));
  VRS_TRY_VOID(set(r.payload_sha256, "payload_sha256"));
  VRS_TRY_VOID(set(r.server_time, "server_time"));
  VRS_TRY_VOID(set(r.key_id, "key_id"));
  auto seq = uint_field(o, "audit_seq");
  if (!seq) return tl::unexpected(seq.error());
  r.audit_seq = *seq;
  const auto* records = o.if_contains("records");
  if (records == nullptr || !records->is_array()) return tl::unexpected(shape_error("records must be an array"));
  for (const auto& item : records->as_array()) {
    const auto* rec = item.if_object();
    if (rec == nullptr || rec->size() != 3) {
      return tl::unexpected(shape_error("records[] must be objects {ref, status, version}"));
    }
    ReceiptRecord rr;
    auto ref = string_field(*rec, "ref");
    auto status = string_field(*rec, "status");
    auto version = uint_field(*rec, "version");
    if (!ref || !status || !version) return tl::unexpected(shape_error("records[] must be objects {ref, status, version}"));
    rr.ref = std::move(*ref);
    rr.status = std::move(*status);
    rr.version = *version;
    r.records.push_back(std::move(rr));
  }
  return r;
}

struct Wire {
  Receipt receipt;
  crypto::Ed25519Signature signature{};
};

Result<Wire> parse_wire(std::string_view wire) {
  if (wire.size() > kMaxReceiptBytes) return tl::unexpected(shape_error("larger than 2 MiB"));
  try {
    auto parsed = detail::parse_json_strict(wire, 6);
    if (!parsed) return tl::unexpected(shape_error(parsed.error()));
    const auto* top = parsed->if_object();
    // A third member "log" (the transparency log's proof, tree_head.hpp) is not signed here.
    const std::size_t members = top == nullptr ? 0 : top->size();
    if (top == nullptr || !top->contains("receipt") || !top->contains("signature") ||
        members != (top->contains("log") ? 3u : 2u)) {
      return tl::unexpected(shape_error("expected {\"receipt\": {...}, \"signature\": \"...\"}"));
    }
    const auto* body = top->at("receipt").if_object();
    const auto* sig = top->at("signature").if_string();
    if (body == nullptr || sig == nullptr) {
      return tl::unexpected(shape_error("expected {\"receipt\": {...}, \"signature\": \"...\"}"));
    }
    auto decoded = decode_receipt(*body);
    if (!decoded) return tl::unexpected(decoded.error());
    auto sig_bytes = crypto::from_base64(std::string_view(sig->data(), sig->size()));
    Wire out{std::move(*decoded), {}};
    if (!sig_bytes || sig_bytes->size() != out.signature.size()) {
      return tl::unexpected(shape_error("signature must be 64 bytes in base64"));
    }
    std::memcpy(out.signature.data(), sig_bytes->data(), out.signature.size());
    return out;
  } catch (const std::bad_alloc&) {
    return tl::unexpected(shape_error("out of memory"));
  }
}

}  // namespace

std::string receipt_canonical(const Receipt& receipt) { return canonical_json(receipt_object(receipt)); }

Result<std::string> sign_receipt(const Receipt& receipt, const crypto::SigningKey& key) {
  const std::string canonical = receipt_canonical(receipt);
  auto signature = key.sign(crypto::as_bytes(canonical));
  if (!signature) return tl::unexpected(signature.error());
  json::object wire;
  wire["receipt"] = receipt_object(receipt);
  wire["signature"] = crypto::to_base64(*signature);
  return canonical_json(wire);
}

Result<Receipt> parse_receipt(std::string_view wire) {
  auto parsed = parse_wire(wire);
  if (!parsed) return tl::unexpected(parsed.error());
  return std::move(parsed->receipt);
}

Result<Receipt> verify_receipt(std::string_view wire, const crypto::Ed25519PublicKey& server_key) {
  auto parsed = parse_wire(wire);
  if (!parsed) return tl::unexpected(parsed.error());
  const std::string canonical = receipt_canonical(parsed->receipt);
  if (!crypto::verify_signature(server_key, crypto::as_bytes(canonical), parsed->signature)) {
    return fail(ErrorCode::Unauthenticated, "receipt " + parsed->receipt.submission_id.substr(0, 64) +
                                                ": the signature does not verify under the server's receipt key");
  }
  return std::move(parsed->receipt);
}

}  // namespace vrs::schema
