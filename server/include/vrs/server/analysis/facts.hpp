#pragma once
/// The analysis engine's in-memory copy of the latest active version of every record
/// (docs/architecture.md "Report path"): compact facts (codes packed into integers, lists in
/// shared arenas, no notes, no refs' text beyond the key) loaded from the server database over a
/// read-only connection and refreshed incrementally. incident_versions is append-only (a new
/// version supersedes the previous latest of its (member, ref)), so a refresh reads only the rows
/// with an id above the last one seen, in id order, and replaces or drops the fact of their
/// (member, ref).
///
/// Thread-safety: none; the engine uses one FactStore from its own thread only.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "vrs/common/error.hpp"
#include "vrs/crypto/secure_buffer.hpp"

namespace vrs::db {
class Database;
}

namespace vrs::server::analysis {

/// ISO alpha-3 (or ICAO special) code packed as (c0-'A')*676 + (c1-'A')*26 + (c2-'A').
using Code = std::uint16_t;
inline constexpr Code kNoCode = 0xFFFF;
Code pack_code(std::string_view alpha3) noexcept;  ///< kNoCode unless 3 letters A-Z
std::string unpack_code(Code code);

struct Leg {
  Code country = kNoCode;
  std::uint8_t role = 0;  ///< schema::RouteRole
  std::uint8_t mode = 0;  ///< schema::TransportMode
};
struct MigrantRow {
  Code nationality = kNoCode;
  std::uint8_t sex = 0, age = 0;
  std::uint32_t count = 0, unaccompanied = 0;
};
struct SmugglerRow {
  Code nationality = kNoCode;
  std::uint8_t sex = 0, age = 0, role = 0;
  std::uint32_t count = 0;
};
struct DocumentRow {
  Code issuer = kNoCode;
  std::uint8_t type = 0, fraud = 0;
  std::uint32_t count = 0;
};
struct FeeRow {
  std::int64_t amount_minor = 0;
  Code currency = kNoCode;
  std::uint8_t per = 0;  ///< schema::FeeBasis
};

/// A [begin, end) slice of one of the store's arenas.
struct Slice {
  std::uint32_t begin = 0, end = 0;
};

struct Fact {
  std::int64_t version_id = 0;
  std::uint32_t member = 0;   ///< index into FactStore::members()
  Code state = kNoCode;       ///< reporting state
  std::int32_t day = 0;       ///< days since 1970-01-01; month precision: the 1st of the month
  std::int32_t month = 0;     ///< year * 12 + month - 1
  std::uint8_t conduct = 0;   ///< bit per schema::Conduct
  std::uint8_t abuse = 0;     ///< bit per schema::Abuse
  std::uint16_t methods = 0;  ///< bit per schema::Method
  std::uint32_t deaths = 0, missing = 0, injured = 0;
  std::uint32_t investigations = 0, arrests = 0, prosecutions = 0, convictions = 0;
  std::uint32_t migrants = 0, smugglers = 0, unaccompanied = 0;  ///< totals of the groups
  Slice legs, migrant_rows, smuggler_rows, document_rows, fee_rows;
  /// The version's secret record key for the cell-key method (docs/disclosure.md "Noise"):
  /// SipHash of version_id under the store's cell-key secret, as a fraction of 2^32.
  std::uint32_t key = 0;
  bool alive = false;
};

struct MemberInfo {
  std::string member_id;
  std::string state;
  bool name_opt_in = false;
};

class FactStore {
 public:
  /// Reads every version newer than the last refresh (all of them the first time) and the
  /// members table (and, the first time, the cell-key secret: NotFound without one). Fails with the database error; a failed refresh leaves the facts as they
  /// were before it (the whole refresh is read in one read transaction, then applied).
  Result<void> refresh(db::Database& db);

  [[nodiscard]] const std::vector<Fact>& facts() const noexcept { return facts_; }
  [[nodiscard]] const std::vector<MemberInfo>& members() const noexcept { return members_; }
  [[nodiscard]] std::size_t live() const noexcept { return live_; }
  /// created_at of the newest version applied ("" before any).
  [[nodiscard]] const std::string& cutoff() const noexcept { return cutoff_; }
  /// Index of the member with that id, or -1.
  [[nodiscard]] std::int64_t member_index(std::string_view member_id) const;

  [[nodiscard]] const std::vector<Leg>& legs() const noexcept { return legs_; }
  [[nodiscard]] const std::vector<MigrantRow>& migrant_rows() const noexcept { return migrant_rows_; }
  [[nodiscard]] const std::vector<SmugglerRow>& smuggler_rows() const noexcept { return smuggler_rows_; }
  [[nodiscard]] const std::vector<DocumentRow>& document_rows() const noexcept { return document_rows_; }
  [[nodiscard]] const std::vector<FeeRow>& fee_rows() const noexcept { return fee_rows_; }

 private:
  void compact();
  std::uint32_t intern_member(const std::string& member_id, const std::string& state);

  std::vector<Fact> facts_;
  std::unordered_map<std::string, std::uint32_t> by_key_;  ///< member_id + '\n' + ref → fact index
  std::vector<MemberInfo> members_;
  std::unordered_map<std::string, std::uint32_t> member_ids_;
  std::vector<Leg> legs_;
  std::vector<MigrantRow> migrant_rows_;
  std::vector<SmugglerRow> smuggler_rows_;
  std::vector<DocumentRow> document_rows_;
  std::vector<FeeRow> fee_rows_;
  std::int64_t watermark_ = 0;  ///< highest incident_versions.id applied
  std::size_t live_ = 0;
  std::size_t dead_ = 0;
  std::string cutoff_;
  crypto::SecureBuffer cell_key_secret_;
};

}  // namespace vrs::server::analysis
