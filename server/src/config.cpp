#include "vrs/server/config.hpp"

#include <boost/asio/ip/address.hpp>
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <sstream>

#include "vrs/protect/perturbation.hpp"

namespace vrs::server {
namespace {

constexpr std::size_t kMaxConfigFile = 1024 * 1024;

using Setter = std::function<Result<void>(const toml::node&, const std::string& key)>;

// One key of the configuration: how it is read, what values it takes, what it does. The same
// table parses files and writes docs/configuration.md (config_reference), so they cannot drift.
struct Field {
  Setter set;
  std::string range;
  std::string effect;
};

Field doc(Field field, std::string effect) {
  field.effect = std::move(effect);
  return field;
}

std::string show(const toml::node& node) {
  std::ostringstream out;
  if (auto s = node.value<std::string>()) {
    out << '"' << *s << '"';
  } else if (node.is_table()) {
    out << "a table";
  } else if (node.is_array()) {
    out << "an array";
  } else if (auto i = node.value_exact<std::int64_t>()) {
    out << *i;
  } else if (auto d = node.value_exact<double>()) {
    out << *d;
  } else if (auto b = node.value_exact<bool>()) {
    out << (*b ? "true" : "false");
  } else {
    out << "a " << node.type();
  }
  return out.str();
}

Error bad(const std::string& key, const toml::node& node, const std::string& why) {
  return {ErrorCode::InvalidArgument, key + ": " + show(node) + " " + why};
}

template <typename T>
Field integer(T& out, std::int64_t min, std::int64_t max) {
  return {[&out, min, max](const toml::node& node, const std::string& key) -> Result<void> {
    auto v = node.value_exact<std::int64_t>();
    if (!v) return fail(bad(key, node, "is not an integer"));
    if (*v < min || *v > max) {
      return fail(bad(key, node, "is not in [" + std::to_string(min) + ", " + std::to_string(max) + "]"));
    }
    out = static_cast<T>(*v);
    return {};
  }, "integer " + std::to_string(min) + " to " + std::to_string(max), {}};
}

Field millis(std::chrono::milliseconds& out, std::int64_t min, std::int64_t max) {
  return {[&out, min, max](const toml::node& node, const std::string& key) -> Result<void> {
    std::int64_t v = 0;
    VRS_TRY_VOID(integer(v, min, max).set(node, key));
    out = std::chrono::milliseconds(v);
    return {};
  }, "milliseconds, " + std::to_string(min) + " to " + std::to_string(max), {}};
}

std::string number_text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

Field number(double& out, double min, double max) {
  return {[&out, min, max](const toml::node& node, const std::string& key) -> Result<void> {
    std::optional<double> v;
    if (auto i = node.value_exact<std::int64_t>()) v = static_cast<double>(*i);
    if (auto d = node.value_exact<double>()) v = *d;
    if (!v) return fail(bad(key, node, "is not a number"));
    if (!(*v >= min && *v <= max)) {
      std::ostringstream range;
      range << "is not in [" << min << ", " << max << "]";
      return fail(bad(key, node, range.str()));
    }
    out = *v;
    return {};
  }, "number " + number_text(min) + " to " + number_text(max), {}};
}

Field boolean(bool& out) {
  return {[&out](const toml::node& node, const std::string& key) -> Result<void> {
    auto v = node.value_exact<bool>();
    if (!v) return fail(bad(key, node, "is not true or false"));
    out = *v;
    return {};
  }, "true or false", {}};
}

Field string(std::string& out, std::string range, std::function<Result<void>(const std::string&)> check = {}) {
  return {[&out, check](const toml::node& node, const std::string& key) -> Result<void> {
    auto v = node.value_exact<std::string>();
    if (!v) return fail(bad(key, node, "is not a string"));
    if (check) {
      if (auto ok = check(*v); !ok) return fail(bad(key, node, ok.error().message()));
    }
    out = *v;
    return {};
  }, std::move(range), {}};
}

Field path(std::filesystem::path& out, bool may_be_empty = false) {
  return {[&out, may_be_empty](const toml::node& node, const std::string& key) -> Result<void> {
    auto v = node.value_exact<std::string>();
    if (!v) return fail(bad(key, node, "is not a string"));
    if (v->empty() && !may_be_empty) return fail(bad(key, node, "is empty"));
    if (v->find('\0') != std::string::npos) return fail(bad(key, node, "contains a NUL byte"));
    out = *v;
    return {};
  }, "path, relative to the configuration file's directory", {}};
}

Result<void> check_address(const std::string& text) {
  boost::system::error_code ec;
  (void)boost::asio::ip::make_address(text, ec);
  if (ec) return fail(ErrorCode::InvalidArgument, "is not an IP address");
  return {};
}

Result<void> check_env_name(const std::string& text) {
  if (text.empty()) return {};
  for (const char c : text) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return fail(ErrorCode::InvalidArgument, "is not an environment variable name");
  }
  return {};
}

Result<void> check_v1_until(const std::string& text) {
  if (text == "never") return {};
  const bool shape = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                     std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
  if (!shape || text.substr(5, 2) < "01" || text.substr(5, 2) > "12" || text.substr(8, 2) < "01" || text.substr(8, 2) > "31") {
    return fail(ErrorCode::InvalidArgument, "is not a date YYYY-MM-DD or \"never\"");
  }
  return {};
}

Field log_level(LogLevel& out) {
  return {[&out](const toml::node& node, const std::string& key) -> Result<void> {
    auto v = node.value_exact<std::string>();
    if (!v || !parse_log_level(*v, out)) return fail(bad(key, node, "is not one of debug, info, warn, error, off"));
    return {};
  }, "debug, info, warn, error or off", {}};
}

Field reciprocity(DisclosureConfig::Reciprocity& out) {
  return {[&out](const toml::node& node, const std::string& key) -> Result<void> {
    auto v = node.value_exact<std::string>();
    if (v && *v == "year") out = DisclosureConfig::Reciprocity::Year;
    else if (v && *v == "period") out = DisclosureConfig::Reciprocity::Period;
    else if (v && *v == "off") out = DisclosureConfig::Reciprocity::Off;
    else return fail(bad(key, node, "is not one of year, period, off"));
    return {};
  }, "year, period or off", {}};
}

bool is_upper3(std::string_view s) {
  return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool is_region_name(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

// [regions] name = ["AUS", "IDN", ...]: reporting states (alpha-3), at most 300 per region.
Result<void> parse_regions(const toml::table& section, RegionsConfig& out) {
  if (section.size() > 100) return fail(ErrorCode::InvalidArgument, "regions: more than 100 regions");
  for (const auto& [name_key, node] : section) {
    const std::string name(name_key.str());
    const std::string key = "regions." + name;
    if (!is_region_name(name) || name == "all") {
      return fail(ErrorCode::InvalidArgument, key + ": the name must be 1-64 of a-z 0-9 _ - and not 'all'");
    }
    const auto* list = node.as_array();
    if (list == nullptr) return fail(bad(key, node, "is not an array of alpha-3 codes"));
    if (list->empty() || list->size() > 300) return fail(bad(key, node, "must hold 1 to 300 states"));
    std::vector<std::string> states;
    for (std::size_t i = 0; i < list->size(); ++i) {
      auto code = (*list)[i].value_exact<std::string>();
      const std::string where = key + "[" + std::to_string(i) + "]";
      if (!code || !is_upper3(*code)) return fail(bad(where, (*list)[i], "is not an ISO 3166-1 alpha-3 code"));
      states.push_back(*code);
    }
    std::sort(states.begin(), states.end());
    states.erase(std::unique(states.begin(), states.end()), states.end());
    out.regions[name] = std::move(states);
  }
  return {};
}

bool is_rate_period(std::string_view s) {
  auto digits = [](std::string_view d) { return std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; }); };
  if (s.size() == 4) return digits(s);
  if (s.size() == 7 && s[4] == '-' && digits(s.substr(0, 4)) && digits(s.substr(5))) {
    const int month = (s[5] - '0') * 10 + (s[6] - '0');
    return month >= 1 && month <= 12;
  }
  return false;
}

// [fx.EUR] "2025" = 1.08  "2025-03" = 1.09: US dollars per unit of the currency.
Result<void> parse_fx(const toml::table& section, FxRates& out) {
  if (section.size() > 300) return fail(ErrorCode::InvalidArgument, "fx: more than 300 currencies");
  for (const auto& [currency_key, node] : section) {
    const std::string currency(currency_key.str());
    const std::string key = "fx." + currency;
    if (!is_upper3(currency)) return fail(ErrorCode::InvalidArgument, key + ": is not an ISO 4217 currency code");
    const auto* rates = node.as_table();
    if (rates == nullptr) return fail(bad(key, node, "must be a table ([fx." + currency + "]) of period = rate"));
    if (rates->size() > 2000) return fail(ErrorCode::InvalidArgument, key + ": more than 2000 rates");
    for (const auto& [period_key, rate_node] : *rates) {
      const std::string period(period_key.str());
      const std::string rate_key = key + "." + period;
      if (!is_rate_period(period)) {
        return fail(ErrorCode::InvalidArgument, rate_key + ": the period must be a year (2025) or a month (2025-03)");
      }
      double rate = 0;
      VRS_TRY_VOID(number(rate, 1e-9, 1e9).set(rate_node, rate_key));
      out[currency][period] = rate;
    }
  }
  return {};
}

// The sections and keys in the order docs/configuration.md lists them, bound to `c`.
struct Section {
  std::string name;
  std::string about;
  std::vector<std::pair<std::string, Field>> keys;
};
using Table = std::vector<Section>;

Table make_table(Config& c) {
  auto& l = c.limits;
  auto& d = c.disclosure;
  return {
      {"listen", "The TLS listener members connect to.",
       {{"address", doc(string(c.listen.address, "IP address", check_address), "Address to listen on; 0.0.0.0 or :: for every interface.")},
        {"port", doc(integer(c.listen.port, 0, 65535), "TLS port; 0 picks a free one (tests).")},
        {"threads", doc(integer(c.listen.threads, 1, 256), "I/O threads.")},
        {"worker_threads", doc(integer(c.listen.worker_threads, 1, 256), "Threads that open, verify and validate submissions.")}}},
      {"metrics", "Plain-HTTP /metrics, /healthz and /readyz. Keep it on loopback.",
       {{"enabled", doc(boolean(c.metrics.enabled), "Serve the metrics listener.")},
        {"address", doc(string(c.metrics.address, "IP address", check_address), "Address of the metrics listener.")},
        {"port", doc(integer(c.metrics.port, 0, 65535), "Port of the metrics listener; must differ from listen.port.")}}},
      {"paths", "Files of the server directory. Exactly one of db_key_file, db_passphrase_env, db_passphrase_stdin.",
       {{"db", doc(path(c.paths.db), "The encrypted SQLCipher store.")},
        {"db_key_file", doc(path(c.paths.db_key_file, true), "The 32-byte database key (64 hex characters, mode 0600).")},
        {"db_passphrase_env", doc(string(c.paths.db_passphrase_env, "environment variable name", check_env_name),
                                  "Take the database passphrase from this variable instead (Argon2id, salt in <db>.kdf).")},
        {"db_passphrase_stdin", doc(boolean(c.paths.db_passphrase_stdin), "Read the database passphrase from stdin instead.")},
        {"tls_cert_chain", doc(path(c.paths.tls_cert_chain), "The server certificate and its issuing CA (PEM).")},
        {"tls_key", doc(path(c.paths.tls_key), "The server's TLS private key (mode 0600).")},
        {"client_ca", doc(path(c.paths.client_ca), "CA certificates member certificates must chain to.")},
        {"issuing_ca_cert", doc(path(c.paths.issuing_ca_cert), "The issuing CA certificate (online enrolment).")},
        {"issuing_ca_key", doc(path(c.paths.issuing_ca_key), "The issuing CA key (mode 0600).")},
        {"crl", doc(path(c.paths.crl), "The certificate revocation list the server publishes and enforces.")}}},
      {"limits", "Bounds on every input. SIGHUP applies new values.",
       {{"max_header_bytes", doc(integer(l.max_header_bytes, 1024, 1024 * 1024), "Largest request head.")},
        {"max_body_bytes", doc(integer(l.max_body_bytes, 1024, 64 * 1024 * 1024), "Largest request body, except submissions.")},
        {"max_submission_bytes", doc(integer(l.max_submission_bytes, 1024, 64 * 1024 * 1024), "Largest body of POST /v1/submissions.")},
        {"handshake_timeout_ms", doc(millis(l.handshake_timeout, 100, 600000), "A TLS handshake must end within this.")},
        {"read_timeout_ms", doc(millis(l.read_timeout, 100, 600000), "A request must arrive within this.")},
        {"idle_timeout_ms", doc(millis(l.idle_timeout, 100, 3600000), "An idle keep-alive connection is closed after this.")},
        {"max_connections", doc(integer(l.max_connections, 1, 1000000), "Open connections in all; more get 503.")},
        {"max_connections_per_member", doc(integer(l.max_connections_per_member, 1, 1000000), "Open connections of one member; at most max_connections.")},
        {"max_connections_per_source", doc(integer(l.max_connections_per_source, 1, 1000000), "Open connections from one IP address.")},
        {"max_handshakes_per_source", doc(integer(l.max_handshakes_per_source, 1, 1000000), "TLS handshakes in progress from one IP address.")},
        {"requests_per_second_per_member", doc(number(l.requests_per_second_per_member, 0.01, 1000000), "Token bucket per member (burst twice this); more get 429.")},
        {"max_analyses_per_member", doc(integer(l.max_analyses_per_member, 1, 1000), "Analyses one member may have queued or running; more get 429.")},
        {"drain_timeout_ms", doc(millis(l.drain_timeout, 0, 600000), "On SIGTERM, how long open requests may finish.")}}},
      {"tls", "Protocol versions.",
       {{"allow_tls12", doc(boolean(c.tls.allow_tls12), "Also accept TLS 1.2 (strong ciphers only); TLS 1.3 otherwise.")}}},
      {"disclosure", "Disclosure control of analyses and reports (docs/disclosure.md).",
       {{"k_reporter", doc(integer(d.k_reporter, 1, 1000), "A cell is published to a reporter only if the other states contribute at least this many persons to it.")},
        {"k_analyst", doc(integer(d.k_analyst, 1, 1000), "The same threshold for analysts.")},
        {"min_incidents", doc(integer(d.min_incidents, 1, 1000), "A cell is published only if the other states contribute at least this many incidents.")},
        {"fee_min_persons", doc(integer(d.fee_min_persons, 1, 100000), "Fee statistics need this many persons.")},
        {"fee_min_incidents", doc(integer(d.fee_min_incidents, 1, 100000), "Fee statistics need this many incidents.")},
        {"fee_max_share", doc(number(d.fee_max_share, 0.01, 1), "No incident may give more than this share of a fee cell's observations.")},
        {"fee_rounding", doc(integer(d.fee_rounding, 1, 1000000), "Fee medians and quartiles are rounded to this many units.")},
        {"reciprocity", doc(reciprocity(d.reciprocity), "year: a reporter whose state sent no records dated in the period's year(s) gets only its own data; period: in the period itself; off: no rule.")},
        {"perturb_reporters", doc(boolean(d.perturb_reporters), "Reporters see cell-key noise on others' figures.")},
        {"perturb_analysts", doc(boolean(d.perturb_analysts), "Analysts see cell-key noise too.")},
        {"noise_max_deviation", doc(integer(d.noise_max_deviation, 1, 20), "Largest change the noise makes to a count.")},
        {"noise_variance", doc(number(d.noise_variance, 0.1, 400), "Variance of the noise; at most noise_max_deviation squared.")},
        {"give_back_effort", doc(integer(d.give_back_effort, 0, 20), "How many times as many linear programs as the suppression may be solved to give cells back; 0: none.")}}},
      {"analysis", "The analysis engine (its own thread and read-only connection).",
       {{"max_queue", doc(integer(c.analysis.max_queue, 1, 10000), "Analysis requests waiting; more get 503.")}}},
      {"envelope", "Submission envelopes (docs/envelope.md).",
       {{"accept_v1_until", doc(string(c.envelope.accept_v1_until, "date YYYY-MM-DD or \"never\"", check_v1_until),
                                "Accept vrs.envelope/1 until the end of this UTC day; never: refuse it now.")}}},
      {"keys", "The server's own keys (docs/operations.md \"Rotate keys\").",
       {{"sealing_grace_days", doc(integer(c.keys.sealing_grace_days, 0, 3650), "A retired sealing key still opens envelopes this long; read at start.")}}},
      {"log", "Logging (stderr).",
       {{"level", doc(log_level(c.log_level), "Least severe level written; SIGHUP applies a new one.")}}},
  };
}

void resolve(std::filesystem::path& p, const std::filesystem::path& base) {
  if (!p.empty() && p.is_relative() && !base.empty()) p = (base / p).lexically_normal();
}

}  // namespace

