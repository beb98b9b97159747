#pragma once
/// The certificate index of a CA directory (`index.tsv`): one line per certificate the
/// directory's issuing CA issued, kept for revocation, the CRL and the administrator's
/// inventory.
///
/// Format (version 1), UTF-8 text, '\n' line ends, fields separated by one TAB:
///
///     serial kind subject role not_before not_after status revoked_at reason sha256 note
///
/// The first line is exactly these column names (TAB-separated); every later line has exactly
/// 11 fields, "-" standing for "none":
///  - serial: the certificate serial, lower-case hex (as Certificate::serial_hex), unique;
///  - kind: `server` or `member`;
///  - subject: the member id (member) or the DNS names / IP addresses joined with ',' (server);
///  - role: reporter/analyst/admin for members, "-" for servers;
///  - not_before, not_after: ISO-8601 UTC with seconds, e.g. 2026-11-23T09:30:00Z;
///  - status: `valid` or `revoked` (expiry is computed from not_after, never stored);
///  - revoked_at, reason: set exactly when status is revoked (reason as RevocationReason names);
///  - sha256: 64 lower-case hex digits, the certificate fingerprint (the server's registry key);
///  - note: the administrator's reason for issuing (free text, no TAB or control characters,
///    at most kMaxNoteLength bytes), or "-".
/// Parsing is strict: any deviation is InvalidArgument "line N: <what>: <value>"; the file must
/// end with a newline. Lines are kept in issue order.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vrs/certs/certificate.hpp"
#include "vrs/certs/crl.hpp"
#include "vrs/certs/identity.hpp"
#include "vrs/common/error.hpp"

namespace vrs::certs {

enum class CertKind { Server, Member };
enum class CertStatus { Valid, Revoked };

std::string_view to_string(CertKind kind) noexcept;
std::string_view to_string(CertStatus status) noexcept;

inline constexpr std::size_t kMaxNoteLength = 200;
/// Largest index file read (about 60,000 certificates).
inline constexpr std::size_t kMaxIndexSize = 16 * 1024 * 1024;
/// The header line (without its newline).
inline constexpr std::string_view kIndexHeader =
    "serial\tkind\tsubject\trole\tnot_before\tnot_after\tstatus\trevoked_at\treason\tsha256\tnote";

struct IndexEntry {
  std::string serial_hex;
  CertKind kind = CertKind::Member;
  std::string subject;
  std::optional<Role> role;  ///< members only
  SysTime not_before;
  SysTime not_after;
  CertStatus status = CertStatus::Valid;
  std::optional<SysTime> revoked_at;          ///< revoked only
  std::optional<RevocationReason> reason;     ///< revoked only
  std::string fingerprint_sha256;
  std::string note;  ///< empty = none

  /// The entry for a freshly issued certificate (status valid). Members take subject and role
  /// from the certificate's identity; servers from its DNS/IP names.
  static Result<IndexEntry> for_certificate(const Certificate& cert, CertKind kind, std::string note);
};

/// Checks a note for the index: at most kMaxNoteLength bytes, no control characters (TAB and
/// newlines would break the format). InvalidArgument naming the problem otherwise.
Result<void> check_note(std::string_view note);

/// Canonical serial form for comparisons: lower case, leading zeros dropped. InvalidArgument
/// ("serial \"...\" is not hexadecimal") for anything but 1..40 hex digits.
Result<std::string> normalize_serial(std::string_view serial_hex);

/// Parses "2026-11-23T09:30:00Z" (exactly this form, a real calendar date).
Result<SysTime> parse_time(std::string_view text);

/// The parsed index. Not thread-safe; CaDirectory serialises access to the file.
class CaIndex {
 public:
  CaIndex() = default;

  /// Parses the whole file text (header included). InvalidArgument "line N: ..." on any error.
  static Result<CaIndex> parse(std::string_view text);
  /// Reads and parses `path`; errors are prefixed with the path.
  static Result<CaIndex> load(const std::filesystem::path& path);

  /// The file text: header plus one line per entry, each ending in '\n'.
  [[nodiscard]] std::string to_text() const;
  /// Replaces `path` atomically (temporary file + rename), mode 0644.
  [[nodiscard]] Result<void> save(const std::filesystem::path& path) const;

  [[nodiscard]] const std::vector<IndexEntry>& entries() const noexcept { return entries_; }
  /// The entry with this serial (any case, leading zeros ignored), or nullptr.
  [[nodiscard]] const IndexEntry* find(std::string_view serial_hex) const;

  /// Appends a checked entry; AlreadyExists if its serial is present, InvalidArgument if a
  /// field breaks the format rules above.
  Result<void> add(IndexEntry entry);
  /// Marks a valid entry revoked. NotFound if the serial is unknown, FailedPrecondition if it
  /// is already revoked. Returns the updated entry.
  Result<IndexEntry> mark_revoked(std::string_view serial_hex, SysTime at, RevocationReason reason);
  /// Every revoked entry, for the CRL.
  [[nodiscard]] std::vector<RevokedEntry> revoked() const;

 private:
  std::vector<IndexEntry> entries_;
};

}  // namespace vrs::certs
