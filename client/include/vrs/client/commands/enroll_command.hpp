#pragma once
/// `vrs-client enroll` and `vrs-client install` (docs/api.md, "Enrolment flow"): the member's
/// side of enrolment. Keys are made on this machine; only the CSR and the Ed25519 public key
/// leave it, in enrol-request.json. The administrator answers with a bundle (certificate + CA
/// chain) that `install` checks against the local key before pinning its CA.

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include "vrs/certs/certificate.hpp"
#include "vrs/certs/identity.hpp"
#include "vrs/certs/private_key.hpp"
#include "vrs/client/net/api.hpp"
#include "vrs/client/profile.hpp"
#include "vrs/common/error.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace vrs::client::commands {

/// enrol-request.json: {"member_id","csr","signing_key"} and, for a renewal, "proof".
struct EnrolRequest {
  std::string member_id;
  std::string csr;          ///< PEM
  std::string signing_key;  ///< base64 of the 32-byte Ed25519 public key
  /// base64 Ed25519 signature by the member's current signing key (schema/api/enrol_proof.hpp).
  std::optional<std::string> proof;
  friend bool operator==(const EnrolRequest&, const EnrolRequest&) = default;
};

std::string to_json(const EnrolRequest& request);
/// Parses and checks a request: the three string fields (and an optional "proof", 64 bytes
/// base64; the server checks its signature), a valid member id, a CSR that
/// parses and verifies (at most certs::kMaxCsrPem) and a signing key of 32 bytes. InvalidArgument
/// naming the field otherwise.
Result<EnrolRequest> parse_enrol_request(std::string_view json);

struct EnrollOptions {
  std::filesystem::path home;
  std::string member;
  std::string server;
  certs::KeyType key_type = certs::KeyType::EcdsaP256;
  /// A renewal from an installed profile: a new TLS key in tls.key.next, the request signed
  /// with the current signing key (kept). member and server come from the profile.
  bool renew = false;
};

struct EnrollOutcome {
  EnrolRequest request;
  std::filesystem::path request_path;
  std::string tls_key_sha256;  ///< SHA-256 of the TLS public key (SPKI DER), hex, to confirm out of band
};

/// Creates the profile if needed, then tls.key and signing.key (0600), client.toml and
/// enrol-request.json. AlreadyExists if the profile already has either key (nothing is
/// touched); InvalidArgument for a bad member id or server URL (checked before any file is
/// written). On a failure after the first key was written, the files written are removed.
Result<EnrollOutcome> enroll(const EnrollOptions& options);

/// The renewal: `home` must be an installed profile; writes tls.key.next (0600) and
/// enrol-request.json with the proof. AlreadyExists if tls.key.next exists (a renewal waits
/// for its bundle). install() then moves tls.key.next over tls.key.
Result<EnrollOutcome> renew(const std::filesystem::path& home, certs::KeyType key_type);

/// What install checked and wrote.
struct InstalledCertificate {
  certs::Identity identity;
  std::string serial;
  std::string fingerprint_sha256;
  certs::SysTime not_after;
};

/// The bundle checks, without touching files: the certificate parses, is a member certificate
/// for `member`, its public key is `key`'s, it chains (purpose TLS client, at the current time)
/// to the bundle's CA chain whose last certificate is a self-signed CA, and the bundle's
/// member_id, role, serial and fingerprint agree with the certificate. InvalidArgument /
/// FailedPrecondition naming the mismatch.
Result<InstalledCertificate> check_bundle(const net::CertificateBundle& bundle, const certs::PrivateKey& key,
                                          const certs::MemberId& member);

/// A SHA-256 fingerprint as typed (64 hex digits, any case, colons or spaces between pairs
/// allowed, as `openssl x509 -fingerprint -sha256` prints it), as lower-case hex.
/// InvalidArgument quoting the text otherwise.
Result<std::string> parse_fingerprint(std::string_view text);

/// The SHA-256 fingerprint of the root CA of a bundle file (the CA a first install would pin).
Result<std::string> bundle_root_fingerprint(const std::filesystem::path& bundle_file);

/// Reads the bundle file, checks it against the profile (tls.key and client.toml's member),
/// and writes member.crt and ca-chain.pem (0644, replacing earlier ones: a renewal).
/// The first install pins the bundle's root CA only when `ca_fingerprint` (checked out of
/// band with the administrator) is that root's; without it, FailedPrecondition naming the
/// fingerprint to check. A later install must come from the pinned root (and match
/// `ca_fingerprint` when given); a pinned file that cannot be read is an error, never
/// replaced.
Result<InstalledCertificate> install(const std::filesystem::path& home, const std::filesystem::path& bundle_file,
                                     const std::optional<std::string>& ca_fingerprint);

/// Command wrappers: print the outcome to `out`, one `vrs-client: ...` line to `err` on
/// failure. Exit 0 ok, 1 failure.
int run_enroll(const EnrollOptions& options, std::ostream& out, std::ostream& err);
/// Without `ca_fingerprint` on a first install, and with `in` a terminal, it shows the root's
/// fingerprint and pins it only after the person types "yes".
int run_install(const std::filesystem::path& home, const std::filesystem::path& bundle_file,
                std::optional<std::string> ca_fingerprint, std::istream* in, std::ostream& out, std::ostream& err);

void add_enroll_command(CLI::App& app, int& exit_code);
void add_install_command(CLI::App& app, int& exit_code);

}  // namespace vrs::client::commands
