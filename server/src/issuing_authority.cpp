#include "vrs/server/issuing_authority.hpp"

#include <openssl/x509.h>

#include "vrs/common/text_file.hpp"

namespace vrs::server {

IssuingAuthority::IssuingAuthority(certs::Certificate cert, certs::PrivateKey key, std::string chain_pem,
                                   std::filesystem::path crl_path)
    : cert_(std::move(cert)), key_(std::move(key)), chain_pem_(std::move(chain_pem)), crl_path_(std::move(crl_path)) {}

Result<std::shared_ptr<IssuingAuthority>> IssuingAuthority::load(const PathsConfig& paths) {
  auto cert = certs::Certificate::load(paths.issuing_ca_cert);
  if (!cert) return fail(cert.error());
  if (!cert->is_ca()) return fail(ErrorCode::InvalidArgument, paths.issuing_ca_cert.string() + " is not a CA certificate");
  VRS_TRY(auto key, certs::PrivateKey::load(paths.issuing_ca_key));
  if (X509_check_private_key(cert->native(), key.native()) != 1) {
    return fail(ErrorCode::InvalidArgument,
                paths.issuing_ca_key.string() + " is not the key of " + paths.issuing_ca_cert.string());
  }
  VRS_TRY(auto chain, read_text_file(paths.client_ca, kMaxPemFileBytes));
  auto bundle = certs::Certificate::load_bundle(chain);
  if (!bundle) return fail(bundle.error().with_context(paths.client_ca.string()));
  auto authority = std::make_shared<IssuingAuthority>(std::move(*cert), std::move(key), std::move(chain), paths.crl);
  VRS_TRY_VOID(authority->reload_crl());
  return authority;
}

Result<certs::Certificate> IssuingAuthority::sign(const certs::Csr& csr, const certs::Identity& identity,
                                                  std::chrono::days days) const {
  return certs::sign_member_csr(cert_, key_, csr, identity, certs::Validity::from_now(days));
}

Result<std::string> IssuingAuthority::build_crl(const std::vector<certs::RevokedEntry>& revoked,
                                                std::uint64_t number) const {
  VRS_TRY(auto crl, certs::Crl::build(cert_, key_, revoked, number));
  return crl.to_pem();
}

Result<void> IssuingAuthority::publish_crl(const std::string& pem) {
  VRS_TRY(auto crl, certs::Crl::from_pem(pem));
  VRS_TRY_VOID(write_file_atomically(crl_path_, pem, 0644));
  std::lock_guard lock(mutex_);
  crl_pem_ = pem;
  crl_next_update_ = crl.next_update();
  return {};
}

Result<void> IssuingAuthority::reload_crl() {
  VRS_TRY(auto text, read_text_file(crl_path_, kMaxPemFileBytes));
  auto crl = certs::Crl::from_pem(text);
  if (!crl) return fail(crl.error().with_context(crl_path_.string()));
  if (!crl->verify(cert_)) {
    return fail(ErrorCode::InvalidArgument, crl_path_.string() + " is not signed by the issuing CA");
  }
  std::lock_guard lock(mutex_);
  crl_pem_ = std::move(text);
  crl_next_update_ = crl->next_update();
  return {};
}

std::string IssuingAuthority::crl_pem() const {
  std::lock_guard lock(mutex_);
  return crl_pem_;
}

certs::SysTime IssuingAuthority::crl_next_update() const {
  std::lock_guard lock(mutex_);
  return crl_next_update_;
}

}  // namespace vrs::server
