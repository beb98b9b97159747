#include "vrs/test/test_pki.hpp"

#include <stdexcept>

#include "vrs/test/temp_dir.hpp"

namespace vrs::test {
namespace {

template <typename T>
T value_or_throw(Result<T> r, const char* what) {
  if (!r) throw std::runtime_error(std::string(what) + ": " + r.error().message());
  return std::move(*r);
}

}  // namespace

TestPki::TestPki(const std::string& name)
    : root_key(value_or_throw(certs::PrivateKey::generate(), "root key")),
      root(value_or_throw(certs::make_root_ca(root_key, name + " Root CA", certs::Validity::from_now(std::chrono::days(3650))),
                          "root CA")),
      issuing_key(value_or_throw(certs::PrivateKey::generate(), "issuing key")),
      issuing(value_or_throw(certs::make_issuing_ca(root, root_key, issuing_key, name + " Issuing CA",
                                                    certs::Validity::from_now(std::chrono::days(1825))),
                             "issuing CA")) {}

void save_key(const certs::PrivateKey& key, const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
  if (auto ok = key.save(path); !ok) throw std::runtime_error("save key: " + ok.error().message());
}

void TestPki::write_ca_dir(const std::filesystem::path& dir) const {
  std::filesystem::create_directories(dir);
  write_file(dir / "root.crt", root.to_pem(), 0644);
  write_file(dir / "issuing.crt", issuing.to_pem(), 0644);
  save_key(issuing_key, dir / "issuing.key");
  write_file(dir / "ca-chain.pem", issuing.to_pem() + root.to_pem(), 0644);
}

CertFiles TestPki::member(const std::filesystem::path& dir, const std::string& stem, const std::string& member_id,
                          certs::Role role, const certs::Validity& validity) const {
  auto key = value_or_throw(certs::PrivateKey::generate(), "member key");
  auto id = value_or_throw(certs::parse_member_id(member_id), "member id");
  auto csr = value_or_throw(certs::Csr::create(key, id), "csr");
  auto cert = value_or_throw(certs::sign_member_csr(issuing, issuing_key, csr, certs::Identity{id, role}, validity),
                             "sign member");
  CertFiles out{dir / (stem + ".crt"), dir / (stem + ".key"), cert.serial_hex(), cert.fingerprint_sha256()};
  write_file(out.certificate, cert.to_pem() + issuing.to_pem(), 0644);
  save_key(key, out.key);
  return out;
}

CertFiles TestPki::server_only(const std::filesystem::path& dir, const std::string& stem) const {
  auto key = value_or_throw(certs::PrivateKey::generate(), "server key");
  auto cert = value_or_throw(certs::make_server_certificate(issuing, issuing_key, key, {"client.example"},
                                                            certs::Validity::from_now(std::chrono::days(30))),
                             "server cert");
  CertFiles out{dir / (stem + ".crt"), dir / (stem + ".key"), cert.serial_hex(), cert.fingerprint_sha256()};
  write_file(out.certificate, cert.to_pem() + issuing.to_pem(), 0644);
  save_key(key, out.key);
  return out;
}

}  // namespace vrs::test