Result<Config> parse_config(std::string_view toml_text, const std::filesystem::path& base_dir, std::string_view where) {
  const std::string prefix(where);
  toml::table root;
  try {
    root = toml::parse(toml_text, std::string_view(prefix));
  } catch (const toml::parse_error& e) {
    std::ostringstream out;
    out << prefix << ": line " << e.source().begin.line << ", column " << e.source().begin.column << ": "
        << e.description();
    return fail(ErrorCode::InvalidArgument, out.str());
  }

  Config config;
  auto& l = config.limits;
  const Table table = make_table(config);
  for (const auto& [section_key, section_node] : root) {
    const std::string section(section_key.str());
    if (section == "regions" || section == "fx") {
      const auto* section_table = section_node.as_table();
      if (section_table == nullptr) {
        return fail(ErrorCode::InvalidArgument, prefix + ": " + section + " must be a table ([" + section + "])");
      }
      auto ok = section == "regions" ? parse_regions(*section_table, config.regions) : parse_fx(*section_table, config.fx);
      if (!ok) return fail(ok.error().with_context(prefix));
      continue;
    }
    auto found = std::find_if(table.begin(), table.end(), [&](const Section& t) { return t.name == section; });
    if (found == table.end()) return fail(ErrorCode::InvalidArgument, prefix + ": unknown key '" + section + "'");
    const auto* section_table = section_node.as_table();
    if (section_table == nullptr) {
      return fail(ErrorCode::InvalidArgument, prefix + ": " + section + " must be a table ([" + section + "])");
    }
    for (const auto& [key_name, node] : *section_table) {
      const std::string name(key_name.str());  // a structured binding cannot be captured (clang 14)
      const std::string key = section + "." + name;
      auto field = std::find_if(found->keys.begin(), found->keys.end(), [&](const auto& k) { return k.first == name; });
      if (field == found->keys.end()) return fail(ErrorCode::InvalidArgument, prefix + ": unknown key '" + key + "'");
      if (auto ok = field->second.set(node, key); !ok) return fail(ok.error().with_context(prefix));
    }
  }

  // Cross-field rules.
  auto& p = config.paths;
  if (p.db_passphrase_stdin || !p.db_passphrase_env.empty()) {
    // A passphrase replaces the default key file unless the file was given explicitly too.
    const auto* paths = root["paths"].as_table();
    if (paths != nullptr && paths->contains("db_key_file") && !p.db_key_file.empty()) {
      return fail(ErrorCode::InvalidArgument,
                  prefix + ": paths.db_key_file, paths.db_passphrase_env and paths.db_passphrase_stdin exclude each other");
    }
    p.db_key_file.clear();
  }
  const int sources = (p.db_key_file.empty() ? 0 : 1) + (p.db_passphrase_stdin ? 1 : 0) + (p.db_passphrase_env.empty() ? 0 : 1);
  if (sources != 1) {
    return fail(ErrorCode::InvalidArgument,
                prefix + ": give exactly one of paths.db_key_file, paths.db_passphrase_env, paths.db_passphrase_stdin");
  }
  if (l.max_connections_per_member > l.max_connections) {
    return fail(ErrorCode::InvalidArgument, prefix + ": limits.max_connections_per_member: " +
                                                std::to_string(l.max_connections_per_member) +
                                                " is larger than limits.max_connections");
  }
  const auto& noise = config.disclosure;
  if (noise.noise_variance > static_cast<double>(noise.noise_max_deviation * noise.noise_max_deviation)) {
    std::ostringstream v;
    v << noise.noise_variance;
    return fail(ErrorCode::InvalidArgument, prefix + ": disclosure.noise_variance: " + v.str() +
                                                " is larger than disclosure.noise_max_deviation squared (" +
                                                std::to_string(noise.noise_max_deviation * noise.noise_max_deviation) + ")");
  }
  // The report builds its perturbation table from these; one that cannot be built is refused
  // here, at start-up, not at the first report.
  if (auto noise_table = protect::PerturbationTable::make(noise.noise_max_deviation, noise.noise_variance); !noise_table) {
    return fail(ErrorCode::InvalidArgument, prefix + ": disclosure: " + noise_table.error().message());
  }
  if (config.metrics.enabled && config.listen.port != 0 && config.metrics.port == config.listen.port &&
      config.metrics.address == config.listen.address) {
    return fail(ErrorCode::InvalidArgument, prefix + ": metrics.port: " + std::to_string(config.metrics.port) +
                                                " is the same as listen.port");
  }

  for (auto* each : {&p.db, &p.db_key_file, &p.tls_cert_chain, &p.tls_key, &p.client_ca, &p.issuing_ca_cert,
                     &p.issuing_ca_key, &p.crl}) {
    resolve(*each, base_dir);
  }
  return config;
}

