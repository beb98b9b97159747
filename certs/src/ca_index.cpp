#include "vrs/certs/ca_index.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>

#include "vrs/common/text_file.hpp"

namespace vrs::certs {
namespace {

constexpr std::size_t kFields = 11;
constexpr std::string_view kNone = "-";

bool is_lower_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

std::string shown_value(std::string_view value) {
  // Error messages show at most 64 bytes of a bad value, with control characters escaped so a
  // corrupt line cannot garble the one-line message.
  std::string out = "\"";
  for (char c : value.substr(0, 64)) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\t') {
      out += "\\t";
    } else if (is_control(u)) {
      std::array<char, 8> buf{};
      std::snprintf(buf.data(), buf.size(), "\\x%02x", static_cast<unsigned>(u));
      out += buf.data();
    } else {
      out += c;
    }
  }
  if (value.size() > 64) out += "...";
  return out + "\"";
}

std::vector<std::string_view> split(std::string_view line, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const auto pos = line.find(sep, start);
    if (pos == std::string_view::npos) {
      out.push_back(line.substr(start));
      return out;
    }
    out.push_back(line.substr(start, pos - start));
    start = pos + 1;
  }
}

bool is_server_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ':';
}

Result<void> check_subject(CertKind kind, std::string_view subject) {
  if (kind == CertKind::Member) {
    auto member = parse_member_id(subject);
    if (!member) return fail(ErrorCode::InvalidArgument, "subject: " + member.error().message());
    return {};
  }
  if (subject.empty()) return fail(ErrorCode::InvalidArgument, "subject: a server certificate needs at least one name");
  for (auto name : split(subject, ',')) {
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_server_name_char)) {
      return fail(ErrorCode::InvalidArgument, "subject: " + shown_value(subject) + " is not a ','-separated list of server names");
    }
  }
  return {};
}

// Checks the rules of the header comment for one entry (used by add() and by parse()).
Result<void> check_entry(const IndexEntry& e) {
  VRS_TRY_VOID(normalize_serial(e.serial_hex));
  if (!is_lower_hex(e.serial_hex)) return fail(ErrorCode::InvalidArgument, "serial " + shown_value(e.serial_hex) + " is not lower-case hex");
  VRS_TRY_VOID(check_subject(e.kind, e.subject));
  if (e.kind == CertKind::Member && !e.role) return fail(ErrorCode::InvalidArgument, "role: a member certificate needs a role");
  if (e.kind == CertKind::Server && e.role) return fail(ErrorCode::InvalidArgument, "role: must be \"-\" for a server certificate");
  if (e.not_after <= e.not_before) return fail(ErrorCode::InvalidArgument, "not_after: not after not_before");
  const bool revoked = e.status == CertStatus::Revoked;
  if (revoked != e.revoked_at.has_value() || revoked != e.reason.has_value()) {
    return fail(ErrorCode::InvalidArgument, revoked ? "revoked_at and reason: required when status is revoked"
                                                    : "revoked_at and reason: must be \"-\" when status is valid");
  }
  if (e.fingerprint_sha256.size() != 64 || !is_lower_hex(e.fingerprint_sha256)) {
    return fail(ErrorCode::InvalidArgument, "sha256: " + shown_value(e.fingerprint_sha256) + " is not 64 lower-case hex digits");
  }
  VRS_TRY_VOID(check_note(e.note));
  if (e.note == kNone) return fail(ErrorCode::InvalidArgument, "note: \"-\" is reserved for an empty note");
  return {};
}

std::string or_none(std::string_view s) { return s.empty() ? std::string(kNone) : std::string(s); }

// A two-valued column (kind, status): the word to_string() writes for `first` or `second`.
template <typename E>
Result<E> parse_either(std::string_view text, const char* column, E first, E second) {
  if (text == to_string(first)) return first;
  if (text == to_string(second)) return second;
  return fail(ErrorCode::InvalidArgument, std::string(column) + ": " + shown_value(text) + " is not " +
                                              std::string(to_string(first)) + " or " + std::string(to_string(second)));
}

