#include "vrs/schema/envelope.hpp"

#include <algorithm>
#include <cstring>
#include <set>

#include <boost/json.hpp>

#include "detail/json_parse.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/schema/canonical_json.hpp"
#include "vrs/schema/json_codec.hpp"
#include "vrs/schema/validate.hpp"

namespace vrs::schema {
namespace json = boost::json;
namespace {

constexpr std::string_view kPlaintextMagic = "VRS2";
constexpr std::string_view kPlaintextMagicV1 = "VRS1";
constexpr std::size_t kPlaintextHeader = kPlaintextMagic.size() + 32 + 64;
constexpr std::size_t kMaxKeyIdBytes = 64;
constexpr std::size_t kMaxMemberBytes = 64;
// A batch nests: object > records array > record > list > group = 5 levels.
constexpr std::size_t kBatchDepth = 8;

bool is_hex_lower(char c) noexcept { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// "YYYY-MM-DDTHH:MM:SSZ" or with ".f" to ".fffffffff" before the Z.
bool is_utc_timestamp(std::string_view t) noexcept {
  if (t.size() < 20 || t.size() > 30 || t.back() != 'Z') return false;
  static constexpr std::string_view shape = "dddd-dd-ddTdd:dd:dd";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == 'd' ? !is_digit(t[i]) : t[i] != shape[i]) return false;
  }
  const auto rest = t.substr(shape.size(), t.size() - shape.size() - 1);
  if (rest.empty()) return true;
  if (rest.size() < 2 || rest[0] != '.') return false;
  return std::all_of(rest.begin() + 1, rest.end(), is_digit);
}

bool is_member_shape(std::string_view m) noexcept {
  if (m.size() < 5 || m.size() > kMaxMemberBytes || m[3] != '-') return false;
  return std::all_of(m.begin(), m.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '_' || c == '.';
  });
}

std::string quoted(std::string_view text) {
  return json::serialize(json::value(json::string_view(text.data(), std::min<std::size_t>(text.size(), 80))));
}

void add_error(FieldErrors& errors, std::string path, std::string value, std::string message) {
  errors.push_back(FieldError{std::move(path), std::move(value), std::move(message)});
}

std::string record_path(std::size_t i, const std::string& inner) {
  std::string p = "records[";
  p += std::to_string(i);
  p += ']';
  if (!inner.empty()) {
    p += '.';
    p += inner;
  }
  return p;
}

tl::unexpected<EnvelopeError> envelope_error(EnvelopeFailure failure, std::string detail) {
  return tl::unexpected(EnvelopeError{failure, std::move(detail)});
}

std::string key_id(std::string_view prefix, const std::array<std::uint8_t, 32>& key) {
  const auto digest = crypto::sha256(crypto::ByteView(key.data(), key.size()));
  std::string id(prefix);
  id += crypto::to_hex(crypto::ByteView(digest.data(), 8));
  return id;
}

// A string field of the batch header: copied to `out` if `valid` accepts it, else one error
// that shows the JSON value and says what was `expected`.
void string_field(FieldErrors& errors, const json::key_value_pair& kv, bool (*valid)(std::string_view),
                  const char* expected, std::string& out) {
  const json::string* s = kv.value().if_string();
  if (s == nullptr || !valid(std::string_view(s->data(), s->size()))) {
    add_error(errors, std::string(kv.key()), json::serialize(kv.value()), expected);
  } else {
    out.assign(s->data(), s->size());
  }
}

}  // namespace

bool is_uuid_v4(std::string_view t) noexcept {
  if (t.size() != 36) return false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (t[i] != '-') return false;
    } else if (!is_hex_lower(t[i])) {
      return false;
    }
  }
  return t[14] == '4' && (t[19] == '8' || t[19] == '9' || t[19] == 'a' || t[19] == 'b');
}

std::string encode_batch(const Batch& batch) {
  json::array records;
  records.reserve(batch.records.size());
  for (const auto& r : batch.records) records.push_back(to_json(r));
  json::object o;
  o["created_at"] = batch.created_at;
  o["format"] = json::string_view(kBatchFormat.data(), kBatchFormat.size());
  o["member"] = batch.member;
  o["records"] = std::move(records);
  o["submission_id"] = batch.submission_id;
  return canonical_json(o);
}

