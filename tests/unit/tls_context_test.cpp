#include <catch2/catch.hpp>

#include <openssl/ssl.h>
#include <sys/stat.h>

#include <fstream>

#include "vrs/certs/authority.hpp"
#include "vrs/certs/crl.hpp"
#include "vrs/test/temp_dir.hpp"
#include "vrs/tls/context.hpp"

using namespace vrs::certs;
using vrs::tls::ClientContextOptions;
using vrs::tls::ServerContextOptions;

namespace {

struct Files {
  vrs::test::TempDir dir;
  ServerContextOptions server;
  ClientContextOptions client;

  Files() {
    auto root_key = PrivateKey::generate().value();
    auto root = make_root_ca(root_key, "Root", Validity::from_now(std::chrono::days(30))).value();
    auto issuing_key = PrivateKey::generate().value();
    auto issuing = make_issuing_ca(root, root_key, issuing_key, "Issuing", Validity::from_now(std::chrono::days(30))).value();
    auto server_key = PrivateKey::generate().value();
    auto server_cert = make_server_certificate(issuing, issuing_key, server_key, {"127.0.0.1"},
                                               Validity::from_now(std::chrono::days(30))).value();
    REQUIRE(server_key.save(dir / "server.key").has_value());
    vrs::test::write_file(dir / "server.crt", server_cert.to_pem() + issuing.to_pem(), 0644);
    vrs::test::write_file(dir / "ca.pem", issuing.to_pem() + root.to_pem(), 0644);
    vrs::test::write_file(dir / "crl.pem", Crl::build(issuing, issuing_key, {}, 1).value().to_pem(), 0644);
    auto member_key = PrivateKey::generate().value();
    auto csr = Csr::create(member_key, parse_member_id("AUS-ABF").value()).value();
    auto member = sign_member_csr(issuing, issuing_key, csr, {parse_member_id("AUS-ABF").value(), Role::Reporter},
                                  Validity::from_now(std::chrono::days(30))).value();
    REQUIRE(member_key.save(dir / "member.key").has_value());
    vrs::test::write_file(dir / "member.crt", member.to_pem(), 0644);
    server = {dir / "server.crt", dir / "server.key", dir / "ca.pem", dir / "crl.pem", false};
    client = {dir / "ca.pem", dir / "member.crt", dir / "member.key"};
  }
};

}  // namespace

TEST_CASE("the server context requires TLS 1.3 and a client certificate, without resumption") {
  Files f;
  auto ctx = vrs::tls::make_server_context(f.server);
  REQUIRE(ctx.has_value());
  SSL_CTX* native = (*ctx)->native_handle();
  CHECK(SSL_CTX_get_min_proto_version(native) == TLS1_3_VERSION);
  CHECK(SSL_CTX_get_verify_mode(native) == (SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT));
  CHECK(SSL_CTX_get_session_cache_mode(native) == SSL_SESS_CACHE_OFF);
  CHECK((SSL_CTX_get_options(native) & SSL_OP_NO_TICKET) != 0);
  CHECK(SSL_CTX_get_num_tickets(native) == 0);
}

TEST_CASE("TLS 1.2 is allowed only when configured") {
  Files f;
  f.server.allow_tls12 = true;
  auto ctx = vrs::tls::make_server_context(f.server);
  REQUIRE(ctx.has_value());
  CHECK(SSL_CTX_get_min_proto_version((*ctx)->native_handle()) == TLS1_2_VERSION);
}

TEST_CASE("the client context pins the CA and verifies the server") {
  Files f;
  auto ctx = vrs::tls::make_client_context(f.client);
  REQUIRE(ctx.has_value());
  CHECK(SSL_CTX_get_verify_mode((*ctx)->native_handle()) == SSL_VERIFY_PEER);
  CHECK(SSL_CTX_get_min_proto_version((*ctx)->native_handle()) == TLS1_3_VERSION);
}

TEST_CASE("a private key readable by others is refused before OpenSSL reads it") {
  Files f;
  ::chmod(f.server.private_key.c_str(), 0644);
  const auto ctx = vrs::tls::make_server_context(f.server);
  REQUIRE_FALSE(ctx.has_value());
  CHECK(ctx.error().code() == vrs::ErrorCode::FailedPrecondition);
  CHECK(ctx.error().message().find("has mode 0644") != std::string::npos);
}

TEST_CASE("a key that does not match the certificate is refused") {
  Files f;
  f.server.private_key = f.client.private_key.value();
  const auto ctx = vrs::tls::make_server_context(f.server);
  REQUIRE_FALSE(ctx.has_value());
  CHECK(ctx.error().message().rfind("cannot load private key", 0) == 0);
}

TEST_CASE("missing CA bundles, certificates and malformed CRLs are refused with the path named") {
  Files f;
  auto no_ca = f.server;
  no_ca.client_ca = f.dir / "absent.pem";
  CHECK(vrs::tls::make_server_context(no_ca).error().message().rfind("cannot load CA bundle " + (f.dir / "absent.pem").string(), 0) == 0);
  auto no_cert = f.server;
  no_cert.certificate_chain = f.dir / "absent.crt";
  CHECK(vrs::tls::make_server_context(no_cert).error().message().rfind("cannot load certificate", 0) == 0);
  vrs::test::write_file(f.dir / "bad-crl.pem", "not a crl", 0644);
  auto bad_crl = f.server;
  bad_crl.crl = f.dir / "bad-crl.pem";
  CHECK(vrs::tls::make_server_context(bad_crl).error().message().rfind("not a PEM CRL", 0) == 0);
  auto half = f.client;
  half.private_key.reset();
  CHECK(vrs::tls::make_client_context(half).error().message() ==
        "a client certificate needs its private key and vice versa");
}