Result<IndexEntry> parse_line(std::string_view line) {
  const auto fields = split(line, '\t');
  if (fields.size() != kFields) {
    return fail(ErrorCode::InvalidArgument,
                "expected " + std::to_string(kFields) + " TAB-separated fields, found " + std::to_string(fields.size()));
  }
  IndexEntry e;
  e.serial_hex = std::string(fields[0]);
  VRS_TRY(e.kind, parse_either(fields[1], "kind", CertKind::Server, CertKind::Member));
  e.subject = std::string(fields[2]);
  if (fields[3] != kNone) {
    VRS_TRY(auto role, parse_role(fields[3]));
    e.role = role;
  }
  auto nb = parse_time(fields[4]);
  if (!nb) return fail(nb.error().with_context("not_before"));
  e.not_before = *nb;
  auto na = parse_time(fields[5]);
  if (!na) return fail(na.error().with_context("not_after"));
  e.not_after = *na;
  VRS_TRY(e.status, parse_either(fields[6], "status", CertStatus::Valid, CertStatus::Revoked));
  if (fields[7] != kNone) {
    auto at = parse_time(fields[7]);
    if (!at) return fail(at.error().with_context("revoked_at"));
    e.revoked_at = *at;
  }
  if (fields[8] != kNone) {
    VRS_TRY(auto reason, parse_revocation_reason(fields[8]));
    e.reason = reason;
  }
  e.fingerprint_sha256 = std::string(fields[9]);
  if (fields[10] != kNone) {
    if (fields[10].empty()) return fail(ErrorCode::InvalidArgument, "note: empty (write \"-\" for none)");
    e.note = std::string(fields[10]);
  }
  VRS_TRY_VOID(check_entry(e));
  return e;
}

std::string format_line(const IndexEntry& e) {
  std::string line;
  const auto add = [&](std::string_view field) {
    if (!line.empty()) line += '\t';
    line += field;
  };
  add(e.serial_hex);
  add(to_string(e.kind));
  add(e.subject);
  add(e.role ? to_string(*e.role) : kNone);
  add(format_time(e.not_before));
  add(format_time(e.not_after));
  add(to_string(e.status));
  add(e.revoked_at ? format_time(*e.revoked_at) : std::string(kNone));
  add(e.reason ? to_string(*e.reason) : kNone);
  add(e.fingerprint_sha256);
  add(or_none(e.note));
  return line + "\n";
}

}  // namespace

std::string_view to_string(CertKind kind) noexcept { return kind == CertKind::Server ? "server" : "member"; }
std::string_view to_string(CertStatus status) noexcept { return status == CertStatus::Revoked ? "revoked" : "valid"; }

Result<void> check_note(std::string_view note) {
  if (note.size() > kMaxNoteLength) {
    return fail(ErrorCode::InvalidArgument,
                "note: " + std::to_string(note.size()) + " bytes; at most " + std::to_string(kMaxNoteLength) + " allowed");
  }
  if (std::any_of(note.begin(), note.end(), [](char c) { return is_control(static_cast<unsigned char>(c)); })) {
    return fail(ErrorCode::InvalidArgument, "note: " + shown_value(note) + " contains a TAB, newline or other control character");
  }
  return {};
}

Result<std::string> normalize_serial(std::string_view serial_hex) {
  const bool hex = !serial_hex.empty() && serial_hex.size() <= 40 &&
                   std::all_of(serial_hex.begin(), serial_hex.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
  if (!hex) return fail(ErrorCode::InvalidArgument, "serial " + shown_value(serial_hex) + " is not hexadecimal");
  std::string out;
  for (char c : serial_hex) {
    if (out.empty() && c == '0') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out.empty() ? std::string("0") : out;
}

Result<SysTime> parse_time(std::string_view text) {
  const auto bad = [&] {
    return fail(ErrorCode::InvalidArgument, shown_value(text) + " is not a UTC time like 2026-11-23T09:30:00Z");
  };
  // YYYY-MM-DDTHH:MM:SSZ
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
  if (text.size() != kShape.size()) return bad();
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    const bool ok = kShape[i] == 'd' ? (text[i] >= '0' && text[i] <= '9') : text[i] == kShape[i];
    if (!ok) return bad();
  }
  const auto num = [&](std::size_t pos, std::size_t len) {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) v = v * 10 + (text[i] - '0');
    return v;
  };
  struct tm tm {};
  tm.tm_year = num(0, 4) - 1900;
  tm.tm_mon = num(5, 2) - 1;
  tm.tm_mday = num(8, 2);
  tm.tm_hour = num(11, 2);
  tm.tm_min = num(14, 2);
  tm.tm_sec = num(17, 2);
  const auto time = std::chrono::system_clock::from_time_t(timegm(&tm));
  // timegm normalises 2025-02-30 to March 2nd: a round trip rejects such dates.
  if (format_time(time) != text) return bad();
  return time;
}

