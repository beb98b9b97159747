#include "agent/intake.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <array>
#include <fcntl.h>
#include <map>
#include <set>
#include <unistd.h>
#include <sstream>

#include "vrs/client/input_file.hpp"
#include "vrs/client/net/api.hpp"
#include "vrs/client/net/incident_history.hpp"
#include "vrs/client/outbox/batch_plan.hpp"
#include "vrs/common/posix_fd.hpp"
#include "vrs/common/text_file.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/hash.hpp"
#include "vrs/db/clock.hpp"
#include "vrs/schema/csv_reader.hpp"

namespace vrs::client::agent {
namespace {

namespace fs = std::filesystem;
using outbox::Clock;

constexpr std::size_t kMaxWithdrawals = 5000;

// Claims the file: renamed into .processing/ under its own name, unless it is there already.
// AlreadyExists while a file of that name is still being processed: it waits in the inbox.
Result<fs::path> claim(const Inbox& inbox, const fs::path& file) {
  if (file.parent_path() == inbox.processing()) return file;
  return move_exactly(file, inbox.processing());
}

// The file's bytes, read once through one descriptor that does not follow a symbolic link and
// must be a regular file, at most kMaxInputFileBytes.
Result<std::string> read_claimed(const fs::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (!fd.valid()) return fail(ErrorCode::InvalidArgument, "cannot open it: " + errno_text(errno));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return fail(ErrorCode::InvalidArgument, "not a regular file");
  if (static_cast<std::uintmax_t>(st.st_size) > kMaxInputFileBytes) {
    return fail(ErrorCode::InvalidArgument, "larger than " + std::to_string(kMaxInputFileBytes >> 20) + " MiB");
  }
  std::string bytes;
  std::array<char, 65536> chunk{};
  for (;;) {
    const ssize_t n = ::read(fd.get(), chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(ErrorCode::Unavailable, "cannot read it: " + errno_text(errno));
    if (n == 0) break;
    bytes.append(chunk.data(), static_cast<std::size_t>(n));
    if (bytes.size() > kMaxInputFileBytes) return fail(ErrorCode::InvalidArgument, "it grew while being read");
  }
  return bytes;
}

// "<path>: line 3: ..." as load_records writes problems, with the claimed path shown as the
// file's own name.
std::string as_named(std::string problem, const std::string& path, const std::string& name) {
  if (problem.rfind(path, 0) == 0) problem.replace(0, path.size(), name);
  return problem;
}

Result<void> write_beside(const fs::path& moved, const std::string& suffix, const std::string& text) {
  // 0640: the export job's group reads its feedback (it produced the data in it).
  return write_file_atomically(fs::path(moved.string() + suffix), text, 0640, Replace::Yes);
}

Result<Intake> reject_moved(const fs::path& moved, Intake intake, const std::vector<std::string>& problems) {
  std::ostringstream text;
  text << "vrs-client agent refused " << intake.name << " at " << db::utc_now() << ": "
       << problems.size() << (problems.size() == 1 ? " problem" : " problems")
       << ". Nothing of it was queued. Fix every problem and drop the file into the inbox again.\n\n";
  for (const auto& p : problems) text << p << "\n";
  VRS_TRY_VOID(write_beside(moved, ".errors.txt", text.str()));
  intake.outcome = Intake::Outcome::Rejected;
  intake.problems = problems.size();
  intake.detail = "rejected with " + std::to_string(problems.size()) + " problem(s); see rejected/" +
                  moved.filename().string() + ".errors.txt";
  return intake;
}

Result<Intake> reject(const Inbox& inbox, const fs::path& claimed, Intake intake, const std::vector<std::string>& problems) {
  VRS_TRY(const auto moved, move_into(claimed, inbox.rejected()));
  return reject_moved(moved, std::move(intake), problems);
}

// A withdrawal file: CSV "ref,base_version,reason" (reason may be empty). Each record's history
// is fetched to make its withdrawn version. Unavailable when the server cannot be reached.
Result<std::vector<outbox::InputRecord>> withdrawals(outbox::Session& session, const std::string& content,
                                                     const std::string& name, const schema::Date& today,
                                                     std::vector<std::string>& problems) {
  std::vector<outbox::InputRecord> out;
  std::set<std::string> seen;
  std::istringstream lines(content);
  std::string line;
  std::size_t number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1) {
      if (line != "ref,base_version,reason") {
        problems.push_back(name + ": line 1: the header must be exactly ref,base_version,reason");
        return out;
      }
      continue;
    }
    if (line.empty()) continue;
    const std::string where = name + ": line " + std::to_string(number) + ": ";
    if (out.size() + problems.size() >= kMaxWithdrawals) {
      problems.push_back(where + "more than " + std::to_string(kMaxWithdrawals) + " withdrawals in one file");
      return out;
    }
    const auto first = line.find(',');
    const auto second = first == std::string::npos ? std::string::npos : line.find(',', first + 1);
    if (second == std::string::npos) {
      problems.push_back(where + "expected ref,base_version,reason");
      continue;
    }
    const std::string ref = line.substr(0, first);
    const std::string version = line.substr(first + 1, second - first - 1);
    const std::string reason = line.substr(second + 1);
    std::uint64_t base = 0;
    const bool numeric = !version.empty() && version.size() <= 9 &&
                         version.find_first_not_of("0123456789") == std::string::npos;
    if (ref.empty()) problems.push_back(where + "ref: empty");
    if (!numeric || (base = std::stoull(version)) == 0) {
      problems.push_back(where + "base_version: \"" + version + "\" is not a version number (1 or more)");
    }
    if (ref.empty() || base == 0) continue;
    if (!seen.insert(ref).second) {
      problems.push_back(where + "ref: \"" + ref + "\" appears more than once in the file");
      continue;
    }
    auto body = session.transport.get("/v1/incidents/" + net::encode_path_segment(ref));
    if (!body) {
      const auto code = body.error().code();
      if (code == ErrorCode::Unavailable || code == ErrorCode::DeadlineExceeded || code == ErrorCode::ResourceExhausted ||
          code == ErrorCode::Internal) {
        return fail(body.error());  // the server cannot answer now: try the whole file later
      }
      problems.push_back(where + "ref: \"" + ref + "\" " +
                         (code == ErrorCode::NotFound ? std::string("is not a record of this member on the server")
                                                      : "cannot be withdrawn: " + std::string(vrs::to_string(code))));
      continue;
    }
    auto history = net::parse_incident_history(*body);
    if (!history) return fail(history.error());
    auto record = net::withdrawal_record(*history, base, reason.empty() ? std::nullopt : std::optional<std::string>(reason), today);
    if (!record) {
      problems.push_back(where + record.error().message());
      continue;
    }
    out.push_back(outbox::InputRecord{std::move(*record), name, number, out.size()});
  }
  return out;
}

std::string summary_text(const TakenFile& file, const std::string& state,
                         const std::vector<outbox::StoredReceipt>& receipts) {
  std::ostringstream text;
  text << "file: " << file.name << "\nsha256: " << file.sha256 << "\nkind: " << to_string(file.kind)
       << "\ntaken: " << file.taken_at << "\nrecords: " << file.records << " in " << file.submission_ids.size()
       << (file.submission_ids.size() == 1 ? " submission" : " submissions") << "\nstate: " << state << "\n";
  if (!receipts.empty()) {
    text << "\nsubmission                            records  audit seq  received\n";
    for (const auto& r : receipts) {
      text << r.submission_id << "  " << r.record_count << "  " << r.audit_seq << "  " << r.received_at << "\n";
    }
  }
  return text.str();
}

}  // namespace

