#include "vrs/server/analysis/facts.hpp"

#include <array>
#include <algorithm>
#include <utility>

#include "vrs/crypto/hash.hpp"
#include "vrs/db/database.hpp"
#include "vrs/db/read_snapshot.hpp"
#include "vrs/db/statement.hpp"
#include "vrs/schema/enums.hpp"
#include "vrs/schema/report/contract.hpp"
#include "vrs/server/store/cell_key_secret.hpp"

namespace vrs::server::analysis {
namespace {

// A version read in this refresh, before it is applied.
struct Pending {
  std::int64_t previous_id = 0;  ///< id of version - 1 of the same (member, ref), 0 if none
  bool active = false;
  Fact fact;  ///< fact.version_id is the version's id
};

template <typename Row>
struct Collected {
  std::vector<std::pair<std::uint32_t, Row>> rows;  ///< (pending index, row)
};

template <class E>
std::uint8_t enum_value(const std::string& text) {
  const auto v = schema::parse_enum<E>(text);
  return v ? static_cast<std::uint8_t>(*v) : std::uint8_t{0};
}

std::uint32_t count32(std::int64_t v) noexcept {
  // Validation bounds every count far below 2^32 (schema::kMaxCount); clamp defensively.
  if (v < 0) return 0;
  return v > 0xFFFFFFFFLL ? 0xFFFFFFFFu : static_cast<std::uint32_t>(v);
}

// Parses "YYYY-MM-DD" (the stored date_start) into (day number, month number).
bool parse_day(const std::string& text, std::int32_t& day, std::int32_t& month) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  auto num = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  const int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  day = schema::report::days_from_civil(y, m, d);
  month = y * 12 + m - 1;
  return true;
}

// Index of `id` among the pending versions (sorted by id), or -1.
std::int64_t pending_index(const std::vector<Pending>& pending, std::int64_t id) {
  auto it = std::lower_bound(pending.begin(), pending.end(), id,
                             [](const Pending& p, std::int64_t v) { return p.fact.version_id < v; });
  if (it == pending.end() || it->fact.version_id != id) return -1;
  return it - pending.begin();
}

// Runs `sql` (?1 = watermark) and hands each row whose incident is pending to `row`.
template <typename F>
Result<void> each_detail(db::Database& db, const std::string& sql, std::int64_t watermark,
                         const std::vector<Pending>& pending, F row) {
  VRS_TRY(auto stmt, db.prepare(sql));
  VRS_TRY_VOID(stmt.bind_int64(1, watermark));
  for (;;) {
    VRS_TRY(auto more, stmt.step());
    if (!more) break;
    const auto at = pending_index(pending, stmt.column_int64(0));
    if (at >= 0) row(static_cast<std::uint32_t>(at), stmt);
  }
  return {};
}

// A detail table's rows of the versions above the watermark. The first load reads the whole
// table in rowid order (NOT INDEXED: one sequential pass, rows of an incident are inserted
// together and in order); later refreshes range-scan the primary key from the watermark.
std::string detail_sql(bool first, std::string_view columns, std::string_view table, bool ordered) {
  std::string sql = "SELECT ";
  sql += columns;  // incident_id first
  sql += " FROM ";
  sql += table;
  if (first) sql += " NOT INDEXED";
  sql += " WHERE incident_id > ?1";
  if (ordered && !first) sql += " ORDER BY incident_id, position";
  return sql;
}

// Appends the collected rows to `arena` grouped per pending version and records the slices.
template <typename Row>
void place(Collected<Row>& collected, std::vector<Row>& arena, std::vector<Pending>& pending,
           Slice Fact::*slice) {
  std::stable_sort(collected.rows.begin(), collected.rows.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::size_t i = 0;
  while (i < collected.rows.size()) {
    const auto owner = collected.rows[i].first;
    Slice s{static_cast<std::uint32_t>(arena.size()), 0};
    for (; i < collected.rows.size() && collected.rows[i].first == owner; ++i) arena.push_back(collected.rows[i].second);
    s.end = static_cast<std::uint32_t>(arena.size());
    pending[owner].fact.*slice = s;
  }
}

}  // namespace

Code pack_code(std::string_view a) noexcept {
  if (a.size() != 3) return kNoCode;
  for (const char c : a)
    if (c < 'A' || c > 'Z') return kNoCode;
  return static_cast<Code>((a[0] - 'A') * 676 + (a[1] - 'A') * 26 + (a[2] - 'A'));
}

std::string unpack_code(Code code) {
  if (code >= 26 * 26 * 26) return "XXX";
  std::string out(3, 'A');
  out[0] = static_cast<char>('A' + code / 676);
  out[1] = static_cast<char>('A' + (code / 26) % 26);
  out[2] = static_cast<char>('A' + code % 26);
  return out;
}

std::int64_t FactStore::member_index(std::string_view member_id) const {
  auto it = member_ids_.find(std::string(member_id));
  return it == member_ids_.end() ? -1 : static_cast<std::int64_t>(it->second);
}

std::uint32_t FactStore::intern_member(const std::string& member_id, const std::string& state) {
  auto [it, inserted] = member_ids_.try_emplace(member_id, static_cast<std::uint32_t>(members_.size()));
  if (inserted) members_.push_back({member_id, state, false});
  return it->second;
}

Result<void> FactStore::refresh(db::Database& db) {
  // One read transaction: the versions and their detail rows come from the same snapshot.
  VRS_TRY(const auto snapshot, db::ReadSnapshot::begin(db));
  if (cell_key_secret_.empty()) {
    VRS_TRY(cell_key_secret_, store::read_cell_key_secret(db));
  }

  {
    VRS_TRY(auto members, db.prepare("SELECT member_id, state, name_opt_in FROM members ORDER BY member_id"));
    for (;;) {
      auto more = members.step();
      if (!more) return fail(more.error());
      if (!*more) break;
      const auto index = intern_member(members.column_text(0), members.column_text(1));
      members_[index].state = members.column_text(1);
      members_[index].name_opt_in = members.column_int64(2) != 0;
    }
  }

  // The newest version in this snapshot: everything up to it is reflected after this refresh
  // (the first load reads only latest active versions, which already reflect the rest).
  std::int64_t top_id = 0;
  std::string top_created;
  {
    VRS_TRY(auto top, db.prepare("SELECT id, created_at FROM incident_versions ORDER BY id DESC LIMIT 1"));
    VRS_TRY(auto row, top.step());
    if (row) {
      top_id = top.column_int64(0);
      top_created = top.column_text(1);
    }
  }
  if (top_id <= watermark_) return {};
  const bool first = watermark_ == 0;
  // The first load needs only the latest active versions; later refreshes read every new
  // version in id order and find the version each one supersedes through the unique index.
  const std::string_view versions_sql =
      // created_at is stored after the canonical record, usually in overflow pages: it is read
      // once below for the newest version instead of for every row.
      first ? "SELECT id, member_id, state, status, date_start, deaths, missing, injured, investigations, arrests, "
              "prosecutions, convictions, 0 FROM incident_versions NOT INDEXED "
              "WHERE id > ?1 AND is_latest = 1 AND status = 'active' ORDER BY id"
            : "SELECT v.id, v.member_id, v.state, v.status, v.date_start, v.deaths, v.missing, v.injured, "
              "v.investigations, v.arrests, v.prosecutions, v.convictions, coalesce(p.id, 0) "
              "FROM incident_versions v LEFT JOIN incident_versions p ON p.member_id = v.member_id "
              "AND p.ref = v.ref AND p.version = v.version - 1 WHERE v.id > ?1 ORDER BY v.id";
  std::vector<Pending> pending;
  {
    VRS_TRY(auto stmt, db.prepare(versions_sql));
    VRS_TRY_VOID(stmt.bind_int64(1, watermark_));
    for (;;) {
      VRS_TRY(auto more, stmt.step());
      if (!more) break;
      Pending p;
      p.active = stmt.column_text(3) == "active";
      Fact& f = p.fact;
      f.version_id = stmt.column_int64(0);
      f.member = intern_member(stmt.column_text(1), stmt.column_text(2));
      f.state = pack_code(stmt.column_text(2));
      if (p.active && !parse_day(stmt.column_text(4), f.day, f.month)) {
        return fail(ErrorCode::DataLoss, "incident version " + std::to_string(f.version_id) + ": unreadable date_start");
      }
      f.deaths = count32(stmt.column_int64(5));
      f.missing = count32(stmt.column_int64(6));
      f.injured = count32(stmt.column_int64(7));
      f.investigations = count32(stmt.column_int64(8));
      f.arrests = count32(stmt.column_int64(9));
      f.prosecutions = count32(stmt.column_int64(10));
      f.convictions = count32(stmt.column_int64(11));
      p.previous_id = stmt.column_int64(12);
      std::array<std::uint8_t, 8> id{};
      for (std::size_t b = 0; b < id.size(); ++b) id[b] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(f.version_id) >> (8 * b));
      VRS_TRY(const auto key, crypto::short_hash(cell_key_secret_.view(), id));
      f.key = static_cast<std::uint32_t>(key);
      pending.push_back(std::move(p));
    }
  }
  Collected<Leg> legs;
  Collected<MigrantRow> migrants;
  Collected<SmugglerRow> smugglers;
  Collected<DocumentRow> documents;
  Collected<FeeRow> fees;
  using namespace schema;
  VRS_TRY_VOID(each_detail(db, detail_sql(first, "incident_id, country, role, mode", "incident_route_legs", true),
                           watermark_, pending, [&](std::uint32_t at, db::Statement& s) {
                             legs.rows.push_back({at, Leg{pack_code(s.column_text(1)), enum_value<RouteRole>(s.column_text(2)),
                                                          enum_value<TransportMode>(s.column_text(3))}});
                           }));
  VRS_TRY_VOID(each_detail(db, detail_sql(first, "incident_id, nationality, sex, age, count, unaccompanied_children", "incident_migrant_groups", true),
                           watermark_, pending, [&](std::uint32_t at, db::Statement& s) {
                             MigrantRow r{pack_code(s.column_text(1)), enum_value<Sex>(s.column_text(2)),
                                          enum_value<MigrantAge>(s.column_text(3)), count32(s.column_int64(4)),
                                          count32(s.column_int64(5))};
                             pending[at].fact.migrants += r.count;
                             pending[at].fact.unaccompanied += r.unaccompanied;
                             migrants.rows.push_back({at, r});
                           }));
  VRS_TRY_VOID(each_detail(db, detail_sql(first, "incident_id, nationality, sex, age, role, count", "incident_smuggler_groups", true),
                           watermark_, pending, [&](std::uint32_t at, db::Statement& s) {
                             SmugglerRow r{pack_code(s.column_text(1)), enum_value<Sex>(s.column_text(2)),
                                           enum_value<SmugglerAge>(s.column_text(3)),
                                           enum_value<SmugglerRole>(s.column_text(4)), count32(s.column_int64(5))};
                             pending[at].fact.smugglers += r.count;
                             smugglers.rows.push_back({at, r});
                           }));
  VRS_TRY_VOID(each_detail(db, detail_sql(first, "incident_id, type, fraud, issuer, count", "incident_documents", true),
                           watermark_, pending, [&](std::uint32_t at, db::Statement& s) {
                             documents.rows.push_back({at, DocumentRow{pack_code(s.column_text(3)),
                                                                       enum_value<DocumentType>(s.column_text(1)),
                                                                       enum_value<FraudType>(s.column_text(2)),
                                                                       count32(s.column_int64(4))}});
                           }));
  VRS_TRY_VOID(each_detail(db, detail_sql(first, "incident_id, amount_minor, currency, per", "incident_fees", true),
                           watermark_, pending, [&](std::uint32_t at, db::Statement& s) {
                             fees.rows.push_back({at, FeeRow{s.column_int64(1), pack_code(s.column_text(2)),
                                                             enum_value<FeeBasis>(s.column_text(3))}});
                           }));
  VRS_TRY_VOID(each_detail(db, detail_sql(first, "incident_id, conduct", "incident_conduct", false),
                           watermark_, pending, [&](std::uint32_t at, db::Statement& s) {
                             pending[at].fact.conduct |= static_cast<std::uint8_t>(1u << enum_value<Conduct>(s.column_text(1)));
                           }));
  VRS_TRY_VOID(each_detail(db, detail_sql(first, "incident_id, method", "incident_methods", false),
                           watermark_, pending, [&](std::uint32_t at, db::Statement& s) {
                             pending[at].fact.methods |= static_cast<std::uint16_t>(1u << enum_value<Method>(s.column_text(1)));
                           }));
  VRS_TRY_VOID(each_detail(db, detail_sql(first, "incident_id, abuse", "incident_abuse", false),
                           watermark_, pending, [&](std::uint32_t at, db::Statement& s) {
                             pending[at].fact.abuse |= static_cast<std::uint8_t>(1u << enum_value<Abuse>(s.column_text(1)));
                           }));