tl::expected<Batch, FieldErrors> decode_batch(std::string_view payload, const Date& today) {
  FieldErrors errors;
  if (payload.size() > kMaxPayloadBytes) {
    add_error(errors, "", std::to_string(payload.size()),
              "payload is " + std::to_string(payload.size()) + " bytes; at most " + std::to_string(kMaxPayloadBytes));
    return tl::unexpected(std::move(errors));
  }
  try {
    auto parsed = detail::parse_json_strict(payload, kBatchDepth);
    if (!parsed) {
      add_error(errors, "", "", parsed.error());
      return tl::unexpected(std::move(errors));
    }
    const auto* obj = parsed->if_object();
    if (obj == nullptr) {
      add_error(errors, "", "", "a batch must be a JSON object");
      return tl::unexpected(std::move(errors));
    }
    Batch batch;
    const json::array* records = nullptr;
    bool seen_format = false;
    for (const auto& kv : *obj) {
      const std::string key(kv.key());
      const json::string* s = kv.value().if_string();
      if (key == "format") {
        seen_format = true;
        if (s == nullptr || *s != json::string_view(kBatchFormat.data(), kBatchFormat.size())) {
          add_error(errors, "format", json::serialize(kv.value()), "expected \"vrs.batch/1\"");
        }
      } else if (key == "submission_id") {
        string_field(errors, kv, is_uuid_v4, "expected a lower-case version-4 UUID", batch.submission_id);
      } else if (key == "created_at") {
        string_field(errors, kv, is_utc_timestamp, "expected a UTC time YYYY-MM-DDTHH:MM:SS[.fff]Z", batch.created_at);
      } else if (key == "member") {
        string_field(errors, kv, is_member_shape, "expected a member id like \"AUS-ABF\"", batch.member);
      } else if (key == "records") {
        records = kv.value().if_array();
        if (records == nullptr) add_error(errors, "records", "", "expected an array of incident records");
      } else {
        add_error(errors, key, "", "unknown field " + quoted(key));
      }
    }
    if (!seen_format) add_error(errors, "format", "", "missing");
    for (const char* required : {"submission_id", "created_at", "member", "records"}) {
      if (!obj->contains(required)) add_error(errors, required, "", "missing");
    }
    if (records != nullptr) {
      if (records->empty()) add_error(errors, "records", "", "a batch needs at least one record");
      if (records->size() > kMaxBatchRecords) {
        add_error(errors, "records", std::to_string(records->size()),
                  std::to_string(records->size()) + " records; at most " + std::to_string(kMaxBatchRecords) + " per batch");
      } else {
        std::set<std::string> refs;
        batch.records.reserve(records->size());
        for (std::size_t i = 0; i < records->size(); ++i) {
          auto decoded = decode_incident_value((*records)[i]);
          if (!decoded) {
            for (auto& e : decoded.error()) add_error(errors, record_path(i, e.path), std::move(e.value), std::move(e.message));
            continue;
          }
          auto problems = validate(*decoded, today);
          if (!problems.empty()) {
            for (auto& e : problems) add_error(errors, record_path(i, e.path), std::move(e.value), std::move(e.message));
            continue;
          }
          if (!refs.insert(decoded->ref).second) {
            add_error(errors, record_path(i, "ref"), quoted(decoded->ref),
                      quoted(decoded->ref) + " appears more than once in this batch");
            continue;
          }
          batch.records.push_back(std::move(*decoded));
        }
      }
    }
    if (!errors.empty()) return tl::unexpected(std::move(errors));
    return batch;
  } catch (const std::bad_alloc&) {
    add_error(errors, "", "", "out of memory while decoding the batch");
    return tl::unexpected(std::move(errors));
  }
}

std::string_view to_string(EnvelopeFailure failure) noexcept {
  switch (failure) {
    case EnvelopeFailure::Malformed: return "envelope_malformed";
    case EnvelopeFailure::UnknownKey: return "envelope_unknown_key";
    case EnvelopeFailure::Unopenable: return "envelope_unopenable";
    case EnvelopeFailure::BadPlaintext: return "envelope_malformed_plaintext";
    case EnvelopeFailure::BadSignature: return "signature_invalid";
  }
  return "envelope_malformed";
}

