#include "vrs/client/agent/file_registry.hpp"

#include <boost/json.hpp>

#include "vrs/db/database.hpp"

namespace vrs::client::agent {
namespace {

namespace json = boost::json;

constexpr const char* kColumns = "sha256, name, kind, taken_at, records, submissions, complete";

std::optional<FileKind> parse_kind(std::string_view text) {
  if (text == "submit") return FileKind::Submit;
  if (text == "amend") return FileKind::Amend;
  if (text == "withdraw") return FileKind::Withdraw;
  return std::nullopt;
}

Result<TakenFile> read_row(const db::Statement& stmt) {
  TakenFile f;
  f.sha256 = stmt.column_text(0);
  f.name = stmt.column_text(1);
  const auto kind = parse_kind(stmt.column_text(2));
  if (!kind) return fail(ErrorCode::DataLoss, "agent_files: file " + f.name + " has an unknown kind");
  f.kind = *kind;
  f.taken_at = stmt.column_text(3);
  f.records = static_cast<std::size_t>(stmt.column_int64(4));
  boost::system::error_code ec;
  const auto ids = json::parse(stmt.column_text(5), ec);
  if (ec || !ids.is_array()) return fail(ErrorCode::DataLoss, "agent_files: the submissions of " + f.name + " are damaged");
  for (const auto& id : ids.get_array()) {
    if (!id.is_string()) return fail(ErrorCode::DataLoss, "agent_files: the submissions of " + f.name + " are damaged");
    f.submission_ids.emplace_back(id.get_string().data(), id.get_string().size());
  }
  f.complete = stmt.column_int64(6) != 0;
  return f;
}

Result<std::vector<TakenFile>> query(db::Database& db, const std::string& sql, std::optional<std::int64_t> param) {
  VRS_TRY(auto stmt, db.prepare(sql));
  if (param) VRS_TRY_VOID(stmt.bind_int64(1, *param));
  std::vector<TakenFile> out;
  for (;;) {
    VRS_TRY(auto row, stmt.step());
    if (!row) break;
    VRS_TRY(auto file, read_row(stmt));
    out.push_back(std::move(file));
  }
  return out;
}

}  // namespace

std::string_view to_string(FileKind kind) noexcept {
  switch (kind) {
    case FileKind::Submit: return "submit";
    case FileKind::Amend: return "amend";
    case FileKind::Withdraw: return "withdraw";
  }
  return "submit";
}

Result<void> record_taken(db::Database& db, const TakenFile& f) {
  json::array ids;
  for (const auto& id : f.submission_ids) ids.emplace_back(json::string_view(id.data(), id.size()));
  VRS_TRY(auto stmt, db.prepare("INSERT INTO agent_files (sha256, name, kind, taken_at, records, submissions) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  VRS_TRY_VOID(stmt.bind_text(1, f.sha256));
  VRS_TRY_VOID(stmt.bind_text(2, f.name));
  VRS_TRY_VOID(stmt.bind_text(3, std::string(to_string(f.kind))));
  VRS_TRY_VOID(stmt.bind_text(4, f.taken_at));
  VRS_TRY_VOID(stmt.bind_int64(5, static_cast<std::int64_t>(f.records)));
  VRS_TRY_VOID(stmt.bind_text(6, json::serialize(ids)));
  return stmt.run();
}

Result<std::optional<TakenFile>> find_taken(db::Database& db, const std::string& sha256) {
  VRS_TRY(auto stmt, db.prepare(std::string("SELECT ") + kColumns + " FROM agent_files WHERE sha256 = ?1"));
  VRS_TRY_VOID(stmt.bind_text(1, sha256));
  VRS_TRY(auto row, stmt.step());
  if (!row) return std::optional<TakenFile>();
  VRS_TRY(auto file, read_row(stmt));
  return std::optional<TakenFile>(std::move(file));
}

Result<std::vector<TakenFile>> open_files(db::Database& db) {
  return query(db, std::string("SELECT ") + kColumns + " FROM agent_files WHERE complete = 0 ORDER BY taken_at, rowid",
               std::nullopt);
}

Result<std::vector<TakenFile>> recent_files(db::Database& db, std::size_t limit) {
  return query(db, std::string("SELECT ") + kColumns + " FROM agent_files ORDER BY taken_at DESC, rowid DESC LIMIT ?1",
               static_cast<std::int64_t>(limit));
}

Result<void> mark_complete(db::Database& db, const std::string& sha256) {
  VRS_TRY(auto stmt, db.prepare("UPDATE agent_files SET complete = 1 WHERE sha256 = ?1"));
  VRS_TRY_VOID(stmt.bind_text(1, sha256));
  return stmt.run();
}

Result<void> set_done_name(db::Database& db, const std::string& sha256, const std::string& name) {
  VRS_TRY(auto stmt, db.prepare("UPDATE agent_files SET name = ?2 WHERE sha256 = ?1"));
  VRS_TRY_VOID(stmt.bind_text(1, sha256));
  VRS_TRY_VOID(stmt.bind_text(2, name));
  return stmt.run();
}

}  // namespace vrs::client::agent
