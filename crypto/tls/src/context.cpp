#include "vrs/tls/context.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>

#include <array>
#include <cstdio>

#include "vrs/crypto/key_file.hpp"
#include "vrs/crypto/openssl_error.hpp"

namespace vrs::tls {
namespace {

// TLS 1.2 AEAD suites with forward secrecy only (used only when allow_tls12).
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305";
constexpr const char* kTls13Suites = "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256";

Result<void> common_setup(SSL_CTX* ctx, bool allow_tls12) {
  if (SSL_CTX_set_min_proto_version(ctx, allow_tls12 ? TLS1_2_VERSION : TLS1_3_VERSION) != 1 ||
      SSL_CTX_set_ciphersuites(ctx, kTls13Suites) != 1 || SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1) {
    return fail(crypto::openssl_error(ErrorCode::Internal, "cannot restrict TLS versions and suites"));
  }
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  return {};
}

Result<void> load_ca(SSL_CTX* ctx, const std::filesystem::path& ca) {
  if (SSL_CTX_load_verify_locations(ctx, ca.c_str(), nullptr) != 1) {
    return fail(crypto::openssl_error(ErrorCode::InvalidArgument, "cannot load CA bundle " + ca.string()));
  }
  return {};
}

Result<void> load_identity(SSL_CTX* ctx, const std::filesystem::path& chain, const std::filesystem::path& key) {
  VRS_TRY_VOID(crypto::check_secret_file_mode(key));
  if (SSL_CTX_use_certificate_chain_file(ctx, chain.c_str()) != 1) {
    return fail(crypto::openssl_error(ErrorCode::InvalidArgument, "cannot load certificate " + chain.string()));
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, key.c_str(), SSL_FILETYPE_PEM) != 1) {
    return fail(crypto::openssl_error(ErrorCode::InvalidArgument, "cannot load private key " + key.string()));
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    return fail(crypto::openssl_error(ErrorCode::InvalidArgument, "private key " + key.string() + " does not match " + chain.string()));
  }
  return {};
}

Result<void> load_crl(SSL_CTX* ctx, const std::filesystem::path& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return fail(ErrorCode::NotFound, "cannot read CRL " + path.string());
  X509_CRL* crl = PEM_read_X509_CRL(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  if (crl == nullptr) return fail(crypto::openssl_error(ErrorCode::InvalidArgument, "not a PEM CRL: " + path.string()));
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);
  const int added = X509_STORE_add_crl(store, crl);
  X509_CRL_free(crl);
  // CRL_CHECK: the leaf's issuer must have a CRL; the registry is checked on top of it.
  if (added != 1 || X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK) != 1) {
    return fail(crypto::openssl_error(ErrorCode::Internal, "cannot install CRL " + path.string()));
  }
  return {};
}

}  // namespace

Result<std::shared_ptr<ssl::context>> make_server_context(const ServerContextOptions& options) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = ctx->native_handle();
  VRS_TRY_VOID(common_setup(native, options.allow_tls12));
  VRS_TRY_VOID(load_identity(native, options.certificate_chain, options.private_key));
  VRS_TRY_VOID(load_ca(native, options.client_ca));
  if (options.crl) VRS_TRY_VOID(load_crl(native, *options.crl));
  SSL_CTX_set_verify(native, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  SSL_CTX_set_verify_depth(native, 3);
  // No resumption: every connection does a full handshake with a fresh certificate check.
  SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_options(native, SSL_OP_NO_TICKET);
  if (SSL_CTX_set_num_tickets(native, 0) != 1) return fail(crypto::openssl_error(ErrorCode::Internal, "cannot disable tickets"));
  // Tell clients which CAs we accept (our bundle only).
  STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(options.client_ca.c_str());
  if (names == nullptr) return fail(crypto::openssl_error(ErrorCode::InvalidArgument, "cannot read CA names from " + options.client_ca.string()));
  SSL_CTX_set_client_CA_list(native, names);
  return ctx;
}

Result<std::shared_ptr<ssl::context>> make_client_context(const ClientContextOptions& options) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  SSL_CTX* native = ctx->native_handle();
  VRS_TRY_VOID(common_setup(native, false));
  VRS_TRY_VOID(load_ca(native, options.ca));
  if (options.certificate.has_value() != options.private_key.has_value()) {
    return fail(ErrorCode::InvalidArgument, "a client certificate needs its private key and vice versa");
  }
  if (options.certificate) VRS_TRY_VOID(load_identity(native, *options.certificate, *options.private_key));
  SSL_CTX_set_verify(native, SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_OFF);
  return ctx;
}

bool set_server_name(void* native_ssl_handle, const std::string& host) {
  auto* ssl_handle = static_cast<SSL*>(native_ssl_handle);
  std::array<unsigned char, 16> buf{};
  const bool is_ip = inet_pton(AF_INET, host.c_str(), buf.data()) == 1 || inet_pton(AF_INET6, host.c_str(), buf.data()) == 1;
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl_handle);
  if (is_ip) return X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) == 1;
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  // SSL_set_tlsext_host_name is a macro with a C cast; this is what it expands to.
  return SSL_ctrl(ssl_handle, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(host.c_str())) == 1 && X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0) == 1;
}

}  // namespace vrs::tls