  // Everything is read: apply (nothing above changed the store).
  place(legs, legs_, pending, &Fact::legs);
  place(migrants, migrant_rows_, pending, &Fact::migrant_rows);
  place(smugglers, smuggler_rows_, pending, &Fact::smuggler_rows);
  place(documents, document_rows_, pending, &Fact::document_rows);
  place(fees, fee_rows_, pending, &Fact::fee_rows);
  for (auto& p : pending) {
    if (p.previous_id != 0) {
      // facts_ is ordered by version id (appends only ever add higher ids).
      auto it = std::lower_bound(facts_.begin(), facts_.end(), p.previous_id,
                                 [](const Fact& f, std::int64_t v) { return f.version_id < v; });
      if (it != facts_.end() && it->version_id == p.previous_id && it->alive) {
        it->alive = false;
        --live_;
        ++dead_;
      }
    }
    if (p.active) {
      p.fact.alive = true;
      facts_.push_back(p.fact);
      ++live_;
    }
  }
  watermark_ = top_id;
  cutoff_ = top_created;
  if (dead_ > 4096 && dead_ > live_) compact();
  return {};
}

void FactStore::compact() {
  std::vector<Fact> facts;
  facts.reserve(live_);
  std::vector<Leg> legs;
  std::vector<MigrantRow> migrants;
  std::vector<SmugglerRow> smugglers;
  std::vector<DocumentRow> documents;
  std::vector<FeeRow> fees;
  auto move_slice = [](auto& from, auto& to, Slice& s) {
    const auto begin = static_cast<std::uint32_t>(to.size());
    to.insert(to.end(), from.begin() + s.begin, from.begin() + s.end);
    s = {begin, static_cast<std::uint32_t>(to.size())};
  };
  for (Fact f : facts_) {
    if (!f.alive) continue;
    move_slice(legs_, legs, f.legs);
    move_slice(migrant_rows_, migrants, f.migrant_rows);
    move_slice(smuggler_rows_, smugglers, f.smuggler_rows);
    move_slice(document_rows_, documents, f.document_rows);
    move_slice(fee_rows_, fees, f.fee_rows);
    facts.push_back(f);
  }
  facts_ = std::move(facts);
  legs_ = std::move(legs);
  migrant_rows_ = std::move(migrants);
  smuggler_rows_ = std::move(smugglers);
  document_rows_ = std::move(documents);
  fee_rows_ = std::move(fees);
  dead_ = 0;
}

}  // namespace vrs::server::analysis
