#pragma once
/// The server configuration: one TOML file (every key: docs/configuration.md). Every setting has a
/// default; unknown sections and keys are errors naming the key; every value is validated and a
/// bad one is an error naming the key and the value. Relative paths are resolved against the
/// directory of the configuration file.
///
/// ```toml
/// [listen]   address = "127.0.0.1"  port = 8443  threads = 2  worker_threads = 2
/// [metrics]  address = "127.0.0.1"  port = 9180  enabled = true
/// [paths]    db = "vrs.db"  db_key_file = "vrs.db.key"   # or db_passphrase_env = "NAME"
///            # or db_passphrase_stdin = true
///            tls_cert_chain = "server-chain.pem"  tls_key = "server.key"
///            client_ca = "ca-chain.pem"  issuing_ca_cert = "issuing.crt"
///            issuing_ca_key = "issuing.key"  crl = "crl.pem"
/// [limits]   max_header_bytes = 8192  max_body_bytes = 1048576  max_submission_bytes = 16777216
///            handshake_timeout_ms = 10000
///            read_timeout_ms = 15000  idle_timeout_ms = 60000  max_connections = 1024
///            max_connections_per_member = 32  requests_per_second_per_member = 50
///            max_connections_per_source = 64  max_handshakes_per_source = 16
///            max_analyses_per_member = 2  drain_timeout_ms = 10000
/// [tls]      allow_tls12 = false
/// [disclosure] k_reporter = 5  k_analyst = 3  min_incidents = 2  fee_min_persons = 10
///            fee_min_incidents = 3  fee_max_share = 0.5  fee_rounding = 100
///            reciprocity = "year"  perturb_reporters = true  perturb_analysts = false
///            noise_max_deviation = 3  noise_variance = 2.0   # variance at most deviation²
///            give_back_effort = 1
/// [envelope] accept_v1_until = "2027-06-30"   # or "never"
/// [keys]     sealing_grace_days = 30
/// [log]      level = "info"
/// ```
///
/// Thread-safety: plain values; load functions are reentrant.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <map>
#include <vector>

#include "vrs/common/error.hpp"
#include "vrs/common/logging.hpp"

