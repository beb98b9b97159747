#include <ostream>

#include "vrs/client/outbox_commands.hpp"
#include "vrs/client/outbox.hpp"
#include "vrs/client/server_keys.hpp"

namespace vrs::client {

namespace {

std::string pad(std::string_view text, std::size_t width) {
  std::string out(text);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

}  // namespace

int run_receipts(const std::filesystem::path& home, bool verify, std::ostream& out, std::ostream& err) {
  const auto complain = [&](const Error& error) {
    err << "vrs-client: receipts: " << error.message() << "\n";
    return 1;
  };
  auto profile = Profile::open(home);
  if (!profile) return complain(profile.error());
  auto outbox = Outbox::open(profile->outbox_path(), profile->outbox_key_path(), Outbox::Mode::OpenExisting);
  if (!outbox && outbox.error().code() == ErrorCode::NotFound) {
    out << "no receipts (nothing submitted from this profile yet)\n";
    return 0;
  }
  if (!outbox) return complain(outbox.error());
  auto receipts = outbox->receipts();
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
      auto entry = outbox->find(r.submission_id);
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

}  // namespace vrs::client
