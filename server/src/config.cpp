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
Setter integer(T& out, std::int64_t min, std::int64_t max) {
  return [&out, min, max](const toml::node& node, const std::string& key) -> Result<void> {
    auto v = node.value_exact<std::int64_t>();
    if (!v) return fail(bad(key, node, "is not an integer"));
    if (*v < min || *v > max) {
      return fail(bad(key, node, "is not in [" + std::to_string(min) + ", " + std::to_string(max) + "]"));
    }
    out = static_cast<T>(*v);
    return {};
  };
}

Setter millis(std::chrono::milliseconds& out, std::int64_t min, std::int64_t max) {
  return [&out, min, max](const toml::node& node, const std::string& key) -> Result<void> {
    std::int64_t v = 0;
    VRS_TRY_VOID(integer(v, min, max)(node, key));
    out = std::chrono::milliseconds(v);
    return {};
  };
}

Setter number(double& out, double min, double max) {
  return [&out, min, max](const toml::node& node, const std::string& key) -> Result<void> {
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
  };
}

Setter boolean(bool& out) {
  return [&out](const toml::node& node, const std::string& key) -> Result<void> {
    auto v = node.value_exact<bool>();
    if (!v) return fail(bad(key, node, "is not true or false"));
    out = *v;
    return {};
  };
}

Setter string(std::string& out, std::function<Result<void>(const std::string&)> check = {}) {
  return [&out, check](const toml::node& node, const std::string& key) -> Result<void> {
    auto v = node.value_exact<std::string>();
    if (!v) return fail(bad(key, node, "is not a string"));
    if (check) {
      if (auto ok = check(*v); !ok) return fail(bad(key, node, ok.error().message()));
    }
    out = *v;
    return {};
  };
}