Result<Config> load_config(const std::filesystem::path& file) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) return fail(ErrorCode::NotFound, "cannot read config " + file.string() + ": " + ec.message());
  if (size > kMaxConfigFile) return fail(ErrorCode::InvalidArgument, "config " + file.string() + " is larger than 1 MiB");
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(ErrorCode::NotFound, "cannot read config " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  const auto base = std::filesystem::absolute(file, ec).parent_path();
  auto config = parse_config(text.str(), base, file.string());
  if (!config) return config;
  config->source = file;
  return config;
}

std::string config_reference() {
  Config defaults;
  const Table table = make_table(defaults);
  const toml::table written = toml::parse(to_toml(defaults));
  std::ostringstream out;
  out << "# Configuration reference\n\n"
         "<!-- Generated by `vrs-server config reference` from the table the server parses its\n"
         "     configuration with; a test fails when this file differs. Do not edit by hand. -->\n\n"
         "`vrs-server` reads one TOML file (`vrs-server run --config FILE`; `vrs-server init` writes\n"
         "one with every key). Every key has the default below. An unknown section or key is an\n"
         "error naming it, and so is a value outside its range; relative paths resolve against the\n"
         "directory of the file. `vrs-server config check --config FILE` checks a file without\n"
         "starting anything.\n";
  for (const auto& section : table) {
    out << "\n## [" << section.name << "]\n\n" << section.about << "\n\n| key | default | values | effect |\n|---|---|---|---|\n";
    for (const auto& [key, field] : section.keys) {
      const auto* node = written.at_path(section.name + "." + key).node();
      std::string value = node != nullptr ? show(*node) : std::string("unset");
      out << "| `" << key << "` | `" << value << "` | " << field.range << " | " << field.effect << " |\n";
    }
  }
  out << "\n## [regions]\n\n"
         "Named regions besides the built-in `bali_process` and `all`: `name = [\"AUS\", \"IDN\", ...]`,\n"
         "reporting states as ISO 3166-1 alpha-3 codes. A name is 1 to 64 of `a-z 0-9 _ -`; at most\n"
         "100 regions of 1 to 300 states. A region named `bali_process` replaces the preset.\n"
         "\n## [fx]\n\n"
         "US dollars per unit of a currency, by year or month: a table `[fx.EUR]` of `\"2025\" = 1.08`\n"
         "or `\"2025-03\" = 1.09` (the month wins over the year); each rate 1e-9 to 1e9, at most 2000\n"
         "per currency. An observation in a currency without a rate for its month or year has no USD\n"
         "value (docs/reports.md).\n";
  return out.str();
}

