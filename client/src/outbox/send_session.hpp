#pragma once
// Internal to the outbox commands: the open profile with its outbox, signing key, transport
// and key cache; the outbox of a profile without the keys; progress display; and sending a
// list of outbox entries with one printed line per outcome.

#include <cstddef>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "vrs/client/outbox/delivery.hpp"
#include "vrs/client/outbox/outbox.hpp"
#include "vrs/client/profile.hpp"
#include "vrs/client/net/network_options.hpp"
#include "vrs/client/net/server_keys.hpp"
#include "vrs/client/net/submission_transport.hpp"
#include "vrs/client/outbox/progress_mode.hpp"

namespace vrs::client::outbox {

// Everything a command that sends needs, opened in this order: profile (installed), signing
// key, outbox (created on first use). Not movable: the cache borrows the transport.
struct Session {
  Session(Profile p, crypto::SigningKey k, Outbox o, std::chrono::milliseconds timeout)
      : profile(std::move(p)),
        signer(std::move(k)),
        outbox(std::move(o)),
        transport(profile, timeout),
        keys(profile.server_keys_path(), transport) {}
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  Profile profile;
  crypto::SigningKey signer;
  Outbox outbox;
  net::HttpsSubmissionTransport transport;
  net::ServerKeyCache keys;
};

Result<std::unique_ptr<Session>> open_session(const net::NetworkOptions& options);

// The outbox of `profile` when there is one; nullopt when nothing was submitted from it yet
// (no outbox.db).
Result<std::optional<Outbox>> open_existing(const Profile& profile);
// The same for the profile in `home`.
Result<std::optional<Outbox>> open_existing(const std::filesystem::path& home);

class Progress {
 public:
  Progress(std::ostream& err, ProgressMode mode, std::size_t batches, std::size_t records);
  // After batch `done_batches` (1-based count), `done_records` records handled.
  void update(std::size_t done_batches, std::size_t done_records);
  // Ends a \r bar with a newline.
  void finish();
  // Blanks a \r bar so that another line can be printed in its place.
  void clear();

 private:
  std::ostream* err_;
  ProgressMode mode_;
  std::size_t batches_;
  std::size_t records_;
  bool drawn_ = false;
  std::size_t width_ = 0;
};

struct SendSummary {
  std::size_t sent = 0;
  std::size_t sent_records = 0;
  std::size_t queued = 0;  // including the ones not attempted after a stop
  std::size_t failed = 0;
  std::size_t rejected_receipts = 0;  // queued because a receipt did not verify
  std::optional<std::string> stop_reason;
};

// Sends `entries` in order, one line per outcome on `out`; after a stop the rest are listed
// as not attempted. An Error only for a local failure (the outbox cannot be written).
Result<SendSummary> send_entries(Session& session, const std::vector<OutboxEntry>& entries, DeliveryOptions options,
                                 ProgressMode progress, std::ostream& out, std::ostream& err);

}  // namespace vrs::client::outbox
