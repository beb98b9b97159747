#include <catch2/catch.hpp>

#include "vrs/server/config.hpp"
#include "vrs/test/temp_dir.hpp"

using vrs::server::parse_config;

TEST_CASE("an empty config gives every default") {
  auto c = parse_config("");
  REQUIRE(c);
  CHECK(c->listen.address == "127.0.0.1");
  CHECK(c->listen.port == 8443);
  CHECK(c->metrics.address == "127.0.0.1");
  CHECK(c->limits.max_header_bytes == 8192);
  CHECK(c->limits.max_body_bytes == 1024 * 1024);
  CHECK(c->limits.handshake_timeout == std::chrono::milliseconds(10000));
  CHECK(c->limits.read_timeout == std::chrono::milliseconds(15000));
  CHECK(c->limits.idle_timeout == std::chrono::milliseconds(60000));
  CHECK(c->limits.max_connections == 1024);
  CHECK(c->limits.max_connections_per_member == 32);
  CHECK(c->limits.requests_per_second_per_member == 50);
  CHECK(c->limits.max_analyses_per_member == 2);
  CHECK(c->envelope.accept_v1_until == "2027-06-30");
  CHECK(c->envelope.accepts_v1("2027-06-30"));
  CHECK_FALSE(c->envelope.accepts_v1("2027-07-01"));
  CHECK(c->limits.drain_timeout == std::chrono::milliseconds(10000));
  CHECK_FALSE(c->tls.allow_tls12);
  CHECK(c->paths.db_key_file == "vrs.db.key");
}

TEST_CASE("unknown sections and keys are errors naming the key") {
  auto [text, message] = GENERATE(table<std::string, std::string>({
      {"[listen]\nprot = 1\n", "config: unknown key 'listen.prot'"},
      {"[limit]\nmax_body_bytes = 1\n", "config: unknown key 'limit'"},
      {"port = 1\n", "config: unknown key 'port'"},
  }));
  auto c = parse_config(text);
  REQUIRE_FALSE(c);
  CHECK(c.error().code() == vrs::ErrorCode::InvalidArgument);
  CHECK(c.error().message() == message);
}

TEST_CASE("bad values are errors naming key and value") {
  auto [text, message] = GENERATE(table<std::string, std::string>({
      {"[listen]\nport = 70000\n", "config: listen.port: 70000 is not in [0, 65535]"},
      {"[listen]\nport = \"x\"\n", "config: listen.port: \"x\" is not an integer"},
      {"[listen]\naddress = \"localhost\"\n", "config: listen.address: \"localhost\" is not an IP address"},
      {"[limits]\nmax_body_bytes = 0\n", "config: limits.max_body_bytes: 0 is not in [1024, 67108864]"},
      {"[limits]\nread_timeout_ms = -5\n", "config: limits.read_timeout_ms: -5 is not in [100, 600000]"},
      {"[limits]\nmax_analyses_per_member = 0\n", "config: limits.max_analyses_per_member: 0 is not in [1, 1000]"},
      {"[envelope]\naccept_v1_until = \"soon\"\n",
       "config: envelope.accept_v1_until: \"soon\" is not a date YYYY-MM-DD or \"never\""},
      {"[envelope]\naccept_v1_until = \"2027-13-01\"\n",
       "config: envelope.accept_v1_until: \"2027-13-01\" is not a date YYYY-MM-DD or \"never\""},
      {"[tls]\nallow_tls12 = 1\n", "config: tls.allow_tls12: 1 is not true or false"},
      {"[log]\nlevel = \"loud\"\n", "config: log.level: \"loud\" is not one of debug, info, warn, error, off"},
      {"[paths]\ndb = \"\"\n", "config: paths.db: \"\" is empty"},
      {"[limits]\nmax_connections = 10\nmax_connections_per_member = 11\n",
       "config: limits.max_connections_per_member: 11 is larger than limits.max_connections"},
  }));
  auto c = parse_config(text);
  REQUIRE_FALSE(c);
  CHECK(c.error().message() == message);
}

