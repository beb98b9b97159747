#include "vrs/client/agent/inbox.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "vrs/common/posix_fd.hpp"
#include "vrs/common/text_file.hpp"

namespace vrs::client::agent {
namespace {

namespace fs = std::filesystem;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// A folder the agent writes into must be a real directory of the agent's own user: the inbox
// is writable by the export job, which must not swap one for a symbolic link or its own.
Result<void> own_dir(const fs::path& dir) {
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0) return fail(ErrorCode::NotFound, dir.string() + " is missing");
  if (!S_ISDIR(st.st_mode)) return fail(ErrorCode::FailedPrecondition, dir.string() + " is not a directory (or is a symbolic link)");
  if (st.st_uid != ::geteuid()) return fail(ErrorCode::FailedPrecondition, dir.string() + " belongs to another user");
  return {};
}

Result<void> ensure_dir(const fs::path& dir, mode_t mode) {
  if (::mkdir(dir.c_str(), mode) != 0 && errno != EEXIST) {
    return fail(ErrorCode::Unavailable, "cannot create " + dir.string() + ": " + errno_text(errno));
  }
  return own_dir(dir);
}

}  // namespace

Result<Inbox> Inbox::open(const fs::path& dir) {
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0) return fail(ErrorCode::NotFound, "the inbox " + dir.string() + " does not exist");
  if (!S_ISDIR(st.st_mode)) {
    return fail(ErrorCode::InvalidArgument, "the inbox " + dir.string() + " is not a directory (or is a symbolic link)");
  }
  Inbox inbox{dir};
  // done/ and rejected/ are readable by the inbox's group (the export job reads its feedback);
  // .processing/ is the agent's alone.
  VRS_TRY_VOID(ensure_dir(inbox.done(), 0750));
  VRS_TRY_VOID(ensure_dir(inbox.rejected(), 0750));
  VRS_TRY_VOID(ensure_dir(inbox.processing(), 0700));
  return inbox;
}

std::optional<FileKind> kind_of(std::string_view name) {
  if (name.empty() || name.front() == '.' || name.size() > 255) return std::nullopt;
  // A name with a control character (a newline, an escape) would forge lines in the log.
  for (const char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return std::nullopt;
  }
  if (ends_with(name, ".withdraw.csv")) return FileKind::Withdraw;
  if (ends_with(name, ".withdraw.json")) return std::nullopt;  // withdrawals are CSV only
  if (ends_with(name, ".amend.csv") || ends_with(name, ".amend.json")) return FileKind::Amend;
  if (ends_with(name, ".csv") || ends_with(name, ".json")) return FileKind::Submit;
  return std::nullopt;
}

Result<std::vector<Candidate>> candidates(const Inbox& inbox) {
  std::error_code ec;
  fs::directory_iterator it(inbox.dir, ec);
  if (ec) return fail(ErrorCode::Unavailable, "cannot list " + inbox.dir.string() + ": " + ec.message());
  std::vector<Candidate> out;
  for (const auto& entry : it) {
    if (!kind_of(entry.path().filename().string())) continue;
    if (!entry.is_regular_file(ec) || entry.is_symlink(ec)) continue;
    Candidate c{entry.path(), entry.file_size(ec), entry.last_write_time(ec)};
    if (ec) continue;  // gone meanwhile
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) { return a.path < b.path; });
  return out;
}

Result<fs::path> move_into(const fs::path& file, const fs::path& dir) {
  const std::string name = file.filename().string();
  for (int n = 0; n < 100000; ++n) {
    const fs::path target = dir / (n == 0 ? name : name + "." + std::to_string(n));
    // renameat2(RENAME_NOREPLACE): atomic, never over an existing file, and (unlike link(2))
    // not subject to protected_hardlinks for a file owned by the export job.
    if (::renameat2(AT_FDCWD, file.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0) {
      VRS_TRY_VOID(fsync_dir(dir));
      VRS_TRY_VOID(fsync_dir(file.parent_path()));
      return target;
    }
    if (errno == ENOENT) return fail(ErrorCode::NotFound, file.string() + " is gone");
    if (errno != EEXIST) {
      return fail(ErrorCode::Unavailable, "cannot move " + file.string() + " into " + dir.string() + ": " + errno_text(errno));
    }
  }
  return fail(ErrorCode::ResourceExhausted, "cannot move " + file.string() + ": too many files of that name in " + dir.string());
}

Result<fs::path> move_exactly(const fs::path& file, const fs::path& dir) {
  const fs::path target = dir / file.filename();
  if (::renameat2(AT_FDCWD, file.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) != 0) {
    const int err = errno;
    if (err == ENOENT) return fail(ErrorCode::NotFound, file.string() + " is gone");
    if (err == EEXIST) return fail(ErrorCode::AlreadyExists, target.string() + " exists");
    return fail(ErrorCode::Unavailable, "cannot move " + file.string() + " into " + dir.string() + ": " + errno_text(err));
  }
  VRS_TRY_VOID(fsync_dir(dir));
  VRS_TRY_VOID(fsync_dir(file.parent_path()));
  return target;
}

Result<void> Inbox::check() const {
  for (const auto& sub : {done(), rejected(), processing()}) VRS_TRY_VOID(own_dir(sub));
  return {};
}

void Settling::keep_only(const std::vector<Candidate>& present) {
  std::map<std::string, Seen> kept;
  for (const auto& c : present) {
    auto it = seen_.find(c.path.string());
    if (it != seen_.end()) kept.insert(*it);
  }
  seen_.swap(kept);
}

bool Settling::ready(const Candidate& c, std::chrono::steady_clock::time_point now) {
  auto [it, fresh] = seen_.try_emplace(c.path.string(), Seen{c.size, c.mtime, now});
  if (fresh) return settle_.count() == 0;
  if (it->second.size != c.size || it->second.mtime != c.mtime) {
    it->second = Seen{c.size, c.mtime, now};
    return false;
  }
  return now - it->second.since >= settle_;
}

}  // namespace vrs::client::agent