Setter path(std::filesystem::path& out, bool may_be_empty = false) {
  return [&out, may_be_empty](const toml::node& node, const std::string& key) -> Result<void> {
    auto v = node.value_exact<std::string>();
    if (!v) return fail(bad(key, node, "is not a string"));
    if (v->empty() && !may_be_empty) return fail(bad(key, node, "is empty"));
    if (v->find('\0') != std::string::npos) return fail(bad(key, node, "contains a NUL byte"));
    out = *v;
    return {};
  };
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

Setter log_level(LogLevel& out) {
  return [&out](const toml::node& node, const std::string& key) -> Result<void> {
    auto v = node.value_exact<std::string>();
    if (!v || !parse_log_level(*v, out)) return fail(bad(key, node, "is not one of debug, info, warn, error, off"));
    return {};
  };
}

Setter reciprocity(DisclosureConfig::Reciprocity& out) {
  return [&out](const toml::node& node, const std::string& key) -> Result<void> {
    auto v = node.value_exact<std::string>();
    if (v && *v == "year") out = DisclosureConfig::Reciprocity::Year;
    else if (v && *v == "period") out = DisclosureConfig::Reciprocity::Period;
    else if (v && *v == "off") out = DisclosureConfig::Reciprocity::Off;
    else return fail(bad(key, node, "is not one of year, period, off"));
    return {};
  };
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
      VRS_TRY_VOID(number(rate, 1e-9, 1e9)(rate_node, rate_key));
      out[currency][period] = rate;
    }
  }
  return {};
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
  const std::map<std::string, std::map<std::string, Setter>> table{
      {"listen",
       {{"address", string(config.listen.address, check_address)},
        {"port", integer(config.listen.port, 0, 65535)},
        {"threads", integer(config.listen.threads, 1, 256)},
        {"worker_threads", integer(config.listen.worker_threads, 1, 256)}}},
      {"metrics",
       {{"enabled", boolean(config.metrics.enabled)},
        {"address", string(config.metrics.address, check_address)},
        {"port", integer(config.metrics.port, 0, 65535)}}},
      {"paths",
       {{"db", path(config.paths.db)},
        {"db_key_file", path(config.paths.db_key_file, true)},
        {"db_passphrase_env", string(config.paths.db_passphrase_env, check_env_name)},
        {"db_passphrase_stdin", boolean(config.paths.db_passphrase_stdin)},
        {"tls_cert_chain", path(config.paths.tls_cert_chain)},
        {"tls_key", path(config.paths.tls_key)},
        {"client_ca", path(config.paths.client_ca)},
        {"issuing_ca_cert", path(config.paths.issuing_ca_cert)},
        {"issuing_ca_key", path(config.paths.issuing_ca_key)},
        {"crl", path(config.paths.crl)}}},
      {"limits",
       {{"max_header_bytes", integer(l.max_header_bytes, 1024, 1024 * 1024)},
        {"max_body_bytes", integer(l.max_body_bytes, 1024, 64 * 1024 * 1024)},
        {"max_submission_bytes", integer(l.max_submission_bytes, 1024, 64 * 1024 * 1024)},
        {"handshake_timeout_ms", millis(l.handshake_timeout, 100, 600000)},
        {"read_timeout_ms", millis(l.read_timeout, 100, 600000)},
        {"idle_timeout_ms", millis(l.idle_timeout, 100, 3600000)},
        {"max_connections", integer(l.max_connections, 1, 1000000)},
        {"max_connections_per_member", integer(l.max_connections_per_member, 1, 1000000)},
        {"max_connections_per_source", integer(l.max_connections_per_source, 1, 1000000)},
        {"max_handshakes_per_source", integer(l.max_handshakes_per_source, 1, 1000000)},
        {"requests_per_second_per_member", number(l.requests_per_second_per_member, 0.01, 1000000)},
        {"max_analyses_per_member", integer(l.max_analyses_per_member, 1, 1000)},
        {"drain_timeout_ms", millis(l.drain_timeout, 0, 600000)}}},
      {"tls", {{"allow_tls12", boolean(config.tls.allow_tls12)}}},
      {"disclosure",
       {{"k_reporter", integer(config.disclosure.k_reporter, 1, 1000)},
        {"k_analyst", integer(config.disclosure.k_analyst, 1, 1000)},
        {"min_incidents", integer(config.disclosure.min_incidents, 1, 1000)},
        {"fee_min_persons", integer(config.disclosure.fee_min_persons, 1, 100000)},
        {"fee_min_incidents", integer(config.disclosure.fee_min_incidents, 1, 100000)},
        {"fee_max_share", number(config.disclosure.fee_max_share, 0.01, 1)},
        {"fee_rounding", integer(config.disclosure.fee_rounding, 1, 1000000)},
        {"reciprocity", reciprocity(config.disclosure.reciprocity)},
        {"perturb_reporters", boolean(config.disclosure.perturb_reporters)},
        {"perturb_analysts", boolean(config.disclosure.perturb_analysts)},
        {"noise_max_deviation", integer(config.disclosure.noise_max_deviation, 1, 20)},
        {"noise_variance", number(config.disclosure.noise_variance, 0.1, 400)},
        {"give_back_effort", integer(config.disclosure.give_back_effort, 0, 20)}}},
      {"analysis",
       {{"max_queue", integer(config.analysis.max_queue, 1, 10000)}}},
      {"envelope",
       {{"accept_v1_until", string(config.envelope.accept_v1_until, check_v1_until)}}},
      {"keys", {{"sealing_grace_days", integer(config.keys.sealing_grace_days, 0, 3650)}}},
      {"log", {{"level", log_level(config.log_level)}}},
  };

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
    auto found = table.find(section);
    if (found == table.end()) return fail(ErrorCode::InvalidArgument, prefix + ": unknown key '" + section + "'");
    const auto* section_table = section_node.as_table();
    if (section_table == nullptr) {
      return fail(ErrorCode::InvalidArgument, prefix + ": " + section + " must be a table ([" + section + "])");
    }
    for (const auto& [key_name, node] : *section_table) {
      const std::string key = section + "." + std::string(key_name.str());
      auto setter = found->second.find(std::string(key_name.str()));
      if (setter == found->second.end()) return fail(ErrorCode::InvalidArgument, prefix + ": unknown key '" + key + "'");
      if (auto ok = setter->second(node, key); !ok) return fail(ok.error().with_context(prefix));
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
  out << "# vrs-server configuration (see server/include/vrs/server/config.hpp). Relative paths are\n"
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