TEST_CASE("disclosure, analysis, regions and fx sections") {
  auto c = parse_config(
      "[disclosure]\nk_reporter = 7\nk_analyst = 4\nmin_incidents = 3\nfee_min_persons = 20\nfee_min_incidents = 5\n"
      "fee_max_share = 0.4\nfee_rounding = 50\nreciprocity = \"period\"\nperturb_reporters = false\n"
      "perturb_analysts = true\nnoise_max_deviation = 4\nnoise_variance = 3.5\ngive_back_effort = 3\n[analysis]\nmax_queue = 8\n"
      "[regions]\nmekong = [\"VNM\", \"KHM\", \"LAO\", \"THA\", \"THA\"]\n[fx.EUR]\n\"2025\" = 1.08\n\"2025-03\" = 1.1\n");
  REQUIRE(c);
  CHECK(c->disclosure.k_reporter == 7);
  CHECK(c->disclosure.k_analyst == 4);
  CHECK(c->disclosure.min_incidents == 3);
  CHECK(c->disclosure.fee_min_persons == 20);
  CHECK(c->disclosure.fee_min_incidents == 5);
  CHECK(c->disclosure.fee_max_share == 0.4);
  CHECK(c->disclosure.fee_rounding == 50);
  CHECK(c->disclosure.reciprocity == vrs::server::DisclosureConfig::Reciprocity::Period);
  CHECK_FALSE(c->disclosure.perturb_reporters);
  CHECK(c->disclosure.perturb_analysts);
  CHECK(c->disclosure.noise_max_deviation == 4);
  CHECK(c->disclosure.give_back_effort == 3);
  CHECK(c->disclosure.noise_variance == 3.5);
  CHECK(c->analysis.max_queue == 8);
  CHECK(c->regions.regions.at("mekong") == std::vector<std::string>{"KHM", "LAO", "THA", "VNM"});
  CHECK(c->fx.at("EUR").at("2025") == 1.08);
  CHECK(c->fx.at("EUR").at("2025-03") == 1.1);
  auto back = parse_config(vrs::server::to_toml(*c));
  REQUIRE(back);
  CHECK(back->disclosure.k_reporter == 7);
  CHECK(back->disclosure.reciprocity == vrs::server::DisclosureConfig::Reciprocity::Period);
  CHECK_FALSE(back->disclosure.perturb_reporters);
  CHECK(back->disclosure.perturb_analysts);
  CHECK(back->disclosure.noise_max_deviation == 4);
  CHECK(back->disclosure.give_back_effort == 3);
  CHECK(back->disclosure.noise_variance == 3.5);
  CHECK(back->regions.regions == c->regions.regions);
  CHECK(back->fx == c->fx);
  auto defaults = parse_config("");
  REQUIRE(defaults);
  CHECK(defaults->disclosure.k_reporter == 5);
  CHECK(defaults->disclosure.k_analyst == 3);
  CHECK(defaults->disclosure.reciprocity == vrs::server::DisclosureConfig::Reciprocity::Year);
  CHECK(defaults->disclosure.perturb_reporters);
  CHECK_FALSE(defaults->disclosure.perturb_analysts);
  CHECK(defaults->disclosure.noise_max_deviation == 3);
  CHECK(defaults->disclosure.give_back_effort == 1);
  CHECK(defaults->disclosure.noise_variance == 2.0);
}

TEST_CASE("bad disclosure, region and fx values name key and value") {
  auto [text, message] = GENERATE(table<std::string, std::string>({
      {"[disclosure]\nk_reporter = 0\n", "config: disclosure.k_reporter: 0 is not in [1, 1000]"},
      {"[disclosure]\nfee_max_share = 2\n", "config: disclosure.fee_max_share: 2 is not in [0.01, 1]"},
      {"[disclosure]\nreciprocity = \"never\"\n", "config: disclosure.reciprocity: \"never\" is not one of year, period, off"},
      {"[disclosure]\nk = 5\n", "config: unknown key 'disclosure.k'"},
      {"[disclosure]\nnoise_max_deviation = 0\n", "config: disclosure.noise_max_deviation: 0 is not in [1, 20]"},
      {"[disclosure]\ngive_back_effort = 21\n", "config: disclosure.give_back_effort: 21 is not in [0, 20]"},
      {"[disclosure]\ngive_back_effort = -1\n", "config: disclosure.give_back_effort: -1 is not in [0, 20]"},
      {"[disclosure]\nnoise_variance = 0\n", "config: disclosure.noise_variance: 0 is not in [0.1, 400]"},
      {"[disclosure]\nnoise_max_deviation = 2\nnoise_variance = 5\n",
       "config: disclosure.noise_variance: 5 is larger than disclosure.noise_max_deviation squared (4)"},
      {"[disclosure]\nperturb_reporters = \"yes\"\n", "config: disclosure.perturb_reporters: \"yes\" is not true or false"},
      {"[regions]\nmekong = \"THA\"\n", "config: regions.mekong: \"THA\" is not an array of alpha-3 codes"},
      {"[regions]\nmekong = [\"THA\", \"tha\"]\n", "config: regions.mekong[1]: \"tha\" is not an ISO 3166-1 alpha-3 code"},
      {"[regions]\nmekong = []\n", "config: regions.mekong: an array must hold 1 to 300 states"},
      {"[regions]\nall = [\"THA\"]\n", "config: regions.all: the name must be 1-64 of a-z 0-9 _ - and not 'all'"},
      {"[regions]\nMekong = [\"THA\"]\n", "config: regions.Mekong: the name must be 1-64 of a-z 0-9 _ - and not 'all'"},
      {"[fx.EURO]\n\"2025\" = 1.1\n", "config: fx.EURO: is not an ISO 4217 currency code"},
      {"[fx.EUR]\n\"2025-13\" = 1.1\n", "config: fx.EUR.2025-13: the period must be a year (2025) or a month (2025-03)"},
      {"[fx.EUR]\n\"2025\" = 0\n", "config: fx.EUR.2025: 0 is not in [1e-09, 1e+09]"},
      {"[fx]\nEUR = 1.1\n", "config: fx.EUR: 1.1 must be a table ([fx.EUR]) of period = rate"},
  }));
  auto c = parse_config(text);
  REQUIRE_FALSE(c);
  CHECK(c.error().message() == message);
}

