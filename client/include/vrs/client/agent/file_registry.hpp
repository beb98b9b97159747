#pragma once
/// The files `vrs-client agent` took from its inbox (docs/agent.md), in the outbox database
/// (table agent_files): written in the same transaction that queues a file's submissions, so
/// a file is wholly queued and known, or neither; a file seen again with the same SHA-256 is
/// never queued twice.
///
/// Thread-safety: functions on the caller's connection (the outbox's), one thread.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "vrs/common/error.hpp"

namespace vrs::db {
class Database;
}

namespace vrs::client::agent {

enum class FileKind { Submit, Amend, Withdraw };
std::string_view to_string(FileKind kind) noexcept;

struct TakenFile {
  std::string sha256;  ///< of the file's bytes, lower-case hex
  std::string name;    ///< its name in the inbox
  FileKind kind = FileKind::Submit;
  std::string taken_at;
  std::size_t records = 0;
  std::vector<std::string> submission_ids;
  bool complete = false;  ///< every submission receipted and the summary written
};

Result<void> record_taken(db::Database& db, const TakenFile& file);
Result<std::optional<TakenFile>> find_taken(db::Database& db, const std::string& sha256);
/// Files with a submission still waiting for its receipt, oldest first.
Result<std::vector<TakenFile>> open_files(db::Database& db);
/// The `limit` files taken last, newest first.
Result<std::vector<TakenFile>> recent_files(db::Database& db, std::size_t limit);
Result<void> mark_complete(db::Database& db, const std::string& sha256);
/// The name the file got in done/ (NAME, or NAME.1 when NAME was taken).
Result<void> set_done_name(db::Database& db, const std::string& sha256, const std::string& name);

}  // namespace vrs::client::agent
