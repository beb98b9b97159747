#pragma once
/// The agent's folders (docs/agent.md "Folders"): files arrive directly in INBOX; the agent
/// moves a file it has queued to INBOX/done/ (with NAME.receipts.txt beside it) and a file it
/// refused to INBOX/rejected/ (with NAME.errors.txt naming every problem).
///
/// Which files are taken: regular files (not symbolic links) directly in INBOX whose name
/// ends in .csv or .json and does not start with '.'; NAME.amend.csv / NAME.amend.json are
/// amendments, NAME.withdraw.csv withdrawals; anything else (NAME.part, NAME.tmp, ...) is left
/// alone, so a writer may write under another name and rename the file in when it is complete.
///
/// Thread-safety: plain values and functions; one agent per inbox.

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vrs/client/agent/file_registry.hpp"
#include "vrs/common/error.hpp"

namespace vrs::client::agent {

struct Inbox {
  std::filesystem::path dir;
  [[nodiscard]] std::filesystem::path done() const { return dir / "done"; }
  [[nodiscard]] std::filesystem::path rejected() const { return dir / "rejected"; }
  [[nodiscard]] std::filesystem::path processing() const { return dir / ".processing"; }

  /// The inbox at `dir`, which must be a directory (not a symbolic link); done/ and rejected/
  /// (0750) and .processing/ (0700) are made if missing.
  static Result<Inbox> open(const std::filesystem::path& dir);
  /// FailedPrecondition unless done/, rejected/ and .processing/ are still directories of this
  /// user (the export job can write the inbox; it must not swap them for links or its own).
  [[nodiscard]] Result<void> check() const;
};

/// The kind of a file by its name; nullopt for a name the agent does not take (also one with a
/// control character, which would forge log lines).
std::optional<FileKind> kind_of(std::string_view name);

/// A file that may be taken, with what was seen of it.
struct Candidate {
  std::filesystem::path path;
  std::uintmax_t size = 0;
  std::filesystem::file_time_type mtime;
};

/// The files of the inbox the agent takes (see above), by name.
Result<std::vector<Candidate>> candidates(const Inbox& inbox);

/// Moves `file` into `dir` under its name, or NAME.1, NAME.2, ... when that is taken (never
/// over an existing file; renameat2 RENAME_NOREPLACE). The new path; NotFound if `file` is gone.
Result<std::filesystem::path> move_into(const std::filesystem::path& file, const std::filesystem::path& dir);
/// The same under exactly its name: AlreadyExists when that is taken.
Result<std::filesystem::path> move_exactly(const std::filesystem::path& file, const std::filesystem::path& dir);

/// Files found by a rescan rather than announced as closed or renamed in: one is taken only
/// once its size and modification time stayed the same for `settle` (a writer still at work
/// changes them).
class Settling {
 public:
  explicit Settling(std::chrono::milliseconds settle) : settle_(settle) {}
  /// True when `c` has looked the same since at least `settle` before `now`.
  bool ready(const Candidate& c, std::chrono::steady_clock::time_point now);
  void forget(const std::filesystem::path& path) { seen_.erase(path.string()); }
  /// Forgets every file not in `present` (the last scan): files that vanished.
  void keep_only(const std::vector<Candidate>& present);

 private:
  struct Seen {
    std::uintmax_t size;
    std::filesystem::file_time_type mtime;
    std::chrono::steady_clock::time_point since;
  };
  std::chrono::milliseconds settle_;
  std::map<std::string, Seen> seen_;
};

}  // namespace vrs::client::agent
