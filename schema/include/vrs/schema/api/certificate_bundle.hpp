#pragma once
/// The certificate bundle (docs/api.md, docs/pki.md): what the server returns when it issues a
/// member certificate (201 of POST /v1/admin/members/{id}/certificates, and bundle.json of
/// `vrs-server admin bootstrap`) and what `vrs-client install` reads. One home for its JSON,
/// so the server that writes it and the client that reads it cannot drift apart.
///
/// Thread-safety: pure functions.

#include <string>
#include <string_view>

#include "vrs/common/error.hpp"

namespace vrs::schema::api {

struct CertificateBundle {
  std::string member_id;
  std::string role;
  std::string serial;              ///< lower-case hex
  std::string fingerprint_sha256;  ///< of the certificate's DER
  std::string not_after;           ///< "YYYY-MM-DDTHH:MM:SSZ"
  std::string certificate;         ///< PEM
  std::string ca_chain;            ///< PEM, issuing CA then root
};

/// Compact JSON, members in the order of the struct (no trailing newline).
std::string to_json(const CertificateBundle& bundle);

/// Parses a bundle: a JSON object whose seven members are all strings (others are ignored).
/// InvalidArgument otherwise, worded like `bundle: field "serial" is missing`,
/// `bundle: field "serial" must be a string`, `bundle: not valid JSON (...)` or
/// `bundle: expected a JSON object`.
Result<CertificateBundle> parse_certificate_bundle(std::string_view text);

}  // namespace vrs::schema::api
