#include "vrs/client/commands/log_command.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <optional>

#include "commands/command.hpp"
#include "outbox/send_session.hpp"
#include "vrs/client/commands/cli_options.hpp"
#include "vrs/client/commands/failure.hpp"
#include "vrs/client/net/api.hpp"
#include "vrs/client/net/log_check.hpp"
#include "vrs/client/net/server_keys.hpp"
#include "vrs/client/outbox/outbox.hpp"
#include "vrs/client/profile.hpp"
#include "vrs/common/text_file.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/schema/canonical_json.hpp"

namespace vrs::client::commands {

using namespace vrs::client::net;

namespace {

constexpr std::size_t kMaxHeadFile = 64 * 1024;

std::string hex(const crypto::Digest32& d) { return crypto::to_hex(crypto::ByteView(d.data(), d.size())); }

// The server's keys now, with every receipt key this profile learned before (retired ones sign
// old heads).
Result<ServerKeys> current_keys(const Profile& profile, HttpsClient& http) {
  VRS_TRY(auto body, http.get("/v1/keys"));
  VRS_TRY(auto fresh, parse_server_keys(body));
  auto cached = ServerKeyCache::load(profile.server_keys_path());
  if (cached) return merge_server_keys(std::move(fresh), *cached);
  return fresh;
}

Result<std::optional<schema::SignedTreeHead>> kept_head(const Profile& profile) {
  const auto path = profile.log_head_path();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::optional<schema::SignedTreeHead>();
  VRS_TRY(auto text, read_text_file(path, kMaxHeadFile));
  auto head = schema::parse_tree_head(text);
  if (!head) return fail(head.error().with_context(path.string()));
  return std::optional<schema::SignedTreeHead>(std::move(*head));
}

}  // namespace

int run_log_verify(const NetworkOptions& options, std::ostream& out, std::ostream& err) {
  constexpr std::string_view command = "log verify";
  auto profile = Profile::open(options.home);
  if (!profile) return command_failure(err, command, profile.error());
  std::vector<std::string> wires;
  auto box = outbox::open_existing(*profile);
  if (!box) return command_failure(err, command, box.error());
  if (*box) {
    auto receipts = (*box)->receipts();
    if (!receipts) return command_failure(err, command, receipts.error());
    for (auto& r : *receipts) wires.push_back(std::move(r.receipt));
  }
  auto kept = kept_head(*profile);
  if (!kept) return command_failure(err, command, kept.error());

  auto http = connect_profile(*profile, options.timeout);
  if (!http) return command_failure(err, command, http.error());
  auto keys = current_keys(*profile, *http);
  if (!keys) return command_failure(err, command, keys.error().with_context("GET /v1/keys"));

  LogCheck check = check_receipts(wires, *kept, *keys);
  auto head_body = http->get("/v1/log/head");
  if (!head_body) return command_failure(err, command, head_body.error().with_context("GET /v1/log/head"));
  auto current = schema::parse_tree_head(*head_body);
  if (!current) return command_failure(err, command, current.error().with_context("GET /v1/log/head"));
  const auto sizes = check_current(check, *current, *keys);
  std::vector<schema::ConsistencyProof> proofs;
  for (std::size_t i = 0; i < sizes.size(); i += schema::kMaxConsistencyFrom) {
    std::string target = "/v1/log/consistency?to=" + std::to_string(current->head.tree_size) + "&from=";
    for (std::size_t j = i; j < std::min(sizes.size(), i + schema::kMaxConsistencyFrom); ++j) {
      target += (j == i ? "" : ",") + std::to_string(sizes[j]);
    }
    auto body = http->get(target);
    if (!body) return command_failure(err, command, body.error().with_context("GET /v1/log/consistency"));
    auto part = schema::parse_consistency(*body, current->head.tree_size);
    if (!part) return command_failure(err, command, part.error().with_context("GET /v1/log/consistency"));
    proofs.insert(proofs.end(), part->begin(), part->end());
  }
  check_consistency(check, *current, proofs, sizes);

  out << check.receipts << (check.receipts == 1 ? " receipt" : " receipts") << ": " << check.receipts_proved
      << " proved in a signed tree head";
  if (check.receipts_without_proof > 0) out << ", " << check.receipts_without_proof << " from before the server kept a log";
  out << "\n";
  if (!check.ok()) {
    for (const auto& problem : check.problems) err << "vrs-client: log verify: " << problem << "\n";
    err << "vrs-client: log verify: the server's log cannot be trusted; " << profile->log_head_path().string()
        << " is left as it was. Report this to the other member states and the operator.\n";
    return kExitFailure;
  }
  if (auto saved = write_file_atomically(profile->log_head_path(),
                                         schema::canonical_json(schema::tree_head_json(*current)) + "\n", 0644);
      !saved) {
    return command_failure(err, command, saved.error());
  }
  out << sizes.size() << " earlier tree head" << (sizes.size() == 1 ? "" : "s")
      << " consistent with the server's log of " << current->head.tree_size << " entries (root " << hex(current->head.root)
      << ", signed " << current->head.time << ")\nlog verified; kept that head in " << profile->log_head_path().string() << "\n";
  return 0;
}

void add_log_command(CLI::App& app, int& exit_code) {
  auto* log = app.add_subcommand("log", "The server's transparency log (docs/transparency.md).");
  log->require_subcommand(1);
  struct Args {
    NetworkArgs network;
  };
  auto [cmd, args] = add_network_command<Args>(
      *log, exit_code, "verify",
      "Check that the server's log of actions was never rewritten: every receipt's own entry is\n"
      "proved in the signed tree head it came with, and every tree head this profile holds (from\n"
      "receipts, and the one kept by the last run) is a prefix of the server's current log\n"
      "(consistency proofs). A fork (two heads of one size, different roots) or a rewrite is\n"
      "reported loudly and the kept head is not replaced. Exit status: 0 verified, 1 a problem.",
      [](const Args&, const NetworkOptions& options) { return run_log_verify(options, std::cout, std::cerr); });
  add_network_options(cmd, args.network);
}

}  // namespace vrs::client::commands
