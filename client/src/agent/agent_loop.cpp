#include "vrs/client/agent/agent.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <deque>
#include <ostream>
#include <map>
#include <set>
#include <sstream>

#include "agent/intake.hpp"
#include "outbox/send_session.hpp"
#include "vrs/certs/certificate.hpp"
#include "vrs/client/agent/agent_status.hpp"
#include "vrs/client/agent/inbox.hpp"
#include "vrs/common/posix_fd.hpp"
#include "vrs/db/clock.hpp"

namespace vrs::client::agent {
namespace {

namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;
using outbox::Clock;

constexpr std::chrono::seconds kDeferredRetry{30};

const char* outcome_text(Intake::Outcome o) {
  switch (o) {
    case Intake::Outcome::Queued: return "queued";
    case Intake::Outcome::Duplicate: return "duplicate";
    case Intake::Outcome::Rejected: return "rejected";
    case Intake::Outcome::Deferred: return "deferred";
  }
  return "queued";
}

// One agent: its session, inbox, watches and what it reports.
class Agent {
 public:
  Agent(const AgentOptions& options, std::ostream& log, std::unique_ptr<outbox::Session> session, Inbox inbox)
      : options_(options),
        log_(log),
        session_(std::move(session)),
        inbox_(std::move(inbox)),
        settling_(options.once ? std::chrono::milliseconds(0) : options.settle) {}

  Result<void> start_watching() {
    Fd fd(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    if (!fd.valid() || ::inotify_add_watch(fd.get(), inbox_.dir.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO) < 0) {
      line("warning: inotify is not available (" + errno_text(errno) + "); the inbox is rescanned every " +
           std::to_string(options_.rescan.count()) + " s instead");
      return {};
    }
    inotify_ = std::move(fd);
    return {};
  }

  // One round: leftovers, announced files, a rescan when due, delivery, summaries, status.
  Result<void> round(bool rescan) {
    VRS_TRY_VOID(inbox_.check());
    VRS_TRY_VOID(take_leftovers());
    for (const auto& name : std::exchange(announced_, {})) {
      const fs::path path = inbox_.dir / name;
      std::error_code ec;
      if (!fs::is_regular_file(fs::symlink_status(path, ec))) continue;
      settling_.forget(path);
      VRS_TRY_VOID(take(path));
    }
    if (rescan) {
      VRS_TRY(const auto found, candidates(inbox_));
      settling_.keep_only(found);
      const auto now = Steady::now();
      unsettled_ = false;
      for (const auto& c : found) {
        if (!settling_.ready(c, now)) {
          unsettled_ = true;
          continue;
        }
        settling_.forget(c.path);
        VRS_TRY_VOID(take(c.path));
      }
    }
    VRS_TRY_VOID(deliver());
    // Summaries change only when receipts arrive (and at start, after a stop mid-way).
    if (std::exchange(receipts_arrived_, false)) {
      VRS_TRY(const auto completed, complete_files(*session_, inbox_));
      if (completed > 0) line("files completed: " + std::to_string(completed) + " (every submission receipted; see done/)");
    }
    return write_status("running");
  }

  // Waits for a file event, a signal, or `timeout`. false when a stop signal came.
  bool wait(int signal_fd, std::chrono::milliseconds timeout) {
    std::array<pollfd, 2> fds{pollfd{signal_fd, POLLIN, 0}, pollfd{inotify_.valid() ? inotify_.get() : -1, POLLIN, 0}};
    const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(std::max<std::int64_t>(0, timeout.count())));
    if (ready <= 0) return true;
    if ((fds[0].revents & POLLIN) != 0) return false;
    if ((fds[1].revents & POLLIN) != 0) read_events();
    return true;
  }

  // How long to sleep: until the next rescan, a queued submission's next attempt, or (while a
  // rescanned file settles) a second.
  std::chrono::milliseconds next_timeout(Steady::time_point next_rescan) const {
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_rescan - Steady::now());
    if (unsettled_) wait = std::min<std::chrono::milliseconds>(wait, std::chrono::milliseconds(500));
    if (!next_attempt_.empty()) {
      const auto now_text = db::utc_now();
      if (next_attempt_ <= now_text) {
        wait = std::min(wait, std::max(std::chrono::milliseconds(0), std::chrono::duration_cast<std::chrono::milliseconds>(
                                                                          not_before_ - Steady::now())));
      } else {
        wait = std::min<std::chrono::milliseconds>(wait, std::chrono::seconds(5));
      }
    }
    return std::max(wait, std::chrono::milliseconds(0));
  }