std::string sealing_key_id(const crypto::X25519PublicKey& key) { return key_id("x25519-", key); }
std::string receipt_key_id(const crypto::Ed25519PublicKey& key) { return key_id("ed25519-", key); }

std::string envelope_v2_message(std::string_view server_id, std::string_view key_id, std::string_view payload) {
  std::string out;
  out.reserve(kEnvelopeFormat.size() + server_id.size() + key_id.size() + payload.size() + 3);
  out += kEnvelopeFormat;
  out += '\0';
  out += server_id;
  out += '\0';
  out += key_id;
  out += '\0';
  out += payload;
  return out;
}

namespace {

Result<std::string> seal_version(int version, std::string_view payload, const crypto::SigningKey& signer,
                                 std::string_view key_id, const crypto::X25519PublicKey& server_key,
                                 std::string_view server_id) {
  if (payload.size() > kMaxPayloadBytes) {
    return fail(ErrorCode::InvalidArgument, "payload is " + std::to_string(payload.size()) + " bytes; at most " +
                                                std::to_string(kMaxPayloadBytes) + " per envelope (use smaller batches)");
  }
  if (key_id.empty() || key_id.size() > kMaxKeyIdBytes) {
    return fail(ErrorCode::InvalidArgument, "key_id must be 1.." + std::to_string(kMaxKeyIdBytes) + " bytes");
  }
  if (version == 2 && (server_id.empty() || server_id.size() > kMaxServerIdBytes ||
                       server_id.find('\0') != std::string_view::npos || key_id.find('\0') != std::string_view::npos)) {
    return fail(ErrorCode::InvalidArgument, "server_id must be 1.." + std::to_string(kMaxServerIdBytes) + " bytes without NUL");
  }
  auto signature = version == 2 ? signer.sign(crypto::as_bytes(envelope_v2_message(server_id, key_id, payload)))
                                : signer.sign(crypto::as_bytes(payload));
  if (!signature) return tl::unexpected(signature.error());
  const std::string_view magic = version == 2 ? kPlaintextMagic : kPlaintextMagicV1;
  const std::string_view format = version == 2 ? kEnvelopeFormat : kEnvelopeFormatV1;
  crypto::Bytes plain;
  plain.reserve(kPlaintextHeader + payload.size());
  plain.insert(plain.end(), magic.begin(), magic.end());
  const auto& pk = signer.public_key();
  plain.insert(plain.end(), pk.begin(), pk.end());
  plain.insert(plain.end(), signature->begin(), signature->end());
  plain.insert(plain.end(), payload.begin(), payload.end());
  auto sealed = crypto::seal(server_key, plain);
  if (!sealed) return tl::unexpected(sealed.error());
  json::object o;
  o["format"] = json::string_view(format.data(), format.size());
  o["key_id"] = json::string_view(key_id.data(), key_id.size());
  o["sealed"] = crypto::to_base64(*sealed);
  return canonical_json(o);
}

}  // namespace

Result<std::string> seal_envelope(std::string_view payload, const crypto::SigningKey& signer, std::string_view key_id,
                                  const crypto::X25519PublicKey& server_key, std::string_view server_id) {
  return seal_version(2, payload, signer, key_id, server_key, server_id);
}

Result<std::string> seal_envelope_v1(std::string_view payload, const crypto::SigningKey& signer, std::string_view key_id,
                                     const crypto::X25519PublicKey& server_key) {
  return seal_version(1, payload, signer, key_id, server_key, {});
}

