#include "vrs/server/store/incident_rows.hpp"

#include <cstdio>
#include <string_view>

#include "vrs/db/database.hpp"
#include "vrs/db/statement.hpp"
#include "vrs/schema/json_codec.hpp"

namespace vrs::server::store {
namespace {

constexpr std::string_view kInsertVersion =
    "INSERT INTO incident_versions (member_id, state, ref, version, base_version, status, is_latest, submission_id, "
    "case_key, date_start, date_end, date_precision, detection_country, detection_location, sharing, notes, deaths, "
    "missing, injured, investigations, arrests, prosecutions, convictions, canonical, created_at) VALUES "
    "(?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)";

bool leap(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int days_in_month(int y, int m) noexcept {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : days[m - 1];
}

std::string ymd(int y, int m, int d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// Binds and runs one row of a detail table: `bind` fills the parameters after ?1 (incident id).
template <typename Bind>
Result<void> detail_row(db::Database& db, std::string_view sql, std::int64_t id, Bind bind) {
  VRS_TRY(auto stmt, db.cached(sql));
  VRS_TRY_VOID(stmt->bind_int64(1, id));
  VRS_TRY_VOID(bind(*stmt));
  return stmt->run();
}

}  // namespace

Result<void> insert_incident_version(db::Database& db, const VersionRow& row, const schema::Incident& in) {
  using schema::to_string;
  {
    VRS_TRY(auto stmt, db.cached(kInsertVersion));
    db::Statement& s = *stmt;
    const auto& d = in.date;
    const std::string start = ymd(d.year, d.month, d.day.value_or(1));
    const std::string end = ymd(d.year, d.month, d.day.value_or(days_in_month(d.year, d.month)));
    Result<void> r = s.bind_text(1, row.member_id);
    if (r) r = s.bind_text(2, row.state);
    if (r) r = s.bind_text(3, in.ref);
    if (r) r = s.bind_int64(4, row.version);
    if (r) r = row.base_version ? s.bind_int64(5, *row.base_version) : s.bind_null(5);
    if (r) r = s.bind_text(6, to_string(in.status));
    if (r) r = s.bind_text(7, row.submission_id);
    if (r) r = in.case_key ? s.bind_text(8, *in.case_key) : s.bind_null(8);
    if (r) r = s.bind_text(9, start);
    if (r) r = s.bind_text(10, end);
    if (r) r = s.bind_text(11, d.day ? "day" : "month");
    if (r) r = s.bind_text(12, in.detection.country);
    if (r) r = s.bind_text(13, to_string(in.detection.location));
    if (r) r = s.bind_text(14, to_string(in.sharing));
    if (r) r = in.notes.empty() ? s.bind_null(15) : s.bind_text(15, in.notes);
    if (r) r = s.bind_int64(16, in.harm.deaths);
    if (r) r = s.bind_int64(17, in.harm.missing);
    if (r) r = s.bind_int64(18, in.harm.injured);
    if (r) r = s.bind_int64(19, in.response.investigations);
    if (r) r = s.bind_int64(20, in.response.arrests);
    if (r) r = s.bind_int64(21, in.response.prosecutions);
    if (r) r = s.bind_int64(22, in.response.convictions);
    const std::string canonical = schema::encode_canonical(in);
    if (r) r = s.bind_blob(23, crypto::as_bytes(canonical));
    if (r) r = s.bind_text(24, row.created_at);
    if (r) r = s.run();
    if (!r) return fail(r.error().with_context("record " + in.ref));
  }
  const std::int64_t id = db.last_insert_rowid();
  for (auto c : in.conduct) {
    VRS_TRY_VOID(detail_row(db, "INSERT INTO incident_conduct (incident_id, conduct) VALUES (?1, ?2)", id,
                            [&](db::Statement& s) { return s.bind_text(2, to_string(c)); }));
  }
  for (std::size_t i = 0; i < in.route.size(); ++i) {
    const auto& leg = in.route[i];
    VRS_TRY_VOID(detail_row(
        db, "INSERT INTO incident_route_legs (incident_id, position, country, role, mode) VALUES (?1, ?2, ?3, ?4, ?5)", id,
        [&](db::Statement& s) -> Result<void> {
          if (auto e = s.bind_int64(2, static_cast<std::int64_t>(i)); !e) return e;
          if (auto e = s.bind_text(3, leg.country); !e) return e;
          if (auto e = s.bind_text(4, to_string(leg.role)); !e) return e;
          return s.bind_text(5, to_string(leg.mode));
        }));
  }
  for (std::size_t i = 0; i < in.migrants.size(); ++i) {
    const auto& g = in.migrants[i];
    VRS_TRY_VOID(detail_row(db,
                            "INSERT INTO incident_migrant_groups (incident_id, position, nationality, sex, age, count, "
                            "unaccompanied_children, document_status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                            id, [&](db::Statement& s) -> Result<void> {
                              if (auto e = s.bind_int64(2, static_cast<std::int64_t>(i)); !e) return e;
                              if (auto e = s.bind_text(3, g.nationality); !e) return e;
                              if (auto e = s.bind_text(4, to_string(g.sex)); !e) return e;
                              if (auto e = s.bind_text(5, to_string(g.age)); !e) return e;
                              if (auto e = s.bind_int64(6, g.count); !e) return e;
                              if (auto e = s.bind_int64(7, g.unaccompanied_children); !e) return e;
                              return s.bind_text(8, to_string(g.document_status));
                            }));
  }
  for (std::size_t i = 0; i < in.smugglers.size(); ++i) {
    const auto& g = in.smugglers[i];
    VRS_TRY_VOID(detail_row(db,
                            "INSERT INTO incident_smuggler_groups (incident_id, position, nationality, sex, age, role, "
                            "count) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                            id, [&](db::Statement& s) -> Result<void> {
                              if (auto e = s.bind_int64(2, static_cast<std::int64_t>(i)); !e) return e;
                              if (auto e = s.bind_text(3, g.nationality); !e) return e;
                              if (auto e = s.bind_text(4, to_string(g.sex)); !e) return e;
                              if (auto e = s.bind_text(5, to_string(g.age)); !e) return e;
                              if (auto e = s.bind_text(6, to_string(g.role)); !e) return e;
                              return s.bind_int64(7, g.count);
                            }));
  }
  for (auto m : in.methods) {
    VRS_TRY_VOID(detail_row(db, "INSERT INTO incident_methods (incident_id, method) VALUES (?1, ?2)", id,
                            [&](db::Statement& s) { return s.bind_text(2, to_string(m)); }));
  }
  for (std::size_t i = 0; i < in.documents.size(); ++i) {
    const auto& g = in.documents[i];
    VRS_TRY_VOID(detail_row(
        db,
        "INSERT INTO incident_documents (incident_id, position, type, fraud, issuer, count) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        id, [&](db::Statement& s) -> Result<void> {
          if (auto e = s.bind_int64(2, static_cast<std::int64_t>(i)); !e) return e;
          if (auto e = s.bind_text(3, to_string(g.type)); !e) return e;
          if (auto e = s.bind_text(4, to_string(g.fraud)); !e) return e;
          if (auto e = s.bind_text(5, g.issuer); !e) return e;
          return s.bind_int64(6, g.count);
        }));
  }
  for (std::size_t i = 0; i < in.fees.size(); ++i) {
    const auto& f = in.fees[i];
    VRS_TRY_VOID(detail_row(db,
                            "INSERT INTO incident_fees (incident_id, position, amount_minor, currency, per, covers, "
                            "payment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                            id, [&](db::Statement& s) -> Result<void> {
                              if (auto e = s.bind_int64(2, static_cast<std::int64_t>(i)); !e) return e;
                              if (auto e = s.bind_int64(3, f.amount_minor); !e) return e;
                              if (auto e = s.bind_text(4, f.currency); !e) return e;
                              if (auto e = s.bind_text(5, to_string(f.per)); !e) return e;
                              if (auto e = s.bind_text(6, to_string(f.covers)); !e) return e;
                              return s.bind_text(7, to_string(f.payment));
                            }));
  }
  for (auto a : in.harm.abuse) {
    VRS_TRY_VOID(detail_row(db, "INSERT INTO incident_abuse (incident_id, abuse) VALUES (?1, ?2)", id,
                            [&](db::Statement& s) { return s.bind_text(2, to_string(a)); }));
  }
  return {};
}

}  // namespace vrs::server::store
