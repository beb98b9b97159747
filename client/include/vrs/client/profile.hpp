#pragma once
/// The client profile directory (`--home DIR`, else `$VRS_HOME`, else `~/.vrs`), mode 0700:
///
///   client.toml          server URL and member id (TOML; unknown keys are errors)
///   tls.key              the TLS private key (PKCS#8 PEM, 0600), made on this machine
///   signing.key          the Ed25519 signing key as its 32-byte seed (0600)
///   enrol-request.json   what the administrator needs: member id, CSR, signing public key
///   member.crt           the member certificate (after `vrs-client install`)
///   ca-chain.pem         the VRS CA chain (issuing + root), the only CA the client trusts
///   outbox.db            the outbox: submissions queued, sent, failed, and their receipts
///                        (SQLCipher, outbox.hpp)
///   outbox.key           its raw 32-byte key as hex (0600), made on first use
///   server-keys.json     the server's public sealing and receipt keys (GET /v1/keys, 0644)
///
/// Key files that group or others can read are refused. The directory itself is refused if
/// group or others can write to it (they could swap the files).
/// Thread-safety: a Profile is a value; concurrent writers to one directory are not coordinated.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "vrs/certs/identity.hpp"
#include "vrs/common/error.hpp"
#include "vrs/crypto/sign.hpp"

namespace vrs::client {

/// Contents of client.toml:
///   server = "https://vrs.example.org:8443"
///   member = "AUS-ABF"
struct ClientConfig {
  std::string server;  ///< https URL of the VRS server
  std::string member;  ///< member id, e.g. AUS-ABF
  friend bool operator==(const ClientConfig&, const ClientConfig&) = default;
};

/// Parses client.toml text. InvalidArgument naming the key for a missing/ill-typed key, an
/// unknown key, a bad member id or a server URL parse_server_url() refuses; TOML syntax errors
/// name the line.
Result<ClientConfig> parse_client_config(std::string_view text);
/// The TOML text for `config` (round-trips through parse_client_config).
std::string format_client_config(const ClientConfig& config);

/// Largest client.toml / enrol-request / bundle read.
inline constexpr std::size_t kMaxProfileFileBytes = 1 << 20;

class Profile {
 public:
  /// `explicit_home` if given, else $VRS_HOME if set and non-empty, else $HOME/.vrs.
  /// InvalidArgument if none can be determined.
  static Result<std::filesystem::path> resolve_home(const std::optional<std::filesystem::path>& explicit_home);

  /// Opens `home`, creating it (mode 0700, parents as needed) if missing. FailedPrecondition if
  /// it exists but is not a directory or is writable by group/others.
  static Result<Profile> create(const std::filesystem::path& home);
  /// Opens an existing profile and reads client.toml. NotFound (with a hint to run `enroll`)
  /// if the directory or client.toml is missing.
  static Result<Profile> open(const std::filesystem::path& home);

  [[nodiscard]] const std::filesystem::path& home() const noexcept { return home_; }
  [[nodiscard]] std::filesystem::path config_path() const { return home_ / "client.toml"; }
  [[nodiscard]] std::filesystem::path tls_key_path() const { return home_ / "tls.key"; }
  /// The TLS key of a renewal until its certificate is installed (`enroll --renew`).
  [[nodiscard]] std::filesystem::path next_tls_key_path() const { return home_ / "tls.key.next"; }
  [[nodiscard]] std::filesystem::path signing_key_path() const { return home_ / "signing.key"; }
  [[nodiscard]] std::filesystem::path enrol_request_path() const { return home_ / "enrol-request.json"; }
  [[nodiscard]] std::filesystem::path certificate_path() const { return home_ / "member.crt"; }
  [[nodiscard]] std::filesystem::path ca_chain_path() const { return home_ / "ca-chain.pem"; }
  [[nodiscard]] std::filesystem::path outbox_path() const { return home_ / "outbox.db"; }
  [[nodiscard]] std::filesystem::path outbox_key_path() const { return home_ / "outbox.key"; }
  [[nodiscard]] std::filesystem::path server_keys_path() const { return home_ / "server-keys.json"; }
  /// The transparency log head kept by the last `vrs-client log verify`.
  [[nodiscard]] std::filesystem::path log_head_path() const { return home_ / "log-head.json"; }

  /// Set by open() or save_config(); nullopt on a freshly created profile.
  [[nodiscard]] const std::optional<ClientConfig>& config() const noexcept { return config_; }
  /// Writes client.toml (0600, atomically, replacing it).
  Result<void> save_config(const ClientConfig& config);

  /// FailedPrecondition naming the missing file and the command that makes it, unless the
  /// profile has a certificate, its CA chain and the TLS key (mode 0600) — i.e. it was installed.
  [[nodiscard]] Result<void> require_installed() const;

  /// The member's Ed25519 signing key from signing.key (a 32-byte seed, mode 0600).
  /// NotFound naming `vrs-client enroll`, FailedPrecondition for a loose mode, InvalidArgument
  /// for another size.
  [[nodiscard]] Result<crypto::SigningKey> signing_key() const;

 private:
  explicit Profile(std::filesystem::path home) : home_(std::move(home)) {}
  std::filesystem::path home_;
  std::optional<ClientConfig> config_;
};

}  // namespace vrs::client
