#include "vrs/client/profile.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <sstream>

#include <toml++/toml.h>

#include "vrs/client/net/https_client.hpp"
#include "vrs/common/posix_fd.hpp"
#include "vrs/common/text_file.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/key_file.hpp"

namespace vrs::client {

using namespace vrs::client::net;
namespace fs = std::filesystem;

namespace {

Result<void> check_home(const fs::path& home) {
  struct stat st {};
  if (::stat(home.c_str(), &st) != 0) {
    return fail(ErrorCode::NotFound, "profile directory " + home.string() + ": " + errno_text(errno));
  }
  if (!S_ISDIR(st.st_mode)) return fail(ErrorCode::FailedPrecondition, "profile " + home.string() + " is not a directory");
  // Others who can write here could swap client.toml or ca-chain.pem under us.
  if ((st.st_mode & 022) != 0) {
    return fail(ErrorCode::FailedPrecondition, "profile directory " + home.string() + " has mode " + mode_string(st.st_mode) +
                                                   " (writable by group or others); run: chmod 700 " + home.string());
  }
  return {};
}

}  // namespace

Result<ClientConfig> parse_client_config(std::string_view text) {
  toml::table table;
  try {
    table = toml::parse(text, std::string_view("client.toml"));
  } catch (const toml::parse_error& e) {
    std::ostringstream message;
    message << "client.toml line " << e.source().begin.line << ": " << e.description();
    return fail(ErrorCode::InvalidArgument, message.str());
  }
  ClientConfig config;
  bool have_server = false;
  bool have_member = false;
  for (const auto& [key, node] : table) {
    const std::string name(key.str());
    const auto* value = node.as_string();
    if (name != "server" && name != "member") {
      return fail(ErrorCode::InvalidArgument, "client.toml: unknown key \"" + name + "\" (known: server, member)");
    }
    if (value == nullptr) return fail(ErrorCode::InvalidArgument, "client.toml: \"" + name + "\" must be a string");
    if (name == "server") {
      config.server = value->get();
      have_server = true;
    } else {
      config.member = value->get();
      have_member = true;
    }
  }
  if (!have_server) return fail(ErrorCode::InvalidArgument, "client.toml: \"server\" is missing");
  if (!have_member) return fail(ErrorCode::InvalidArgument, "client.toml: \"member\" is missing");
  if (auto url = parse_server_url(config.server); !url) return fail(url.error().with_context("client.toml: server"));
  if (auto member = certs::parse_member_id(config.member); !member) {
    return fail(member.error().with_context("client.toml: member"));
  }
  return config;
}

std::string format_client_config(const ClientConfig& config) {
  toml::table table{{"server", config.server}, {"member", config.member}};
  std::ostringstream out;
  out << "# vrs-client profile (written by `vrs-client enroll`)\n" << table << "\n";
  return out.str();
}

Result<fs::path> Profile::resolve_home(const std::optional<fs::path>& explicit_home) {
  if (explicit_home && !explicit_home->empty()) return *explicit_home;
  if (const char* env = std::getenv("VRS_HOME"); env != nullptr && *env != '\0') return fs::path(env);
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') return fs::path(home) / ".vrs";
  return fail(ErrorCode::InvalidArgument, "no profile directory: give --home DIR or set VRS_HOME");
}

Result<Profile> Profile::create(const fs::path& home) {
  struct stat st {};
  if (::stat(home.c_str(), &st) != 0) {
    if (errno != ENOENT) return fail(ErrorCode::Internal, "cannot stat " + home.string() + ": " + errno_text(errno));
    std::error_code ec;
    if (home.has_parent_path()) fs::create_directories(home.parent_path(), ec);
    if (ec) return fail(ErrorCode::Internal, "cannot create " + home.parent_path().string() + ": " + ec.message());
    if (::mkdir(home.c_str(), 0700) != 0 && errno != EEXIST) {
      return fail(ErrorCode::Internal, "cannot create " + home.string() + ": " + errno_text(errno));
    }
    // mkdir honours the umask; make the mode exact.
    if (::chmod(home.c_str(), 0700) != 0) return fail(ErrorCode::Internal, "cannot chmod " + home.string() + ": " + errno_text(errno));
  }
  VRS_TRY_VOID(check_home(home));
  Profile profile(home);
  if (fs::exists(profile.config_path())) {
    VRS_TRY(auto text, read_text_file(profile.config_path(), kMaxProfileFileBytes));
    auto config = parse_client_config(text);
    if (!config) return fail(config.error().with_context(profile.config_path().string()));
    profile.config_ = std::move(*config);
  }
  return profile;
}

Result<Profile> Profile::open(const fs::path& home) {
  struct stat st {};
  if (::stat(home.c_str(), &st) != 0) {
    return fail(ErrorCode::NotFound, "no profile in " + home.string() + "; run `vrs-client enroll` first");
  }
  VRS_TRY_VOID(check_home(home));
  Profile profile(home);
  auto text = read_text_file(profile.config_path(), kMaxProfileFileBytes);
  if (!text) {
    if (text.error().code() == ErrorCode::NotFound) {
      return fail(ErrorCode::NotFound, "no " + profile.config_path().string() + "; run `vrs-client enroll` first");
    }
    return fail(text.error());
  }
  auto config = parse_client_config(*text);
  if (!config) return fail(config.error().with_context(profile.config_path().string()));
  profile.config_ = std::move(*config);
  return profile;
}

Result<void> Profile::save_config(const ClientConfig& config) {
  VRS_TRY_VOID(write_file_atomically(config_path(), format_client_config(config), 0600));
  config_ = config;
  return {};
}

Result<void> Profile::require_installed() const {
  if (!config_) return fail(ErrorCode::FailedPrecondition, "no " + config_path().string() + "; run `vrs-client enroll` first");
  VRS_TRY_VOID(crypto::check_secret_file_mode(tls_key_path()));
  for (const auto& path : {certificate_path(), ca_chain_path()}) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
      return fail(ErrorCode::FailedPrecondition,
                  "no " + path.string() + "; install the administrator's bundle with `vrs-client install BUNDLE.json` first");
    }
  }
  return {};
}

Result<crypto::SigningKey> Profile::signing_key() const {
  const auto path = signing_key_path();
  // Read at most one byte more than a seed, so another size is reported, not truncated.
  auto seed = crypto::read_secret_file(path, 33);
  if (!seed) {
    if (seed.error().code() == ErrorCode::NotFound) {
      return fail(ErrorCode::NotFound, "no signing key " + path.string() + "; run `vrs-client enroll` first");
    }
    return fail(seed.error());
  }
  if (seed->size() != 32) {
    return fail(ErrorCode::InvalidArgument, "signing key " + path.string() + " is not a 32-byte Ed25519 seed");
  }
  auto key = crypto::SigningKey::from_seed(seed->view());
  if (!key) return fail(key.error().with_context("signing key " + path.string()));
  return key;
}

}  // namespace vrs::client