TEST_CASE("TOML syntax errors name the line") {
  auto c = parse_config("[listen]\nport = = 3\n");
  REQUIRE_FALSE(c);
  CHECK(c.error().message().rfind("config: line 2", 0) == 0);
}

TEST_CASE("relative paths resolve against the config directory and a passphrase replaces the key file") {
  auto c = parse_config("[paths]\ndb = \"data/vrs.db\"\ndb_passphrase_env = \"VRS_PASS\"\ntls_key = \"/etc/vrs/key.pem\"\n", "/srv/vrs");
  REQUIRE(c);
  CHECK(c->paths.db == "/srv/vrs/data/vrs.db");
  CHECK(c->paths.tls_key == "/etc/vrs/key.pem");
  CHECK(c->paths.db_key_file.empty());
  CHECK(c->paths.db_passphrase_env == "VRS_PASS");
  auto both = parse_config("[paths]\ndb_key_file = \"k\"\ndb_passphrase_env = \"VRS_PASS\"\n");
  REQUIRE_FALSE(both);
}

TEST_CASE("to_toml round-trips through parse_config") {
  vrs::server::Config c;
  c.listen.port = 0;
  c.limits.max_body_bytes = 4096;
  c.limits.requests_per_second_per_member = 2.5;
  c.tls.allow_tls12 = true;
  auto back = parse_config(vrs::server::to_toml(c), "/base");
  REQUIRE(back);
  CHECK(back->listen.port == 0);
  CHECK(back->limits.max_body_bytes == 4096);
  CHECK(back->limits.requests_per_second_per_member == 2.5);
  CHECK(back->tls.allow_tls12);
  CHECK(back->paths.db == "/base/vrs.db");
}

TEST_CASE("load_config reads a file and names it in errors") {
  vrs::test::TempDir dir;
  vrs::test::write_file(dir / "a.toml", "[limits]\nbogus = 1\n");
  auto c = vrs::server::load_config(dir / "a.toml");
  REQUIRE_FALSE(c);
  CHECK(c.error().message() == (dir / "a.toml").string() + ": unknown key 'limits.bogus'");
  auto missing = vrs::server::load_config(dir / "none.toml");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code() == vrs::ErrorCode::NotFound);
}

TEST_CASE("docs/configuration.md is the reference the parser's own table makes") {
  const std::string reference = vrs::server::config_reference();
  const std::string file = vrs::test::read_text_file(std::string(VRS_SOURCE_DIR) + "/docs/configuration.md");
  INFO("regenerate it: build/bin/vrs-server config reference > docs/configuration.md");
  CHECK(file == reference);
  // Every key a written configuration holds is in it, with its default.
  for (const char* row : {"| `port` | `8443` |", "| `sealing_grace_days` | `30` |", "| `accept_v1_until` | `\"2027-06-30\"` |",
                          "| `k_reporter` | `5` |", "| `db_passphrase_env` | `unset` |", "| `drain_timeout_ms` | `10000` |"}) {
    CHECK(reference.find(row) != std::string::npos);
  }
}

TEST_CASE("keys.sealing_grace_days is read and bounded") {
  auto config = vrs::server::parse_config("[keys]\nsealing_grace_days = 0\n");
  REQUIRE(config);
  CHECK(config->keys.sealing_grace_days == 0);
  auto bad = vrs::server::parse_config("[keys]\nsealing_grace_days = 3651\n");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message() == "config: keys.sealing_grace_days: 3651 is not in [0, 3650]");
  CHECK_FALSE(vrs::server::parse_config("[keys]\ngrace = 1\n"));
}
