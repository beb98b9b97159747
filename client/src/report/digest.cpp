// The report contract's checks on the client side: section names, the digest and the parsing
// of a received body (docs/reports.md).
#include <array>

#include <boost/json.hpp>

#include "report/document.hpp"
#include "vrs/client/net/api.hpp"
#include "vrs/client/net/https_client.hpp"
#include "vrs/client/report/render.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/hash.hpp"

namespace vrs::client::report {

namespace json = boost::json;

bool is_report_section(std::string_view name) noexcept {
  for (const auto s : kReportSections) {
    if (s == name) return true;
  }
  return false;
}

std::string report_section_list() {
  std::string out;
  for (const auto s : kReportSections) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

std::string report_digest(const json::object& doc) {
  // A copy without `sha256`, members in the document's order (object::erase would move the
  // last member into the gap).
  json::object content;
  content.reserve(doc.size());
  for (const auto& entry : doc) {
    if (entry.key() != "sha256") content.emplace(entry.key(), entry.value());
  }
  const std::string text = json::serialize(content);
  return crypto::to_hex(crypto::sha256(crypto::as_bytes(text)));
}

Result<void> check_report_digest(const json::object& doc) {
  const json::value* sha = doc.if_contains("sha256");
  if (sha == nullptr || !sha->is_string()) {
    return fail(ErrorCode::InvalidArgument, "report: field \"sha256\" is missing or not a string");
  }
  std::string claimed(sha->get_string().data(), sha->get_string().size());
  for (auto& c : claimed) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  const std::string actual = report_digest(doc);
  if (claimed != actual) {
    std::string message = "report: sha256 mismatch (the document says ";
    message += net::printable(claimed, 64);
    message += ", its content hashes to ";
    message += actual;
    message += "): refusing a damaged or altered report";
    return fail(ErrorCode::DataLoss, std::move(message));
  }
  return {};
}

namespace {

// The exact-bytes form of the check. The server serialises the document without `sha256`, then
// appends the member last, so the body is that text with `,"sha256":"<hex>"` before its final
// brace. Hashing those bytes does not depend on re-serialising numbers: Boost.JSON 1.81 parses
// doubles imprecisely, so a double need not survive parse + serialise bit for bit. nullopt when
// the body does not end that way (then the re-serialisation form decides).
std::optional<bool> raw_digest_matches(std::string_view body) {
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r' || body.back() == ' ' || body.back() == '\t')) {
    body.remove_suffix(1);
  }
  constexpr std::string_view kMember = ",\"sha256\":\"";
  constexpr std::size_t kHex = 64;
  const std::size_t tail = kMember.size() + kHex + 2;
  if (body.size() <= tail) return std::nullopt;
  const std::string_view end = body.substr(body.size() - tail);
  if (end.substr(0, kMember.size()) != kMember || end.substr(kMember.size() + kHex) != "\"}") return std::nullopt;
  std::string claimed(end.substr(kMember.size(), kHex));
  for (auto& c : claimed) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  std::string content(body.substr(0, body.size() - tail));
  content += '}';
  return crypto::to_hex(crypto::sha256(crypto::as_bytes(content))) == claimed;
}

}  // namespace

Result<json::object> parse_report(std::string_view body) {
  json::parse_options options;
  options.max_depth = net::kMaxJsonDepth;
  boost::system::error_code ec;
  json::value value = json::parse(json::string_view(body.data(), body.size()), ec, json::storage_ptr(), options);
  if (ec) return fail(ErrorCode::InvalidArgument, std::string("report: not valid JSON (") + ec.message() + ")");
  if (!value.is_object()) return fail(ErrorCode::InvalidArgument, "report: expected a JSON object");
  json::object doc = std::move(value.as_object());
  const json::value* schema = doc.if_contains("schema");
  if (schema == nullptr || !schema->is_string() || schema->get_string() != "vrs.report/1") {
    return fail(ErrorCode::InvalidArgument, "report: field \"schema\" must be \"vrs.report/1\"");
  }
  if (raw_digest_matches(body) != std::optional<bool>(true)) VRS_TRY_VOID(check_report_digest(doc));
  VRS_TRY(auto read, report::read_document(doc));
  return doc;
}

}  // namespace vrs::client::report
