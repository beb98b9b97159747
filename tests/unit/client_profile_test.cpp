// vrs::client::Profile and client.toml.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cstdlib>

#include "vrs/client/profile.hpp"
#include "vrs/test/file_checks.hpp"
#include "vrs/test/temp_dir.hpp"

using namespace vrs::client;
using vrs::ErrorCode;

namespace {

using vrs::test::mode_of;

// Sets an environment variable for the scope of a test and restores it after.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value != nullptr) ::setenv(name, value, 1);
    else ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_) ::setenv(name_, old_->c_str(), 1);
    else ::unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("client.toml parses and round-trips") {
  const ClientConfig config{"https://vrs.example.org:8443", "AUS-ABF"};
  const auto text = format_client_config(config);
  auto parsed = parse_client_config(text);
  REQUIRE(parsed);
  CHECK(*parsed == config);
  auto plain = parse_client_config("server = \"https://127.0.0.1:9443\"\nmember = \"NZL-INZ\"\n");
  REQUIRE(plain);
  CHECK(plain->server == "https://127.0.0.1:9443");
  CHECK(plain->member == "NZL-INZ");
}

TEST_CASE("client.toml refuses unknown, missing and ill-typed keys naming them") {
  auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"server = \"https://a.example:1\"\nmember = \"AUS-ABF\"\nproxy = \"x\"\n", "unknown key \"proxy\""},
      {"member = \"AUS-ABF\"\n", "\"server\" is missing"},
      {"server = \"https://a.example:1\"\n", "\"member\" is missing"},
      {"server = 5\nmember = \"AUS-ABF\"\n", "\"server\" must be a string"},
      {"server = \"http://a.example:1\"\nmember = \"AUS-ABF\"\n", "only https is allowed"},
      {"server = \"https://a.example:1\"\nmember = \"ABF\"\n", "client.toml: member"},
      {"[tls]\nserver = \"https://a.example:1\"\n", "unknown key \"tls\""},
  }));
  auto parsed = parse_client_config(text);
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error().code() == ErrorCode::InvalidArgument);
  INFO(parsed.error().message());
  CHECK(parsed.error().message().find(expected) != std::string::npos);
}

TEST_CASE("client.toml syntax errors name the line") {
  auto parsed = parse_client_config("server = \"https://a.example:1\"\nmember = \n");
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error().message().find("client.toml line 2") != std::string::npos);
}

TEST_CASE("a new profile directory is created with mode 0700 whatever the umask") {
  vrs::test::TempDir dir;
  const auto old = ::umask(022);
  auto profile = Profile::create(dir / "a" / "b" / "profile");
  ::umask(old);
  REQUIRE(profile);
  CHECK(mode_of(dir / "a" / "b" / "profile") == 0700);
  CHECK_FALSE(profile->config().has_value());
  CHECK(profile->tls_key_path() == dir / "a" / "b" / "profile" / "tls.key");
}

TEST_CASE("a profile directory writable by group or others is refused") {
  vrs::test::TempDir dir;
  std::filesystem::create_directory(dir / "p");
  REQUIRE(::chmod((dir / "p").c_str(), 0770) == 0);
  auto created = Profile::create(dir / "p");
  REQUIRE_FALSE(created);
  CHECK(created.error().code() == ErrorCode::FailedPrecondition);
  CHECK(created.error().message().find("chmod 700") != std::string::npos);

  vrs::test::write_file(dir / "file", "x");
  auto not_dir = Profile::create(dir / "file");
  REQUIRE_FALSE(not_dir);
  CHECK(not_dir.error().message().find("is not a directory") != std::string::npos);
}

TEST_CASE("opening a missing profile says to enroll first") {
  vrs::test::TempDir dir;
  auto missing = Profile::open(dir / "nope");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code() == ErrorCode::NotFound);
  CHECK(missing.error().message().find("vrs-client enroll") != std::string::npos);

  auto empty = Profile::open(dir.path());
  REQUIRE_FALSE(empty);
  CHECK(empty.error().message().find("client.toml") != std::string::npos);
}

TEST_CASE("save_config writes client.toml that open reads back") {
  vrs::test::TempDir dir;
  auto profile = Profile::create(dir / "p");
  REQUIRE(profile);
  REQUIRE(profile->save_config({"https://vrs.example.org:8443", "AUS-ABF"}));
  CHECK(mode_of(profile->config_path()) == 0600);
  auto opened = Profile::open(dir / "p");
  REQUIRE(opened);
  REQUIRE(opened->config());
  CHECK(opened->config()->member == "AUS-ABF");
}

TEST_CASE("the profile home comes from --home, then VRS_HOME, then HOME") {
  ScopedEnv home("HOME", "/home/someone");
  {
    ScopedEnv vrs_home("VRS_HOME", "/srv/vrs-profile");
    CHECK(Profile::resolve_home(std::filesystem::path("/x")).value() == "/x");
    CHECK(Profile::resolve_home(std::nullopt).value() == "/srv/vrs-profile");
  }
  {
    ScopedEnv vrs_home("VRS_HOME", nullptr);
    CHECK(Profile::resolve_home(std::nullopt).value() == "/home/someone/.vrs");
    ScopedEnv no_home("HOME", nullptr);
    auto none = Profile::resolve_home(std::nullopt);
    REQUIRE_FALSE(none);
    CHECK(none.error().message().find("--home") != std::string::npos);
  }
}

TEST_CASE("require_installed names the missing file and refuses a loose tls.key") {
  vrs::test::TempDir dir;
  auto profile = Profile::create(dir / "p");
  REQUIRE(profile);
  auto no_config = profile->require_installed();
  REQUIRE_FALSE(no_config);
  CHECK(no_config.error().message().find("enroll") != std::string::npos);

  REQUIRE(profile->save_config({"https://vrs.example.org:8443", "AUS-ABF"}));
  vrs::test::write_file(profile->tls_key_path(), "not a key", 0644);
  auto loose = profile->require_installed();
  REQUIRE_FALSE(loose);
  CHECK(loose.error().code() == ErrorCode::FailedPrecondition);
  CHECK(loose.error().message().find("0644") != std::string::npos);

  REQUIRE(::chmod(profile->tls_key_path().c_str(), 0600) == 0);
  auto no_cert = profile->require_installed();
  REQUIRE_FALSE(no_cert);
  CHECK(no_cert.error().message().find("member.crt") != std::string::npos);
  CHECK(no_cert.error().message().find("vrs-client install") != std::string::npos);
}

