#include "vrs/certs/certificate.hpp"

#include <openssl/pem.h>

#include <ctime>
#include <fstream>

#include "ossl.hpp"
#include "vrs/common/assert.hpp"
#include "vrs/common/text_file.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/hash.hpp"

namespace vrs::certs {

namespace {

constexpr std::size_t kMaxCertPem = 256 * 1024;

SysTime to_sys_time(const ASN1_TIME* t) {
  struct tm tm {};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return SysTime{};
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string name_text(const X509_NAME* name) {
  ossl::Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return {};
  return ossl::bio_string(bio.get());
}

}  // namespace

std::string format_time(SysTime time) {
  const std::time_t t = std::chrono::system_clock::to_time_t(time);
  struct tm tm {};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Certificate Certificate::adopt(X509* cert) { return Certificate(cert); }

// X509_up_ref only fails if the reference count would overflow: an impossible state here.
Certificate::Certificate(const Certificate& other) : cert_(other.cert_.get()) {
  VRS_ASSERT(X509_up_ref(cert_.get()) == 1, "X509_up_ref");
}

Certificate& Certificate::operator=(const Certificate& other) {
  if (this != &other) {
    VRS_ASSERT(X509_up_ref(other.cert_.get()) == 1, "X509_up_ref");
    cert_.reset(other.cert_.get());
  }
  return *this;
}

Result<Certificate> Certificate::from_pem(std::string_view pem) {
  if (pem.size() > kMaxCertPem) return fail(ErrorCode::InvalidArgument, "certificate PEM larger than 256 KiB");
  VRS_TRY(auto cert, ossl::read_pem(pem, PEM_read_bio_X509, "not a PEM certificate"));
  return Certificate(cert.release());
}

Result<Certificate> Certificate::from_der(crypto::ByteView der) {
  if (der.size() > kMaxCertPem) return fail(ErrorCode::InvalidArgument, "certificate larger than 256 KiB");
  const unsigned char* p = der.data();
  X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  if (cert == nullptr || p != der.data() + der.size()) {
    X509_free(cert);
    return fail(crypto::openssl_error(ErrorCode::InvalidArgument, "not a DER certificate"));
  }
  return Certificate(cert);
}

Result<std::vector<Certificate>> Certificate::load_bundle(std::string_view pem) {
  if (pem.size() > kMaxCertPem) return fail(ErrorCode::InvalidArgument, "certificate bundle larger than 256 KiB");
  auto bio = ossl::mem_bio(pem);
  if (!bio) return fail(crypto::openssl_error(ErrorCode::Internal, "BIO_new_mem_buf"));
  std::vector<Certificate> out;
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) out.push_back(Certificate(cert));
  ERR_clear_error();  // the loop ends on a "no start line" error
  if (out.empty()) return fail(ErrorCode::InvalidArgument, "no PEM certificate found");
  return out;
}

Result<Certificate> Certificate::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::NotFound, "cannot read certificate " + path.string());
  std::string pem(kMaxCertPem + 1, '\0');
  in.read(pem.data(), static_cast<std::streamsize>(pem.size()));
  pem.resize(static_cast<std::size_t>(in.gcount()));
  auto cert = from_pem(pem);
  if (!cert) return fail(cert.error().with_context(path.string()));
  return cert;
}

std::string Certificate::to_pem() const { return ossl::write_pem(cert_.get(), PEM_write_bio_X509); }

crypto::Bytes Certificate::to_der() const {
  unsigned char* der = nullptr;
  const int len = i2d_X509(cert_.get(), &der);
  if (len <= 0) return {};
  crypto::Bytes out(der, der + len);
  OPENSSL_free(der);
  return out;
}

Result<void> Certificate::save(const std::filesystem::path& path) const {
  const std::string pem = to_pem();
  if (pem.empty()) return fail(crypto::openssl_error(ErrorCode::Internal, "cannot encode certificate"));
  return write_file_atomically(path, pem, 0644, Replace::Yes);
}

std::string Certificate::serial_hex() const {
  ossl::BigNum bn(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert_.get()), nullptr));
  if (!bn) return {};
  char* hex = BN_bn2hex(bn.get());
  std::string out = hex != nullptr ? hex : "";
  OPENSSL_free(hex);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // BN_bn2hex pads to whole bytes ("0d3b…"); the documented form has no leading zeros.
  const auto first = out.find_first_not_of('0');
  out.erase(0, first == std::string::npos ? out.size() - 1 : first);
  return out;
}

std::string Certificate::fingerprint_sha256() const { return crypto::to_hex(crypto::sha256(to_der())); }

std::string Certificate::subject() const { return name_text(X509_get_subject_name(cert_.get())); }
std::string Certificate::issuer() const { return name_text(X509_get_issuer_name(cert_.get())); }

std::string Certificate::common_name() const { return ossl::name_entry(X509_get_subject_name(cert_.get()), NID_commonName); }

SysTime Certificate::not_before() const { return to_sys_time(X509_get0_notBefore(cert_.get())); }
SysTime Certificate::not_after() const { return to_sys_time(X509_get0_notAfter(cert_.get())); }

bool Certificate::is_ca() const { return X509_check_ca(cert_.get()) != 0; }

std::optional<Identity> Certificate::identity() const {
  ossl::GeneralNames names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert_.get(), NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return std::nullopt;
  std::optional<MemberId> member;
  std::optional<Role> role;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names.get(), i);
    if (gn->type != GEN_URI) continue;
    const std::string_view uri(reinterpret_cast<const char*>(ASN1_STRING_get0_data(gn->d.uniformResourceIdentifier)),
                               static_cast<std::size_t>(ASN1_STRING_length(gn->d.uniformResourceIdentifier)));
    if (uri.starts_with("urn:vrs:member:")) {
      if (member) return std::nullopt;  // two member bindings: not a VRS certificate
      auto parsed = parse_member_id(uri.substr(15));
      if (!parsed) return std::nullopt;
      member = *parsed;
    } else if (uri.starts_with("urn:vrs:role:")) {
      if (role) return std::nullopt;
      auto parsed = parse_role(uri.substr(13));
      if (!parsed) return std::nullopt;
      role = *parsed;
    }
  }
  if (!member || !role) return std::nullopt;
  return Identity{*member, *role};
}

std::vector<std::string> Certificate::alt_names() const {
  std::vector<std::string> out;
  ossl::GeneralNames names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert_.get(), NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names.get(), i);
    if (gn->type == GEN_DNS) {
      out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(gn->d.dNSName)),
                       static_cast<std::size_t>(ASN1_STRING_length(gn->d.dNSName)));
    } else if (gn->type == GEN_IPADD) {
      char* text = i2s_ASN1_OCTET_STRING(nullptr, gn->d.iPAddress);
      // i2s gives hex bytes; render IPv4 dotted for readability.
      const ASN1_OCTET_STRING* ip = gn->d.iPAddress;
      if (ASN1_STRING_length(ip) == 4) {
        const unsigned char* b = ASN1_STRING_get0_data(ip);
        out.push_back(std::to_string(b[0]) + "." + std::to_string(b[1]) + "." + std::to_string(b[2]) + "." +
                      std::to_string(b[3]));
      } else if (text != nullptr) {
        out.emplace_back(text);
      }
      OPENSSL_free(text);
    }
  }
  return out;
}

}  // namespace vrs::certs