tl::expected<ParsedEnvelope, EnvelopeError> parse_envelope(std::string_view body) {
  if (body.size() > kMaxEnvelopeBytes) {
    return envelope_error(EnvelopeFailure::Malformed, "envelope is " + std::to_string(body.size()) + " bytes; at most " +
                                                          std::to_string(kMaxEnvelopeBytes));
  }
  try {
    auto parsed = detail::parse_json_strict(body, 2);
    if (!parsed) return envelope_error(EnvelopeFailure::Malformed, "envelope: " + parsed.error());
    const auto* obj = parsed->if_object();
    if (obj == nullptr) return envelope_error(EnvelopeFailure::Malformed, "envelope: expected a JSON object");
    ParsedEnvelope out;
    bool format_ok = false;
    bool have_sealed = false;
    for (const auto& kv : *obj) {
      const json::string* s = kv.value().if_string();
      if (kv.key() == "format") {
        const bool v2 = s != nullptr && *s == json::string_view(kEnvelopeFormat.data(), kEnvelopeFormat.size());
        const bool v1 = s != nullptr && *s == json::string_view(kEnvelopeFormatV1.data(), kEnvelopeFormatV1.size());
        format_ok = v1 || v2;
        if (!format_ok) {
          return envelope_error(EnvelopeFailure::Malformed, "envelope: format must be \"vrs.envelope/2\" (or the older \"vrs.envelope/1\")");
        }
        out.version = v2 ? 2 : 1;
      } else if (kv.key() == "key_id") {
        if (s == nullptr || s->empty() || s->size() > kMaxKeyIdBytes) {
          return envelope_error(EnvelopeFailure::Malformed, "envelope: key_id must be a string of 1..64 bytes");
        }
        out.key_id.assign(s->data(), s->size());
      } else if (kv.key() == "sealed") {
        if (s == nullptr) return envelope_error(EnvelopeFailure::Malformed, "envelope: sealed must be a base64 string");
        auto bytes = crypto::from_base64(std::string_view(s->data(), s->size()));
        if (!bytes) return envelope_error(EnvelopeFailure::Malformed, "envelope: sealed is not valid base64");
        out.sealed = std::move(*bytes);
        have_sealed = true;
      } else {
        return envelope_error(EnvelopeFailure::Malformed, "envelope: unknown field " + quoted(std::string(kv.key())));
      }
    }
    if (!format_ok) return envelope_error(EnvelopeFailure::Malformed, "envelope: format is missing");
    if (out.key_id.empty()) return envelope_error(EnvelopeFailure::Malformed, "envelope: key_id is missing");
    if (!have_sealed) return envelope_error(EnvelopeFailure::Malformed, "envelope: sealed is missing");
    return out;
  } catch (const std::bad_alloc&) {
    return envelope_error(EnvelopeFailure::Malformed, "envelope: out of memory");
  }
}

tl::expected<OpenedEnvelope, EnvelopeError> open_envelope(const ParsedEnvelope& envelope, const crypto::BoxKeyPair& key,
                                                          std::string_view server_id) {
  auto plain = key.open(envelope.sealed);
  if (!plain) {
    return envelope_error(EnvelopeFailure::Unopenable,
                          "the envelope does not open with key " + envelope.key_id + ": altered or sealed to another key");
  }
  // The plaintext's version must be the envelope's: a v1 plaintext cannot pass as v2.
  const std::string_view magic = envelope.version == 2 ? kPlaintextMagic : kPlaintextMagicV1;
  if (plain->size() < kPlaintextHeader || std::memcmp(plain->data(), magic.data(), magic.size()) != 0) {
    return envelope_error(EnvelopeFailure::BadPlaintext,
                          "the opened envelope is not a " + std::string(magic) + " signed payload");
  }
  OpenedEnvelope out;
  out.version = envelope.version;
  std::memcpy(out.signer.data(), plain->data() + kPlaintextMagic.size(), out.signer.size());
  std::memcpy(out.signature.data(), plain->data() + kPlaintextMagic.size() + 32, out.signature.size());
  out.payload.assign(reinterpret_cast<const char*>(plain->data() + kPlaintextHeader), plain->size() - kPlaintextHeader);
  const bool verified =
      envelope.version == 2
          ? crypto::verify_signature(out.signer, crypto::as_bytes(envelope_v2_message(server_id, envelope.key_id, out.payload)),
                                     out.signature)
          : crypto::verify_signature(out.signer, crypto::as_bytes(out.payload), out.signature);
  if (!verified) {
    return envelope_error(EnvelopeFailure::BadSignature,
                          envelope.version == 2 ? "the signature does not verify under its signer key for this server and key id"
                                                : "the payload signature does not verify under its signer key");
  }
  out.payload_sha256 = crypto::sha256(crypto::as_bytes(out.payload));
  return out;
}

}  // namespace vrs::schema