namespace vrs::server {

inline constexpr std::uint16_t kDefaultPort = 8443;
inline constexpr std::uint16_t kDefaultMetricsPort = 9180;

struct ListenConfig {
  std::string address = "127.0.0.1";
  std::uint16_t port = kDefaultPort;  ///< 0 = an ephemeral port (tests)
  unsigned threads = 2;               ///< I/O threads on the one io_context
  unsigned worker_threads = 2;        ///< open/verify/validate submissions (never I/O threads)
};

struct MetricsConfig {
  bool enabled = true;
  std::string address = "127.0.0.1";  ///< plain HTTP: keep it on loopback
  std::uint16_t port = kDefaultMetricsPort;
};

struct PathsConfig {
  std::filesystem::path db = "vrs.db";
  std::filesystem::path db_key_file = "vrs.db.key";  ///< empty when a passphrase is used
  std::string db_passphrase_env;                     ///< environment variable holding the passphrase
  bool db_passphrase_stdin = false;
  std::filesystem::path tls_cert_chain = "server-chain.pem";
  std::filesystem::path tls_key = "server.key";
  std::filesystem::path client_ca = "ca-chain.pem";
  std::filesystem::path issuing_ca_cert = "issuing.crt";
  std::filesystem::path issuing_ca_key = "issuing.key";
  std::filesystem::path crl = "crl.pem";
};

/// Limits that SIGHUP may change at run time.
struct Limits {
  std::size_t max_header_bytes = 8192;
  std::size_t max_body_bytes = 1024 * 1024;
  std::size_t max_submission_bytes = 16 * 1024 * 1024;  ///< body of POST /v1/submissions
  std::chrono::milliseconds handshake_timeout{10000};
  std::chrono::milliseconds read_timeout{15000};
  std::chrono::milliseconds idle_timeout{60000};
  std::size_t max_connections = 1024;
  std::size_t max_connections_per_member = 32;
  /// Per source address (IP): open connections, and TLS handshakes still in progress. A flood
  /// from one address cannot take the slots every other address needs.
  std::size_t max_connections_per_source = 64;
  std::size_t max_handshakes_per_source = 16;
  double requests_per_second_per_member = 50;  ///< token bucket, burst = 2x
  /// Analyses (reports) of one member queued or running at once: one member cannot fill the
  /// analysis queue that every member shares.
  std::size_t max_analyses_per_member = 2;
  std::chrono::milliseconds drain_timeout{10000};
};

struct TlsConfig {
  bool allow_tls12 = false;
};

/// Disclosure control and reciprocity (docs/reports.md; docs/architecture.md "Disclosure").
struct DisclosureConfig {
  std::int64_t k_reporter = 5;       ///< primary suppression: fewer persons than this is unsafe
  std::int64_t k_analyst = 3;
  std::int64_t min_incidents = 2;    ///< fewer contributing incidents than this is unsafe
  std::int64_t fee_min_persons = 10;
  std::int64_t fee_min_incidents = 3;
  double fee_max_share = 0.5;        ///< no incident may give more than this share of observations
  std::int64_t fee_rounding = 100;   ///< medians and quartiles rounded to this many units
  enum class Reciprocity { Year, Period, Off } reciprocity = Reciprocity::Year;
  /// Cell-key noise (docs/disclosure.md "Noise"): which roles see perturbed figures of the
  /// others' data, the largest deviation D and the variance V of the noise.
  bool perturb_reporters = true;
  bool perturb_analysts = false;
  std::int64_t noise_max_deviation = 3;
  double noise_variance = 2.0;
  /// How hard the server tries to give complements back (docs/disclosure.md step 5): it may
  /// solve this many times as many linear programs as the suppression did. 0: not at all.
  std::int64_t give_back_effort = 1;
};

/// Submission envelopes (docs/envelope.md): version 1 (whose signature does not name the
/// server) is accepted until the end of this UTC day, "YYYY-MM-DD", or never ("never").
struct EnvelopeConfig {
  std::string accept_v1_until = "2027-06-30";
  /// True if a version 1 envelope is accepted on `today` ("YYYY-MM-DD").
  [[nodiscard]] bool accepts_v1(std::string_view today) const noexcept {
    return accept_v1_until != "never" && today <= accept_v1_until;
  }
};

/// The server's own keys (docs/operations.md "Rotate keys").
struct KeysConfig {
  /// How long a sealing key still opens envelopes after `keys rotate --sealing` retired it.
  std::int64_t sealing_grace_days = 30;
};

/// Analysis engine: one thread with its own read-only connection, never the writer's.
struct AnalysisConfig {
  std::size_t max_queue = 16;  ///< analysis requests waiting; more get 503
};

/// Named regions (sets of reporting states) and USD rates per currency and period.
struct RegionsConfig {
  std::map<std::string, std::vector<std::string>> regions;  ///< besides the presets
};

/// fx[currency][period] = US dollars per unit; period "2025" or "2025-03" (the month wins).
using FxRates = std::map<std::string, std::map<std::string, double>>;

struct Config {
  ListenConfig listen;
  MetricsConfig metrics;
  PathsConfig paths;
  Limits limits;
  TlsConfig tls;
  DisclosureConfig disclosure;
  AnalysisConfig analysis;
  EnvelopeConfig envelope;
  KeysConfig keys;
  RegionsConfig regions;
  FxRates fx;
  LogLevel log_level = LogLevel::Info;
  std::filesystem::path source;  ///< the file it was read from (empty for defaults/text)
};

/// Parses TOML text. Relative paths are resolved against `base_dir` (when not empty).
/// InvalidArgument "<where>: unknown key 'limits.foo'" / "<where>: limits.max_body_bytes: 0 is
/// not in [1024, 67108864]" / TOML syntax errors with line and column.
Result<Config> parse_config(std::string_view toml_text, const std::filesystem::path& base_dir = {},
                            std::string_view where = "config");

/// Reads and parses a file (at most 1 MiB); relative paths resolve against its directory.
Result<Config> load_config(const std::filesystem::path& path);

/// docs/configuration.md: every section and key with its default, values and effect, made from
/// the same table parse_config uses (`vrs-server config reference` prints it).
std::string config_reference();

/// The TOML text of a configuration (all settings, paths as given), as `vrs-server init` writes.
std::string to_toml(const Config& config);

}  // namespace vrs::server