  Result<void> write_status(const std::string& state) {
    AgentStatus s;
    s.pid = ::getpid();
    s.state = state;
    s.updated_at = db::utc_now();
    s.rescan_seconds = options_.rescan.count();
    s.inbox = inbox_.dir.string();
    VRS_TRY(const auto counts, session_->outbox.counts());
    s.queued = counts.queued;
    s.sent = counts.sent;
    s.failed = counts.failed;
    s.next_attempt = next_attempt_;
    s.last_delivery_error = last_error_;
    s.recent.assign(recent_.begin(), recent_.end());
    if (auto cert = certs::Certificate::load(session_->profile.certificate_path())) {
      s.certificate_not_after = certs::format_time(cert->not_after());
      s.certificate_days_left =
          std::chrono::duration_cast<std::chrono::days>(cert->not_after() - std::chrono::system_clock::now()).count();
      if (std::chrono::days(s.certificate_days_left) <= options_.certificate_warning) {
        s.warnings.push_back("the certificate expires in " + std::to_string(s.certificate_days_left) + " days (" +
                             s.certificate_not_after + "); renew it: vrs-client enroll --renew");
      }
    } else {
      s.warnings.push_back("the certificate cannot be read: " + cert.error().message());
    }
    if (counts.failed > 0) {
      s.warnings.push_back(std::to_string(counts.failed) + " submission(s) refused by the server; see vrs-client status");
    }
    if (file_errors_ > 0) {
      s.warnings.push_back(std::to_string(file_errors_) + " file(s) could not be taken since the agent started; see the log");
    }
    if (rejected_ > 0) {
      s.warnings.push_back(std::to_string(rejected_) + " file(s) rejected since the agent started; see " +
                           inbox_.rejected().string());
    }
    if (s.warnings != last_warnings_) {
      for (const auto& w : s.warnings) line("warning: " + w);
      last_warnings_ = s.warnings;
    }
    return agent::write_status(session_->profile.home(), s);
  }

  void line(const std::string& text) { log_ << db::utc_now() << " agent: " << text << "\n" << std::flush; }

 private:
  Result<void> take_leftovers() {
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(inbox_.processing(), ec)) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    const auto now = Steady::now();
    for (const auto& f : files) {
      // A deferred file (a withdrawal waiting for the server) is tried again after a while.
      auto wait = retry_at_.find(f.filename().string());
      if (wait != retry_at_.end() && now < wait->second) continue;
      VRS_TRY_VOID(take(f));
    }
    return {};
  }

  Result<void> take(const fs::path& path) {
    IntakeOptions o;
    o.batch_size = options_.batch_size;
    auto intake = take_file(*session_, inbox_, path, o);
    if (!intake) {
      // A file that vanished meanwhile is not an error. Any other problem with one file is
      // reported and the file left where it is; it does not stop the agent.
      if (intake.error().code() == ErrorCode::NotFound) return {};
      ++file_errors_;
      line("file " + path.filename().string() + ": could not be taken: " + intake.error().message());
      recent_.push_front(RecentFile{path.filename().string(), "error", intake.error().message(), db::utc_now()});
      if (recent_.size() > kMaxRecent) recent_.pop_back();
      retry_at_[path.filename().string()] = Steady::now() + kDeferredRetry;
      return {};
    }
    if (intake->outcome == Intake::Outcome::Deferred) {
      retry_at_[intake->name] = Steady::now() + kDeferredRetry;
    } else {
      retry_at_.erase(intake->name);
    }
    if (intake->outcome == Intake::Outcome::Rejected) ++rejected_;
    if (intake->outcome != Intake::Outcome::Deferred || deferred_logged_.insert(intake->name).second) {
      line("file " + intake->name + ": " + intake->detail);
    }
    if (intake->outcome != Intake::Outcome::Deferred) deferred_logged_.erase(intake->name);
    recent_.push_front(RecentFile{intake->name, outcome_text(intake->outcome), intake->detail, db::utc_now()});
    if (recent_.size() > kMaxRecent) recent_.pop_back();
    return {};
  }