std::string to_toml(const Config& c) {
  auto q = [](const std::filesystem::path& p) {
    // Paths written by init are plain; escape the two characters TOML basic strings need.
    std::string out = "\"";
    for (const char ch : p.string()) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    return out + "\"";
  };
  const char* level = "info";
  switch (c.log_level) {
    case LogLevel::Debug: level = "debug"; break;
    case LogLevel::Info: level = "info"; break;
    case LogLevel::Warn: level = "warn"; break;
    case LogLevel::Error: level = "error"; break;
    case LogLevel::Off: level = "off"; break;
  }
  std::ostringstream out;
  out << "# vrs-server configuration (every key: docs/configuration.md). Relative paths are\n"
         "# resolved against the directory of this file.\n\n";
  out << "[listen]\naddress = \"" << c.listen.address << "\"\nport = " << c.listen.port
      << "\nthreads = " << c.listen.threads << "\nworker_threads = " << c.listen.worker_threads << "\n\n";
  out << "[metrics]\nenabled = " << (c.metrics.enabled ? "true" : "false") << "\naddress = \"" << c.metrics.address
      << "\"\nport = " << c.metrics.port << "\n\n";
  out << "[paths]\ndb = " << q(c.paths.db) << "\n";
  if (!c.paths.db_key_file.empty()) out << "db_key_file = " << q(c.paths.db_key_file) << "\n";
  if (!c.paths.db_passphrase_env.empty()) out << "db_passphrase_env = \"" << c.paths.db_passphrase_env << "\"\n";
  if (c.paths.db_passphrase_stdin) out << "db_passphrase_stdin = true\n";
  out << "tls_cert_chain = " << q(c.paths.tls_cert_chain) << "\ntls_key = " << q(c.paths.tls_key)
      << "\nclient_ca = " << q(c.paths.client_ca) << "\nissuing_ca_cert = " << q(c.paths.issuing_ca_cert)
      << "\nissuing_ca_key = " << q(c.paths.issuing_ca_key) << "\ncrl = " << q(c.paths.crl) << "\n\n";
  const auto& l = c.limits;
  out << "[limits]\nmax_header_bytes = " << l.max_header_bytes << "\nmax_body_bytes = " << l.max_body_bytes
      << "\nmax_submission_bytes = " << l.max_submission_bytes
      << "\nhandshake_timeout_ms = " << l.handshake_timeout.count() << "\nread_timeout_ms = " << l.read_timeout.count()
      << "\nidle_timeout_ms = " << l.idle_timeout.count() << "\nmax_connections = " << l.max_connections
      << "\nmax_connections_per_member = " << l.max_connections_per_member
      << "\nmax_connections_per_source = " << l.max_connections_per_source
      << "\nmax_handshakes_per_source = " << l.max_handshakes_per_source
      << "\nrequests_per_second_per_member = " << l.requests_per_second_per_member
      << "\nmax_analyses_per_member = " << l.max_analyses_per_member
      << "\ndrain_timeout_ms = " << l.drain_timeout.count() << "\n\n";
  out << "[tls]\nallow_tls12 = " << (c.tls.allow_tls12 ? "true" : "false") << "\n\n";
  const auto& d = c.disclosure;
  const char* rule = d.reciprocity == DisclosureConfig::Reciprocity::Year     ? "year"
                     : d.reciprocity == DisclosureConfig::Reciprocity::Period ? "period"
                                                                             : "off";
  out << "# Disclosure control (docs/disclosure.md): k persons per role, incidents per cell, fee rules,\n"
         "# reciprocity = year | period | off, which roles see cell-key noise on the others' figures and\n"
         "# the noise's largest deviation and variance (at most the deviation squared).\n";
  out << "[disclosure]\nk_reporter = " << d.k_reporter << "\nk_analyst = " << d.k_analyst
      << "\nmin_incidents = " << d.min_incidents << "\nfee_min_persons = " << d.fee_min_persons
      << "\nfee_min_incidents = " << d.fee_min_incidents << "\nfee_max_share = " << d.fee_max_share
      << "\nfee_rounding = " << d.fee_rounding << "\nreciprocity = \"" << rule << "\""
      << "\nperturb_reporters = " << (d.perturb_reporters ? "true" : "false")
      << "\nperturb_analysts = " << (d.perturb_analysts ? "true" : "false")
      << "\nnoise_max_deviation = " << d.noise_max_deviation << "\nnoise_variance = " << d.noise_variance
      << "\ngive_back_effort = " << d.give_back_effort << "\n\n";
  out << "[analysis]\nmax_queue = " << c.analysis.max_queue << "\n\n";
  out << "[envelope]\naccept_v1_until = \"" << c.envelope.accept_v1_until << "\"\n\n";
  out << "# A retired sealing key still opens envelopes for this many days (docs/operations.md).\n[keys]\n"
         "sealing_grace_days = " << c.keys.sealing_grace_days << "\n\n";
  out << "# Regions: name = [reporting states]. 'bali_process' and 'all' are built in; a region named\n"
         "# bali_process here replaces the preset.\n[regions]\n";
  for (const auto& [name, states] : c.regions.regions) {
    out << name << " = [";
    for (std::size_t i = 0; i < states.size(); ++i) out << (i ? ", " : "") << '"' << states[i] << '"';
    out << "]\n";
  }
  out << "\n# US dollars per unit, by year (\"2025\") or month (\"2025-03\", wins over the year):\n"
         "# [fx.EUR]\n# \"2025\" = 1.08\n";
  for (const auto& [currency, rates] : c.fx) {
    out << "[fx." << currency << "]\n";
    for (const auto& [period, rate] : rates) out << '"' << period << "\" = " << rate << "\n";
  }
  out << "\n[log]\nlevel = \"" << level << "\"\n";
  return out.str();
}

}  // namespace vrs::server
