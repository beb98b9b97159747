#include "vrs/client/agent/agent_status.hpp"

#include <boost/json.hpp>

#include "vrs/common/text_file.hpp"
#include "vrs/schema/api/json_reader.hpp"

namespace vrs::client::agent {
namespace {

namespace json = boost::json;
using schema::api::Reader;

constexpr std::size_t kMaxStatusBytes = 256 * 1024;

}  // namespace

std::filesystem::path status_path(const std::filesystem::path& home) { return home / "agent-status.json"; }

std::string to_json(const AgentStatus& s) {
  json::array warnings;
  for (const auto& w : s.warnings) warnings.emplace_back(json::string_view(w.data(), w.size()));
  json::array recent;
  for (const auto& r : s.recent) {
    recent.push_back(json::object{{"name", r.name}, {"outcome", r.outcome}, {"detail", r.detail}, {"at", r.at}});
  }
  return json::serialize(json::object{{"pid", s.pid},
                                      {"state", s.state},
                                      {"updated_at", s.updated_at},
                                      {"rescan_seconds", s.rescan_seconds},
                                      {"inbox", s.inbox},
                                      {"queued", s.queued},
                                      {"sent", s.sent},
                                      {"failed", s.failed},
                                      {"next_attempt", s.next_attempt},
                                      {"last_delivery_error", s.last_delivery_error},
                                      {"certificate_not_after", s.certificate_not_after},
                                      {"certificate_days_left", s.certificate_days_left},
                                      {"warnings", std::move(warnings)},
                                      {"recent", std::move(recent)}}) +
         "\n";
}

Result<AgentStatus> parse_status(std::string_view text) {
  VRS_TRY(auto object, schema::api::parse_object(text, "agent status"));
  const Reader r(object, "agent status");
  AgentStatus s;
  VRS_TRY(s.pid, r.integer("pid"));
  VRS_TRY(s.state, r.string("state"));
  VRS_TRY(s.updated_at, r.string("updated_at"));
  VRS_TRY(s.rescan_seconds, r.integer("rescan_seconds"));
  VRS_TRY(s.inbox, r.string("inbox"));
  VRS_TRY(const auto queued, r.integer("queued"));
  VRS_TRY(const auto sent, r.integer("sent"));
  VRS_TRY(const auto failed, r.integer("failed"));
  if (queued < 0 || sent < 0 || failed < 0) return fail(r.error("queued", "counts must not be negative"));
  s.queued = static_cast<std::size_t>(queued);
  s.sent = static_cast<std::size_t>(sent);
  s.failed = static_cast<std::size_t>(failed);
  VRS_TRY(s.next_attempt, r.string("next_attempt"));
  VRS_TRY(s.last_delivery_error, r.string("last_delivery_error"));
  VRS_TRY(s.certificate_not_after, r.string("certificate_not_after"));
  VRS_TRY(s.certificate_days_left, r.integer("certificate_days_left"));
  VRS_TRY(const auto* warnings, r.array("warnings"));
  for (const auto& w : *warnings) {
    if (!w.is_string()) return fail(r.error("warnings", "must be strings"));
    s.warnings.emplace_back(w.get_string().data(), w.get_string().size());
  }
  VRS_TRY(const auto* recent, r.array("recent"));
  for (const auto& item : *recent) {
    if (!item.is_object()) return fail(r.error("recent", "must be objects"));
    const Reader f(item.get_object(), "agent status recent");
    RecentFile file;
    VRS_TRY(file.name, f.string("name"));
    VRS_TRY(file.outcome, f.string("outcome"));
    VRS_TRY(file.detail, f.string("detail"));
    VRS_TRY(file.at, f.string("at"));
    s.recent.push_back(std::move(file));
  }
  return s;
}

Result<void> write_status(const std::filesystem::path& home, const AgentStatus& status) {
  return write_file_atomically(status_path(home), to_json(status), 0600, Replace::Yes);
}

Result<AgentStatus> read_status(const std::filesystem::path& home) {
  VRS_TRY(auto text, read_text_file(status_path(home), kMaxStatusBytes));
  auto status = parse_status(text);
  if (!status) return fail(status.error().with_context(status_path(home).string()));
  return status;
}

}  // namespace vrs::client::agent
