#pragma once
/// A PKI made at test time with vrs_certs: root CA + issuing CA, written in the vrs-ca directory
/// layout (root.crt, issuing.crt, issuing.key, ca-chain.pem), plus helpers to make member
/// certificates outside the server (expired, not yet valid, wrong EKU, unregistered).

#include <chrono>
#include <filesystem>
#include <string>

#include "vrs/certs/authority.hpp"

namespace vrs::test {

struct CertFiles {
  std::filesystem::path certificate;  ///< leaf + issuing CA
  std::filesystem::path key;          ///< 0600
  std::string serial;
  std::string fingerprint;
};

class TestPki {
 public:
  explicit TestPki(const std::string& name = "VRS Test");

  void write_ca_dir(const std::filesystem::path& dir) const;

  /// A member certificate signed by this PKI's issuing CA (not registered anywhere).
  CertFiles member(const std::filesystem::path& dir, const std::string& stem, const std::string& member_id,
                   certs::Role role, const certs::Validity& validity) const;
  /// A TLS *server* certificate (EKU serverAuth only) used as a client certificate.
  CertFiles server_only(const std::filesystem::path& dir, const std::string& stem) const;

  certs::PrivateKey root_key;
  certs::Certificate root;
  certs::PrivateKey issuing_key;
  certs::Certificate issuing;
};

/// Writes a PEM private key file with mode 0600 (overwrites).
void save_key(const certs::PrivateKey& key, const std::filesystem::path& path);

}  // namespace vrs::test