Result<IndexEntry> IndexEntry::for_certificate(const Certificate& cert, CertKind kind, std::string note) {
  IndexEntry e;
  e.serial_hex = cert.serial_hex();
  e.kind = kind;
  if (kind == CertKind::Member) {
    auto identity = cert.identity();
    if (!identity) return fail(ErrorCode::InvalidArgument, "certificate " + e.serial_hex + " binds no VRS member identity");
    e.subject = identity->member.str();
    e.role = identity->role;
  } else {
    for (const auto& name : cert.alt_names()) {
      if (!e.subject.empty()) e.subject += ',';
      e.subject += name;
    }
  }
  e.not_before = cert.not_before();
  e.not_after = cert.not_after();
  e.fingerprint_sha256 = cert.fingerprint_sha256();
  e.note = std::move(note);
  VRS_TRY_VOID(check_entry(e));
  return e;
}

Result<CaIndex> CaIndex::parse(std::string_view text) {
  CaIndex index;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    ++line_no;
    const auto end = text.find('\n', pos);
    const auto at = [&](const Error& e) { return fail(e.with_context("line " + std::to_string(line_no))); };
    if (end == std::string_view::npos) {
      return at(Error(ErrorCode::InvalidArgument, "no newline at the end of the file (truncated?)"));
    }
    const std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line_no == 1) {
      if (line != kIndexHeader) {
        return at(Error(ErrorCode::InvalidArgument, "not a vrs-ca index header (expected the column names serial, kind, "
                                                    "subject, role, not_before, not_after, status, revoked_at, reason, "
                                                    "sha256, note separated by TABs)"));
      }
      continue;
    }
    auto entry = parse_line(line);
    if (!entry) return at(entry.error());
    if (index.find(entry->serial_hex) != nullptr) {
      return at(Error(ErrorCode::InvalidArgument, "serial " + entry->serial_hex + " appears twice"));
    }
    index.entries_.push_back(std::move(*entry));
  }
  if (line_no == 0) return fail(ErrorCode::InvalidArgument, "line 1: empty file (the header line is missing)");
  return index;
}

Result<CaIndex> CaIndex::load(const std::filesystem::path& path) {
  VRS_TRY(auto text, read_text_file(path, kMaxIndexSize));
  auto index = parse(text);
  if (!index) return fail(index.error().with_context(path.string()));
  return index;
}

std::string CaIndex::to_text() const {
  std::string out(kIndexHeader);
  out += '\n';
  for (const auto& e : entries_) out += format_line(e);
  return out;
}

Result<void> CaIndex::save(const std::filesystem::path& path) const {
  return write_file_atomically(path, to_text(), 0644, Replace::Yes);
}

const IndexEntry* CaIndex::find(std::string_view serial_hex) const {
  auto wanted = normalize_serial(serial_hex);
  if (!wanted) return nullptr;
  for (const auto& e : entries_) {
    auto have = normalize_serial(e.serial_hex);
    if (have && *have == *wanted) return &e;
  }
  return nullptr;
}

Result<void> CaIndex::add(IndexEntry entry) {
  VRS_TRY_VOID(check_entry(entry));
  if (find(entry.serial_hex) != nullptr) {
    return fail(ErrorCode::AlreadyExists, "serial " + entry.serial_hex + " is already in the index");
  }
  entries_.push_back(std::move(entry));
  return {};
}

Result<IndexEntry> CaIndex::mark_revoked(std::string_view serial_hex, SysTime at, RevocationReason reason) {
  VRS_TRY(const auto wanted, normalize_serial(serial_hex));
  IndexEntry* entry = nullptr;
  for (auto& e : entries_) {
    if (auto have = normalize_serial(e.serial_hex); have && *have == wanted) entry = &e;
  }
  if (entry == nullptr) return fail(ErrorCode::NotFound, "no certificate with serial " + wanted + " in the index");
  if (entry->status == CertStatus::Revoked) {
    return fail(ErrorCode::FailedPrecondition, "certificate " + entry->serial_hex + " was already revoked at " +
                                                   format_time(*entry->revoked_at) + " (" +
                                                   std::string(to_string(*entry->reason)) + ")");
  }
  // Seconds precision, as stored, so an entry reads back exactly as it was written.
  entry->revoked_at = std::chrono::time_point_cast<std::chrono::seconds>(at);
  entry->reason = reason;
  entry->status = CertStatus::Revoked;
  return *entry;
}

std::vector<RevokedEntry> CaIndex::revoked() const {
  std::vector<RevokedEntry> out;
  for (const auto& e : entries_) {
    if (e.status == CertStatus::Revoked) out.push_back({e.serial_hex, *e.revoked_at, *e.reason});
  }
  return out;
}

}  // namespace vrs::certs
