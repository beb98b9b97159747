#include "vrs/client/commands/enroll_command.hpp"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <vector>

#include "commands/command.hpp"
#include "vrs/schema/api/json_reader.hpp"
#include "vrs/certs/csr.hpp"
#include "vrs/client/commands/cli_options.hpp"
#include "vrs/client/commands/failure.hpp"
#include "vrs/common/text_file.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/hash.hpp"
#include "vrs/crypto/key_file.hpp"
#include "vrs/crypto/sign.hpp"
#include "vrs/schema/api/enrol_proof.hpp"

namespace vrs::client::commands {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace vrs::client::net;

// ---------------------------------------------------------------------------------------------
// enrol-request.json

std::string to_json(const EnrolRequest& request) {
  json::object o{{"member_id", request.member_id}, {"csr", request.csr}, {"signing_key", request.signing_key}};
  if (request.proof) o["proof"] = *request.proof;
  return json::serialize(o) + "\n";
}

Result<EnrolRequest> parse_enrol_request(std::string_view text) {
  VRS_TRY(auto object, schema::api::parse_object(text, "enrol request"));
  for (const auto& item : object) {
    const std::string_view key(item.key().data(), item.key().size());
    if (key != "member_id" && key != "csr" && key != "signing_key" && key != "proof") {
      return fail(ErrorCode::InvalidArgument, "enrol request: unknown field \"" + std::string(key) + "\"");
    }
  }
  const schema::api::Reader reader(object, "enrol request");
  EnrolRequest out;
  VRS_TRY_VOID(reader.strings({{"member_id", &out.member_id}, {"csr", &out.csr}, {"signing_key", &out.signing_key}}));
  if (object.contains("proof")) {
    VRS_TRY(auto proof, reader.string("proof"));
    if (auto parsed = schema::api::parse_enrol_proof(proof); !parsed) return fail(parsed.error().with_context("enrol request"));
    out.proof = std::move(proof);
  }

  auto member = certs::parse_member_id(out.member_id);
  if (!member) return fail(member.error().with_context("enrol request: member_id"));
  if (out.csr.size() > certs::kMaxCsrPem) return fail(ErrorCode::InvalidArgument, "enrol request: csr is too large");
  auto csr = certs::Csr::from_pem(out.csr);
  if (!csr) return fail(csr.error().with_context("enrol request: csr"));
  // The authority binds the member id it is told, but a CSR made for someone else is a mix-up.
  if (csr->common_name() != out.member_id) {
    return fail(ErrorCode::InvalidArgument,
                "enrol request: the CSR is for \"" + csr->common_name() + "\", not for member_id \"" + out.member_id + "\"");
  }
  auto key = crypto::from_base64(out.signing_key);
  if (!key || key->size() != crypto::Ed25519PublicKey{}.size()) {
    return fail(ErrorCode::InvalidArgument, "enrol request: signing_key must be the base64 of a 32-byte Ed25519 public key");
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// enroll

namespace {

bool exists_no_follow(const fs::path& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

// Removes the files an interrupted enrolment wrote, so it can simply be run again.
class Rollback {
 public:
  Rollback() = default;
  Rollback(const Rollback&) = delete;
  Rollback& operator=(const Rollback&) = delete;
  ~Rollback() {
    if (committed_) return;
    for (const auto& path : paths_) {
      std::error_code ignored;
      fs::remove(path, ignored);
    }
  }
  void add(fs::path path) { paths_.push_back(std::move(path)); }
  void commit() noexcept { committed_ = true; }

 private:
  std::vector<fs::path> paths_;
  bool committed_ = false;
};

}  // namespace

Result<EnrollOutcome> enroll(const EnrollOptions& options) {
  auto member = certs::parse_member_id(options.member);
  if (!member) return fail(member.error().with_context("--member"));
  VRS_TRY_VOID(parse_server_url(options.server));

  VRS_TRY(auto profile, Profile::create(options.home));
  for (const auto& path : {profile.tls_key_path(), profile.signing_key_path()}) {
    if (exists_no_follow(path)) {
      return fail(ErrorCode::AlreadyExists, "profile " + options.home.string() + " already has " + path.filename().string() +
                                                "; keys are never overwritten (enrol in another --home, or move the old keys away)");
    }
  }

  Rollback rollback;
  auto tls_key = certs::PrivateKey::generate(options.key_type);
  if (!tls_key) return fail(tls_key.error().with_context("generating the TLS key"));
  VRS_TRY_VOID(tls_key->save(profile.tls_key_path()));
  rollback.add(profile.tls_key_path());

  auto signing_key = crypto::SigningKey::generate();
  if (!signing_key) return fail(signing_key.error().with_context("generating the signing key"));
  VRS_TRY_VOID(crypto::write_secret_file(profile.signing_key_path(), signing_key->seed(), crypto::Overwrite::No));
  rollback.add(profile.signing_key_path());

  auto csr = certs::Csr::create(*tls_key, *member);
  if (!csr) return fail(csr.error().with_context("making the CSR"));
  VRS_TRY(const auto spki, tls_key->public_key_der());

  EnrollOutcome outcome;
  outcome.request = EnrolRequest{member->str(), csr->to_pem(), crypto::to_base64(signing_key->public_key()), std::nullopt};
  outcome.request_path = profile.enrol_request_path();
  outcome.tls_key_sha256 = crypto::to_hex(crypto::sha256(spki));

  VRS_TRY_VOID(write_file_atomically(outcome.request_path, to_json(outcome.request), 0644));
  rollback.add(outcome.request_path);
  VRS_TRY_VOID(profile.save_config(ClientConfig{options.server, member->str()}));
  rollback.commit();
  return outcome;
}

Result<EnrollOutcome> renew(const fs::path& home, certs::KeyType key_type) {
  VRS_TRY(auto profile, Profile::open(home));
  VRS_TRY_VOID(profile.require_installed());
  VRS_TRY(const auto member, certs::parse_member_id(profile.config()->member));
  VRS_TRY(const auto signing, profile.signing_key());
  const fs::path next = profile.next_tls_key_path();
  if (exists_no_follow(next)) {
    return fail(ErrorCode::AlreadyExists, next.string() + " exists: a renewal already waits for its bundle "
                                          "(install it, or remove that file to start again)");
  }
  Rollback rollback;
  auto tls_key = certs::PrivateKey::generate(key_type);
  if (!tls_key) return fail(tls_key.error().with_context("generating the TLS key"));
  VRS_TRY_VOID(tls_key->save(next));
  rollback.add(next);
  auto csr = certs::Csr::create(*tls_key, member);
  if (!csr) return fail(csr.error().with_context("making the CSR"));
  VRS_TRY(const auto spki, tls_key->public_key_der());
  EnrollOutcome outcome;
  outcome.request.member_id = member.str();
  outcome.request.csr = csr->to_pem();
  outcome.request.signing_key = crypto::to_base64(signing.public_key());
  VRS_TRY(auto proof, schema::api::make_enrol_proof(signing, outcome.request.member_id, outcome.request.csr,
                                                    outcome.request.signing_key));
  outcome.request.proof = std::move(proof);
  outcome.request_path = profile.enrol_request_path();
  outcome.tls_key_sha256 = crypto::to_hex(crypto::sha256(spki));
  VRS_TRY_VOID(write_file_atomically(outcome.request_path, to_json(outcome.request), 0644));
  rollback.commit();
  return outcome;
}

// ---------------------------------------------------------------------------------------------
// install

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

std::string canonical_serial(std::string_view serial) {
  std::string out = lower(serial);
  const auto first = out.find_first_not_of('0');
  return first == std::string::npos ? std::string("0") : out.substr(first);
}

Result<crypto::Bytes> certificate_spki(const certs::Certificate& cert) {
  EVP_PKEY* key = X509_get0_pubkey(cert.native());
  if (key == nullptr) return fail(ErrorCode::InvalidArgument, "the bundle's certificate has no usable public key");
  const int len = i2d_PUBKEY(key, nullptr);
  if (len <= 0) return fail(ErrorCode::InvalidArgument, "cannot encode the certificate's public key");
  crypto::Bytes der(static_cast<std::size_t>(len));
  unsigned char* p = der.data();
  if (i2d_PUBKEY(key, &p) != len) return fail(ErrorCode::Internal, "cannot encode the certificate's public key");
  return der;
}

bool self_signed(const certs::Certificate& cert) {
  return X509_check_issued(cert.native(), cert.native()) == X509_V_OK;
}

// OpenSSL's verifier: leaf → intermediates → a self-signed root of the bundle, purpose TLS client.
Result<void> verify_chain(const certs::Certificate& leaf, const std::vector<certs::Certificate>& chain) {
  struct StoreFree {
    void operator()(X509_STORE* s) const noexcept { X509_STORE_free(s); }
  };
  struct CtxFree {
    void operator()(X509_STORE_CTX* c) const noexcept { X509_STORE_CTX_free(c); }
  };
  struct StackFree {
    void operator()(STACK_OF(X509) * s) const noexcept { sk_X509_free(s); }
  };
  std::unique_ptr<X509_STORE, StoreFree> store(X509_STORE_new());
  std::unique_ptr<STACK_OF(X509), StackFree> untrusted(sk_X509_new_null());
  std::unique_ptr<X509_STORE_CTX, CtxFree> ctx(X509_STORE_CTX_new());
  if (!store || !untrusted || !ctx) return fail(ErrorCode::ResourceExhausted, "out of memory verifying the bundle");
  for (const auto& cert : chain) {
    // X509_STORE_add_cert and sk_X509_push do not take ownership (the store up-refs).
    if (self_signed(cert)) {
      if (X509_STORE_add_cert(store.get(), cert.native()) != 1) {
        ERR_clear_error();
        return fail(ErrorCode::Internal, "cannot load the bundle's root CA");
      }
    } else if (sk_X509_push(untrusted.get(), cert.native()) <= 0) {
      return fail(ErrorCode::Internal, "cannot load the bundle's CA chain");
    }
  }
  if (X509_STORE_CTX_init(ctx.get(), store.get(), leaf.native(), untrusted.get()) != 1 ||
      X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_CLIENT) != 1) {
    ERR_clear_error();
    return fail(ErrorCode::Internal, "cannot set up certificate verification");
  }
  if (X509_verify_cert(ctx.get()) != 1) {
    const int err = X509_STORE_CTX_get_error(ctx.get());
    ERR_clear_error();
    return fail(ErrorCode::FailedPrecondition, std::string("the bundle's certificate does not chain to its ca_chain: ") +
                                                   X509_verify_cert_error_string(err));
  }
  return {};
}

}  // namespace

Result<InstalledCertificate> check_bundle(const CertificateBundle& bundle, const certs::PrivateKey& key,
                                          const certs::MemberId& member) {
  auto cert = certs::Certificate::from_pem(bundle.certificate);
  if (!cert) return fail(cert.error().with_context("bundle: certificate"));
  auto chain = certs::Certificate::load_bundle(bundle.ca_chain);
  if (!chain) return fail(chain.error().with_context("bundle: ca_chain"));
  for (const auto& ca : *chain) {
    if (!ca.is_ca()) return fail(ErrorCode::InvalidArgument, "bundle: ca_chain holds a certificate that is not a CA: " + ca.subject());
  }
  if (!self_signed(chain->back())) {
    return fail(ErrorCode::InvalidArgument, "bundle: ca_chain does not end with a self-signed root CA");
  }

  const auto identity = cert->identity();
  if (!identity) return fail(ErrorCode::InvalidArgument, "bundle: the certificate is not a VRS member certificate");
  if (!(identity->member == member)) {
    return fail(ErrorCode::FailedPrecondition,
                "bundle: the certificate is for member " + identity->member.str() + ", but this profile is " + member.str());
  }
  if (bundle.member_id != identity->member.str()) {
    return fail(ErrorCode::InvalidArgument, "bundle: member_id \"" + bundle.member_id + "\" differs from its certificate's " +
                                                identity->member.str());
  }
  if (bundle.role != certs::to_string(identity->role)) {
    return fail(ErrorCode::InvalidArgument,
                "bundle: role \"" + bundle.role + "\" differs from its certificate's " + std::string(certs::to_string(identity->role)));
  }
  if (canonical_serial(bundle.serial) != canonical_serial(cert->serial_hex())) {
    return fail(ErrorCode::InvalidArgument, "bundle: serial " + bundle.serial + " differs from its certificate's " + cert->serial_hex());
  }
  if (lower(bundle.fingerprint_sha256) != cert->fingerprint_sha256()) {
    return fail(ErrorCode::InvalidArgument, "bundle: fingerprint_sha256 differs from its certificate's");
  }

  VRS_TRY(auto local, key.public_key_der());
  VRS_TRY(const auto remote, certificate_spki(*cert));
  if (local != remote) {
    return fail(ErrorCode::FailedPrecondition,
                "bundle: the certificate is not for this profile's key (tls.key); was the request made in another profile?");
  }
  VRS_TRY_VOID(verify_chain(*cert, *chain));
  return InstalledCertificate{*identity, cert->serial_hex(), cert->fingerprint_sha256(), cert->not_after()};
}

Result<std::string> parse_fingerprint(std::string_view text) {
  std::string out;
  bool ok = text.size() <= 200;
  for (const char c : text) {
    if (!ok) break;
    if (c == ':' || c == ' ') continue;
    const bool digit = c >= '0' && c <= '9', lower = c >= 'a' && c <= 'f', upper = c >= 'A' && c <= 'F';
    ok = digit || lower || upper;
    out += upper ? static_cast<char>(c - 'A' + 'a') : c;
  }
  if (!ok || out.size() != 64) {
    return fail(ErrorCode::InvalidArgument, "--ca-fingerprint: '" + printable(text, 120) +
                                                "' is not a SHA-256 fingerprint (64 hex digits, colons allowed)");
  }
  return out;
}

Result<std::string> bundle_root_fingerprint(const fs::path& bundle_file) {
  VRS_TRY(const auto text, read_text_file(bundle_file, kMaxProfileFileBytes));
  auto bundle = parse_certificate_bundle(text);
  if (!bundle) return fail(bundle.error().with_context(bundle_file.string()));
  auto chain = certs::Certificate::load_bundle(bundle->ca_chain);
  if (!chain || chain->empty()) {
    return fail(ErrorCode::InvalidArgument, bundle_file.string() + ": ca_chain holds no certificate");
  }
  return chain->back().fingerprint_sha256();
}

Result<InstalledCertificate> install(const fs::path& home, const fs::path& bundle_file,
                                     const std::optional<std::string>& ca_fingerprint) {
  std::optional<std::string> expected;
  if (ca_fingerprint) {
    VRS_TRY(auto parsed, parse_fingerprint(*ca_fingerprint));
    expected = std::move(parsed);
  }
  VRS_TRY(auto profile, Profile::open(home));
  VRS_TRY(const auto member, certs::parse_member_id(profile.config()->member));
  VRS_TRY(const auto text, read_text_file(bundle_file, kMaxProfileFileBytes));
  auto bundle = parse_certificate_bundle(text);
  if (!bundle) return fail(bundle.error().with_context(bundle_file.string()));
  // A renewal's bundle is for tls.key.next; a first enrolment's (or a repeated install's) for tls.key.
  bool renewal = false;
  Result<InstalledCertificate> installed = fail(ErrorCode::NotFound, "no key");
  if (exists_no_follow(profile.next_tls_key_path())) {
    VRS_TRY(const auto next_key, certs::PrivateKey::load(profile.next_tls_key_path()));
    installed = check_bundle(*bundle, next_key, member);
    renewal = installed.has_value();
  }
  if (!renewal) {
    VRS_TRY(const auto key, certs::PrivateKey::load(profile.tls_key_path()));
    installed = check_bundle(*bundle, key, member);
  }
  if (!installed) return fail(installed.error().with_context(bundle_file.string()));

  // Re-serialise what we checked (nothing else from the file reaches disk).
  auto chain = certs::Certificate::load_bundle(bundle->ca_chain);
  auto cert = certs::Certificate::from_pem(bundle->certificate);
  if (!chain || !cert) return fail(ErrorCode::Internal, "bundle changed while installing");
  const std::string root = chain->back().fingerprint_sha256();
  if (expected && *expected != root) {
    return fail(ErrorCode::FailedPrecondition, "--ca-fingerprint " + *expected + " is not the root CA of " +
                                                   bundle_file.string() + " (" + root +
                                                   "); do not install it before the administrator explains why");
  }
  // A renewal must come from the CA already pinned; a different root is refused, not re-pinned,
  // and a pin that cannot be read is an error (never silently replaced).
  if (fs::exists(profile.ca_chain_path())) {
    VRS_TRY(const auto pinned_text, read_text_file(profile.ca_chain_path(), kMaxProfileFileBytes));
    auto pinned = certs::Certificate::load_bundle(pinned_text);
    if (!pinned || pinned->empty()) {
      return fail(ErrorCode::FailedPrecondition,
                  "the pinned CA in " + profile.ca_chain_path().string() + " cannot be read (" +
                      (pinned ? std::string("no certificate") : pinned.error().message()) +
                      "); it is not replaced: find out why it changed, remove it, and install again with --ca-fingerprint");
    }
    if (pinned->back().fingerprint_sha256() != root) {
      return fail(ErrorCode::FailedPrecondition, bundle_file.string() + ": its root CA differs from the one pinned in " +
                                                     profile.ca_chain_path().string() +
                                                     "; if the VRS CA really changed, remove that file and install again");
    }
  } else if (!expected) {
    return fail(ErrorCode::FailedPrecondition,
                "the root CA of " + bundle_file.string() + " has SHA-256 fingerprint " + root +
                    "; check it with your VRS administrator by another channel (telephone), then run install again "
                    "with --ca-fingerprint " + root);
  }
  std::string chain_pem;
  for (const auto& ca : *chain) chain_pem += ca.to_pem();
  VRS_TRY_VOID(write_file_atomically(profile.ca_chain_path(), chain_pem, 0644));
  if (renewal) {
    // The new key first: should the certificate not follow, installing the bundle again matches
    // tls.key and finishes the job.
    std::error_code ec;
    fs::rename(profile.next_tls_key_path(), profile.tls_key_path(), ec);
    if (ec) return fail(ErrorCode::Internal, "cannot move " + profile.next_tls_key_path().string() + " to tls.key: " + ec.message());
  }
  VRS_TRY_VOID(write_file_atomically(profile.certificate_path(), cert->to_pem(), 0644));
  return installed;
}

// ---------------------------------------------------------------------------------------------
// Command wrappers

int run_enroll(const EnrollOptions& options, std::ostream& out, std::ostream& err) {
  auto outcome = options.renew ? renew(options.home, options.key_type) : enroll(options);
  if (!outcome) return command_failure(err, "enroll", outcome.error());
  const std::string home = options.home.string();
  if (options.renew) {
    out << "Renewal request for " << outcome->request.member_id << " written to " << outcome->request_path.string() << "\n"
        << "It carries a new TLS key (" << (options.home / "tls.key.next").string() << ", used once installed) and is\n"
        << "signed with your current signing key, so the administrator can issue it without anyone else.\n"
        << "Send that file to your VRS administrator. New TLS public key SHA-256: " << outcome->tls_key_sha256 << "\n"
        << "When bundle.json comes back: vrs-client install --home " << home << " bundle.json\n";
    return 0;
  }
  out << "Enrolment request for " << outcome->request.member_id << " written to " << outcome->request_path.string() << "\n"
      << "Send that file to your VRS administrator. It holds only your certificate request and your\n"
      << "public signing key; the private keys stay in " << home << " (tls.key, signing.key).\n"
      << "To confirm the request by telephone, read out:\n"
      << "  TLS public key SHA-256: " << outcome->tls_key_sha256 << "\n"
      << "  signing public key:     " << outcome->request.signing_key << "\n"
      << "When the administrator sends bundle.json back, ask for the VRS root CA's SHA-256\n"
      << "fingerprint by telephone and run:\n"
      << "  vrs-client install --home " << home << " --ca-fingerprint FINGERPRINT bundle.json\n";
  return 0;
}

int run_install(const fs::path& home, const fs::path& bundle_file, std::optional<std::string> ca_fingerprint,
                std::istream* in, std::ostream& out, std::ostream& err) {
  // A person at a terminal may confirm the fingerprint here instead of on the command line.
  if (!ca_fingerprint && in != nullptr && !fs::exists(home / "ca-chain.pem")) {
    auto root = bundle_root_fingerprint(bundle_file);
    if (!root) return command_failure(err, "install", root.error());
    out << "The VRS root CA in " << bundle_file.string() << " has SHA-256 fingerprint\n  " << *root << "\n"
        << "Check it with your VRS administrator by another channel. Pin it? Type yes to pin: " << std::flush;
    std::string answer;
    std::getline(*in, answer);
    if (answer != "yes") {
      return command_failure(err, "install", Error(ErrorCode::FailedPrecondition, "not confirmed; nothing was installed"));
    }
    ca_fingerprint = *root;
  }
  auto installed = install(home, bundle_file, ca_fingerprint);
  if (!installed) return command_failure(err, "install", installed.error());
  out << "Installed certificate " << installed->serial << " for " << installed->identity.member.str() << " (role "
      << certs::to_string(installed->identity.role) << "), valid until " << certs::format_time(installed->not_after) << "\n"
      << "Pinned the VRS CA chain in " << (home / "ca-chain.pem").string() << "\n"
      << "Check the connection with: vrs-client whoami --home " << home.string() << "\n";
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Command line

void add_enroll_command(CLI::App& app, int& exit_code) {
  struct Args {
    std::optional<std::string> home;
    EnrollOptions enroll;
    std::string key_type = "p256";
  };
  auto [cmd, args] = add_home_command<Args>(
      app, exit_code, "enroll",
      "Start enrolment: make this member's keys on this machine and an enrolment request.\n"
      "Writes into the profile directory: tls.key (TLS private key, 0600), signing.key (Ed25519\n"
      "signing key seed, 0600), client.toml (server URL, member id) and enrol-request.json\n"
      "({member_id, csr, signing_key}). Only enrol-request.json is sent to the administrator: it\n"
      "holds the certificate request and the public signing key, never a private key. Existing\n"
      "keys are never overwritten. Then run `vrs-client install` on the bundle you get back.\n"
      "To renew (before expiry, or for a new TLS key), run it with --renew in the installed profile:\n"
      "the request is signed with the member's signing key, its proof of consent (without it a\n"
      "certificate for an existing member needs two administrators, and the member is told).\n"
      "Exit status: 0 ok, 1 failure, 2 usage error.",
      [](const Args& a, const std::filesystem::path& home) {
        EnrollOptions options = a.enroll;
        options.home = home;
        options.key_type = a.key_type == "ed25519" ? certs::KeyType::Ed25519 : certs::KeyType::EcdsaP256;
        if (options.renew && (!options.member.empty() || !options.server.empty())) {
          return command_failure(std::cerr, "enroll",
                                 Error(ErrorCode::InvalidArgument, "--renew takes the member and server from the profile; "
                                                                   "drop --member and --server"),
                                 FailureKind::Usage);
        }
        if (!options.renew && (options.member.empty() || options.server.empty())) {
          return command_failure(std::cerr, "enroll",
                                 Error(ErrorCode::InvalidArgument, "--member and --server are required (or --renew)"),
                                 FailureKind::Usage);
        }
        return run_enroll(options, std::cout, std::cerr);
      });
  cmd.add_option("--member", args.enroll.member, "Member id: ISO 3166-1 alpha-3 state and agency, e.g. AUS-ABF");
  cmd.add_option("--server", args.enroll.server, "Server URL, https://HOST:PORT");
  cmd.add_flag("--renew", args.enroll.renew,
               "Renew from this installed profile: a new TLS key (tls.key.next until installed) and a request\n"
               "signed with the current signing key, which lets the administrator issue it alone");
  add_home_option(cmd, args.home);
  cmd.add_option("--key-type", args.key_type, "TLS key type")->check(CLI::IsMember({"p256", "ed25519"}))->capture_default_str();
}

void add_install_command(CLI::App& app, int& exit_code) {
  struct Args {
    std::optional<std::string> home;
    std::string bundle;
    std::optional<std::string> ca_fingerprint;
  };
  auto [cmd, args] = add_home_command<Args>(
      app, exit_code, "install",
      "Finish enrolment: install the administrator's bundle.json (certificate + CA chain).\n"
      "Checks that the certificate is for this profile's key (tls.key) and member id, and that it\n"
      "chains to the bundle's CA chain; then writes member.crt and ca-chain.pem (the only CA this\n"
      "client will trust). The first install pins the root CA only once you confirm its SHA-256\n"
      "fingerprint, checked with your administrator by another channel: --ca-fingerprint, or\n"
      "typing yes at the prompt when run at a terminal. A renewal from a different root CA is\n"
      "refused, and a pinned CA file that cannot be read is an error, never replaced.\n"
      "Exit status: 0 ok, 1 failure (naming the mismatch), 2 usage error.",
      [](const Args& a, const std::filesystem::path& home) {
        return run_install(home, a.bundle, a.ca_fingerprint, ::isatty(STDIN_FILENO) == 1 ? &std::cin : nullptr,
                           std::cout, std::cerr);
      });
  cmd.add_option("bundle", args.bundle, "bundle.json from the administrator")->required();
  cmd.add_option("--ca-fingerprint", args.ca_fingerprint,
                 "SHA-256 fingerprint of the VRS root CA to pin (hex, colons allowed), as the administrator read it out");
  add_home_option(cmd, args.home);
}

}  // namespace vrs::client::commands