Result<Intake> take_file(outbox::Session& session, const Inbox& inbox, const fs::path& file, const IntakeOptions& options) {
  Intake intake;
  intake.name = file.filename().string();
  const bool leftover = file.parent_path() == inbox.processing();
  const auto kind = kind_of(intake.name);
  if (!kind) {
    // Only a leftover can have such a name (the scan takes known names only): set it aside.
    VRS_TRY(const auto moved, move_into(file, inbox.rejected()));
    return reject_moved(moved, intake, {intake.name + ": not a name the agent takes (NAME.csv, NAME.json, NAME.amend.csv|json, NAME.withdraw.csv)"});
  }
  auto claimed_or = claim(inbox, file);
  if (!claimed_or && claimed_or.error().code() == ErrorCode::AlreadyExists) {
    intake.outcome = Intake::Outcome::Deferred;
    intake.detail = "a file of that name is still being processed; it waits in the inbox";
    return intake;
  }
  if (!claimed_or) return fail(claimed_or.error());
  const fs::path claimed = *claimed_or;

  auto content = read_claimed(claimed);
  if (!content) return reject(inbox, claimed, intake, {intake.name + ": " + content.error().message()});
  const std::string sha256 = crypto::to_hex(crypto::sha256(crypto::as_bytes(*content)));
  outbox::Outbox& box = session.outbox;
  VRS_TRY(const auto known, find_taken(box.database(), sha256));
  if (known && !known->complete && known->name == intake.name && leftover) {
    // Queued before a crash that came before the move: finish the move, keep its summary.
    VRS_TRY(const auto moved, move_into(claimed, inbox.done()));
    VRS_TRY_VOID(set_done_name(box.database(), sha256, moved.filename().string()));
    TakenFile taken = *known;
    taken.name = moved.filename().string();
    VRS_TRY_VOID(write_beside(moved, ".receipts.txt", summary_text(taken, "queued; receipts follow", {})));
    intake.outcome = Intake::Outcome::Queued;
    intake.records = known->records;
    intake.submissions = known->submission_ids.size();
    intake.detail = "was queued before the agent stopped; moved to done/" + moved.filename().string();
    return intake;
  }
  if (known) {
    VRS_TRY(const auto moved, move_into(claimed, inbox.done()));
    VRS_TRY_VOID(write_beside(moved, ".receipts.txt",
                              "file: " + intake.name + "\nsha256: " + sha256 + "\nstate: not queued again: the same content was taken as " +
                                  known->name + " at " + known->taken_at + "\n"));
    intake.outcome = Intake::Outcome::Duplicate;
    intake.detail = "same content as " + known->name + " (taken " + known->taken_at + "); not queued again";
    return intake;
  }

  std::vector<outbox::InputRecord> records;
  std::vector<std::string> problems;
  if (*kind == FileKind::Withdraw) {
    auto made = withdrawals(session, *content, intake.name, options.today, problems);
    if (!made) {
      intake.outcome = Intake::Outcome::Deferred;
      intake.detail = "waiting for the server to look up the records to withdraw (" +
                      std::string(vrs::to_string(made.error().code())) + "); tried again later";
      return intake;
    }
    records = std::move(*made);
  } else {
    // Parsed from a private copy of exactly the bytes hashed, never from the inbox again.
    const fs::path copy = session.profile.home() / (".agent-" + sha256.substr(0, 16) + (claimed.extension() == ".json" ? ".json" : ".csv"));
    VRS_TRY_VOID(write_file_atomically(copy, *content, 0600, Replace::Yes));
    struct RemoveCopy {
      fs::path p;
      ~RemoveCopy() { ::unlink(p.c_str()); }
    } remove_copy{copy};
    outbox::LoadOptions load;
    load.files = {copy.string()};
    load.today = options.today;
    load.require_base_version = *kind == FileKind::Amend;
    auto loaded = outbox::load_records(load);
    if (!loaded) return reject(inbox, claimed, intake, {as_named(loaded.error().message(), copy.string(), intake.name)});
    for (const auto& p : loaded->problems) problems.push_back(as_named(p, copy.string(), intake.name));
    records = std::move(loaded->valid);
  }
  if (!problems.empty()) return reject(inbox, claimed, intake, problems);
  if (records.empty()) return reject(inbox, claimed, intake, {intake.name + ": no records"});
  for (auto& r : records) r.file = intake.name;

  const std::string& member = session.profile.config()->member;
  auto plan = outbox::plan_batches(records, member, outbox::PlanOptions{options.batch_size, outbox::kTargetPayloadBytes});
  if (!plan) return reject(inbox, claimed, intake, {intake.name + ": " + plan.error().message()});
  VRS_TRY(auto submissions, outbox::build_submissions(records, *plan, member, Clock::now()));
  TakenFile taken{sha256, intake.name, *kind, db::utc_now(), records.size(), {}, false};
  for (const auto& s : submissions) taken.submission_ids.push_back(s.submission_id);
  // The submissions and the file's row together: wholly queued and known, or neither.
  VRS_TRY_VOID(box.enqueue(submissions, Clock::now(), [&](db::Database& db) { return record_taken(db, taken); }));
  VRS_TRY(const auto moved, move_into(claimed, inbox.done()));
  VRS_TRY_VOID(set_done_name(box.database(), sha256, moved.filename().string()));
  taken.name = moved.filename().string();
  VRS_TRY_VOID(write_beside(moved, ".receipts.txt", summary_text(taken, "queued; receipts follow", {})));
  intake.outcome = Intake::Outcome::Queued;
  intake.records = records.size();
  intake.submissions = submissions.size();
  intake.detail = "queued " + std::to_string(records.size()) + " records in " + std::to_string(submissions.size()) +
                  " submission(s); moved to done/" + moved.filename().string();
  return intake;
}

Result<std::size_t> complete_files(outbox::Session& session, const Inbox& inbox) {
  outbox::Outbox& box = session.outbox;
  VRS_TRY(const auto open, open_files(box.database()));
  if (open.empty()) return std::size_t{0};
  VRS_TRY(const auto all, box.receipts());
  std::map<std::string, const outbox::StoredReceipt*> by_id;
  for (const auto& r : all) by_id[r.submission_id] = &r;
  std::size_t completed = 0;
  for (const auto& file : open) {
    std::vector<outbox::StoredReceipt> receipts;
    for (const auto& id : file.submission_ids) {
      auto it = by_id.find(id);
      if (it == by_id.end()) break;
      receipts.push_back(*it->second);
    }
    if (receipts.size() != file.submission_ids.size()) continue;
    VRS_TRY_VOID(write_beside(inbox.done() / file.name, ".receipts.txt",
                              summary_text(file, "every submission receipted by the server", receipts)));
    VRS_TRY_VOID(mark_complete(box.database(), file.sha256));
    ++completed;
  }
  return completed;
}

}  // namespace vrs::client::agent
