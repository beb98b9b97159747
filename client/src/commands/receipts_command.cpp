#include "vrs/client/commands/receipts_command.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <optional>

#include "commands/command.hpp"
#include "outbox/send_session.hpp"
#include "table_text.hpp"
#include "vrs/client/commands/cli_options.hpp"
#include "vrs/client/commands/failure.hpp"
#include "vrs/client/net/server_keys.hpp"
#include "vrs/client/outbox/outbox.hpp"
#include "vrs/client/profile.hpp"

namespace vrs::client::commands {

using namespace vrs::client::net;
using namespace vrs::client::outbox;

int run_receipts(const std::filesystem::path& home, bool verify, std::ostream& out, std::ostream& err) {
  const auto complain = [&](const Error& error) { return command_failure(err, "receipts", error); };
  auto profile = Profile::open(home);
  if (!profile) return complain(profile.error());
  auto existing = open_existing(*profile);
  if (!existing) return complain(existing.error());
  if (!*existing) {
    out << "no receipts (nothing submitted from this profile yet)\n";
    return 0;
  }
  Outbox& box = **existing;
  auto receipts = box.receipts();
  if (!receipts) return complain(receipts.error());
  std::optional<ServerKeys> keys;
  if (verify && !receipts->empty()) {
    // Offline on purpose: the receipts are checked against the keys cached when they came in.
    auto loaded = ServerKeyCache::load(profile->server_keys_path());
    if (!loaded) return complain(loaded.error().with_context("server receipt keys"));
    keys = std::move(*loaded);
  }
  out << pad("SUBMISSION", 36) << "  " << pad("RECEIVED", 24) << "  " << pad("RECORDS", 7) << "  " << pad("AUDIT SEQ", 9)
      << "  KEY" << (verify ? "                      VERIFIED" : "") << "\n";
  std::size_t bad = 0;
  for (const auto& r : *receipts) {
    out << pad(r.submission_id, 36) << "  " << pad(r.received_at, 24) << "  " << pad(std::to_string(r.record_count), 7) << "  "
        << pad(std::to_string(r.audit_seq), 9) << "  " << (verify ? pad(r.key_id, 23) : r.key_id);
    if (verify) {
      auto entry = box.find(r.submission_id);
      if (!entry) return complain(entry.error());
      Result<schema::Receipt> checked = fail(ErrorCode::NotFound, "no outbox entry for this receipt");
      if (*entry) checked = check_receipt(r.receipt, **entry, *keys);
      if (checked && checked->key_id != r.key_id) checked = fail(ErrorCode::Conflict, "signed by another key than recorded");
      if (checked) {
        out << "  ok";
      } else {
        ++bad;
        out << "  FAILED: " << checked.error().message();
      }
    }
    out << "\n";
  }
  out << receipts->size() << (receipts->size() == 1 ? " receipt" : " receipts");
  if (verify) out << ", " << (receipts->size() - bad) << " verified, " << bad << " FAILED";
  out << "\n";
  return bad == 0 ? 0 : 1;
}

void add_receipts_command(CLI::App& app, int& exit_code) {
  struct Args {
    std::optional<std::string> home;
    bool verify = false;
  };
  auto [cmd, args] = add_home_command<Args>(
      app, exit_code, "receipts",
      "List the server's signed receipts kept in the outbox (submission id, time, records, audit\n"
      "seq, signing key). With --verify, check every signature again against the server receipt\n"
      "keys cached in server-keys.json and that each receipt matches what was sent (submission\n"
      "id, member, payload hash, refs): ok or FAILED per receipt, exit 1 if any failed. No network.",
      [](const Args& a, const auto& home) { return run_receipts(home, a.verify, std::cout, std::cerr); });
  cmd.add_flag("--verify", args.verify, "Verify each receipt's signature and content");
  add_home_option(cmd, args.home);
}

}  // namespace vrs::client::commands