  Result<void> deliver() {
    VRS_TRY(auto due, session_->outbox.due(Clock::now(), false));
    if (!due.empty() && Steady::now() >= not_before_) {
      // Per-submission lines name refs and the server's problem texts: kept out of the log;
      // `vrs-client status` shows them.
      std::ostringstream quiet;
      auto summary = outbox::send_entries(*session_, due, outbox::DeliveryOptions{}, outbox::ProgressMode::Off, quiet, quiet);
      if (!summary) return fail(summary.error());
      last_error_ = summary->stop_reason.value_or("");
      // After an outage the untried entries stay due: wait before the next try, do not spin.
      not_before_ = summary->stop_reason ? Steady::now() + outbox::kFirstBackoff : Steady::time_point{};
      if (summary->failed > 0) line(std::to_string(summary->failed) + " submission(s) refused by the server; see vrs-client status");
      if (summary->sent > 0) {
        receipts_arrived_ = true;
        line("sent " + std::to_string(summary->sent) + " submission(s), " + std::to_string(summary->sent_records) +
             " records; receipts verified and stored");
      }
      if (summary->stop_reason) line("server unreachable, will retry: " + *summary->stop_reason);
    }
    VRS_TRY(const auto queued, session_->outbox.list(outbox::EnvelopeState::Queued));
    next_attempt_.clear();
    for (const auto& e : queued) {
      if (next_attempt_.empty() || e.next_attempt_at < next_attempt_) next_attempt_ = e.next_attempt_at;
    }
    return {};
  }

  void read_events() {
    alignas(inotify_event) std::array<char, 16384> buffer{};
    for (;;) {
      const ssize_t n = ::read(inotify_.get(), buffer.data(), buffer.size());
      if (n <= 0) return;
      for (ssize_t at = 0; at < n;) {
        const auto* event = reinterpret_cast<const inotify_event*>(buffer.data() + at);
        if (event->len > 0) {
          const std::string name(event->name);
          if (kind_of(name)) announced_.insert(name);
        }
        if ((event->mask & IN_Q_OVERFLOW) != 0) force_rescan_ = true;
        at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      }
    }
  }

 public:
  // A rescan before its time: the inotify queue overflowed, or a rescanned file is settling.
  bool take_forced_rescan() { return std::exchange(force_rescan_, false) || unsettled_; }

 private:
  const AgentOptions& options_;
  std::ostream& log_;
  std::unique_ptr<outbox::Session> session_;
  Inbox inbox_;
  Settling settling_;
  Fd inotify_;
  std::set<std::string> announced_;
  std::set<std::string> deferred_logged_;
  std::deque<RecentFile> recent_;
  std::vector<std::string> last_warnings_;
  std::string next_attempt_;
  std::string last_error_;
  std::size_t rejected_ = 0;
  std::size_t file_errors_ = 0;
  std::map<std::string, Steady::time_point> retry_at_;
  Steady::time_point not_before_{};
  bool unsettled_ = false;
  bool receipts_arrived_ = true;  // true at start: files left incomplete by a previous run
  bool force_rescan_ = false;
};

}  // namespace

int run_agent(const AgentOptions& options, std::ostream& log) {
  const auto failed = [&](const Error& e) {
    log << db::utc_now() << " agent: error: " << e.message() << "\n" << std::flush;
    return 1;
  };
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  if (::sigprocmask(SIG_BLOCK, &stop, nullptr) != 0) return failed(Error(ErrorCode::Internal, "cannot block signals"));
  Fd signals(::signalfd(-1, &stop, SFD_NONBLOCK | SFD_CLOEXEC));
  if (!signals.valid()) return failed(Error(ErrorCode::Internal, "signalfd: " + errno_text(errno)));

  auto inbox = Inbox::open(options.inbox);
  if (!inbox) return failed(inbox.error());
  auto session = outbox::open_session(options.network);
  if (!session) return failed(session.error());
  Agent agent(options, log, std::move(*session), std::move(*inbox));
  agent.line("watching " + options.inbox.string() + " (rescan every " + std::to_string(options.rescan.count()) +
             " s); pid " + std::to_string(::getpid()));
  if (auto watching = agent.start_watching(); !watching) return failed(watching.error());

  auto next_rescan = Steady::now();
  for (;;) {
    const bool rescan = Steady::now() >= next_rescan || agent.take_forced_rescan();
    if (rescan) next_rescan = Steady::now() + options.rescan;
    if (auto done = agent.round(rescan || options.once); !done) return failed(done.error());
    if (options.once) break;
    if (!agent.wait(signals.get(), agent.next_timeout(next_rescan))) break;
  }
  if (auto written = agent.write_status("stopped"); !written) return failed(written.error());
  agent.line("stopped");
  return 0;
}

}  // namespace vrs::client::agent
