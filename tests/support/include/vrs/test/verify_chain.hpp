#pragma once
/// OpenSSL's own verifier, as a relying party would run it: a leaf against the certificates of
/// a CA bundle file (ca-chain.pem), optionally with a CRL. An oracle for certs tests that does
/// not go through the code under test.

#include <filesystem>

#include "vrs/certs/certificate.hpp"
#include "vrs/certs/crl.hpp"

namespace vrs::test {

/// Verifies `leaf` against every certificate in `chain_file` for `purpose` (X509_PURPOSE_*),
/// checking `crl` too when given. Returns the X509_V_ code: 0 = ok.
int verify_with_chain(const certs::Certificate& leaf, const std::filesystem::path& chain_file, int purpose,
                      const certs::Crl* crl = nullptr);

}  // namespace vrs::test
