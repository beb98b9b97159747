// CaDirectory: the library behind vrs-ca. Layout and modes, issuing, revocation, CRL numbers,
// and refusals that leave the directory byte-identical.
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "vrs/certs/ca_directory.hpp"
#include "vrs/certs/csr.hpp"
#include "vrs/test/file_checks.hpp"
#include "vrs/test/result.hpp"
#include "vrs/test/temp_dir.hpp"
#include "vrs/test/verify_chain.hpp"

using namespace vrs::certs;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

using vrs::test::code_of;
using vrs::test::err;
using vrs::test::mode_of;
using vrs::test::snapshot;
using vrs::test::verify_with_chain;

namespace {

std::string member_csr(const char* cn = "AUS-ABF", KeyType type = KeyType::EcdsaP256) {
  auto key = PrivateKey::generate(type).value();
  return Csr::create(key, parse_member_id(cn).value()).value().to_pem();
}

Identity identity(const char* member, Role role) { return Identity{parse_member_id(member).value(), role}; }

struct Fixture {
  vrs::test::TempDir tmp;
  fs::path dir = tmp / "ca";
  CaDirectory ca = CaDirectory::init(dir).value();

  Issued sign(const char* member, Role role, const std::string& out_name, std::chrono::days days = std::chrono::days(397)) {
    MemberRequest request;
    request.csr_pem = member_csr();
    request.identity = identity(member, role);
    request.days = days;
    request.cert_out = tmp / out_name;
    return ca.sign_member(request).value();
  }
};

}  // namespace

TEST_CASE("CaDirectory::init writes the layout with private modes and a valid chain", "[pki][ca_directory]") {
  vrs::test::TempDir tmp;
  const auto dir = tmp / "ca";
  auto ca = CaDirectory::init(dir).value();
  CHECK(mode_of(dir) == 0700);
  const std::set<std::string> expected{"root.key", "root.crt", "issuing.key", "issuing.crt", "ca-chain.pem",
                                       "index.tsv", "crlnumber", "crl.pem"};
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  CHECK(names == expected);
  CHECK(mode_of(dir / "root.key") == 0600);
  CHECK(mode_of(dir / "issuing.key") == 0600);
  CHECK(mode_of(dir / "root.crt") == 0644);
  CHECK(mode_of(dir / "index.tsv") == 0644);
  CHECK(vrs::test::read_text_file(dir / "crlnumber") == "1\n");
  CHECK(vrs::test::read_text_file(dir / "index.tsv") == std::string(kIndexHeader) + "\n");
  CHECK(ca.root().common_name() == "VRS Root CA");
  CHECK(ca.issuing().common_name() == "VRS Issuing CA");
  CHECK(ca.root().is_ca());
  CHECK(verify_with_chain(ca.issuing(), dir / "ca-chain.pem", X509_PURPOSE_ANY) == 0);
  auto chain = Certificate::load_bundle(vrs::test::read_text_file(dir / "ca-chain.pem")).value();
  REQUIRE(chain.size() == 2);
  CHECK(chain[0].fingerprint_sha256() == ca.issuing().fingerprint_sha256());
  CHECK(chain[1].fingerprint_sha256() == ca.root().fingerprint_sha256());
  // Root 7300 days, issuing 3650 days by default.
  CHECK(std::chrono::floor<std::chrono::days>(ca.root().not_after() - ca.root().not_before()).count() == 7300);
  CHECK(std::chrono::floor<std::chrono::days>(ca.issuing().not_after() - ca.issuing().not_before()).count() == 3650);
  auto crl = Crl::from_pem(vrs::test::read_text_file(dir / "crl.pem")).value();
  CHECK(crl.number() == 1u);
  CHECK(crl.size() == 0);
  CHECK(crl.verify(ca.issuing()));
  CHECK(ca.crl_number() == 1);
}

TEST_CASE("CaDirectory::init with Ed25519 keys and custom names", "[pki][ca_directory]") {
  vrs::test::TempDir tmp;
  CaInitOptions options;
  options.key_type = KeyType::Ed25519;
  options.root_name = "Bali Process Root";
  options.issuing_name = "Bali Process Issuing 2026";
  options.root_days = std::chrono::days(3650);
  options.issuing_days = std::chrono::days(1825);
  auto ca = CaDirectory::init(tmp / "ca", options).value();
  CHECK(ca.root().common_name() == "Bali Process Root");
  CHECK(PrivateKey::load(tmp / "ca" / "issuing.key").value().type() == KeyType::Ed25519);
  MemberRequest request;
  request.csr_pem = member_csr("IDN-POLRI", KeyType::Ed25519);
  request.identity = identity("IDN-POLRI", Role::Reporter);
  request.cert_out = tmp / "m.crt";
  auto issued = ca.sign_member(request).value();
  CHECK(verify_with_chain(issued.certificate, tmp / "ca" / "ca-chain.pem", X509_PURPOSE_SSL_CLIENT) == 0);
}

TEST_CASE("CaDirectory::init refuses a non-empty directory and bad options, changing nothing", "[pki][ca_directory]") {
  vrs::test::TempDir tmp;
  vrs::test::write_file(tmp / "notes.txt", "keep me\n", 0644);
  const auto before = snapshot(tmp.path());
  auto r = CaDirectory::init(tmp.path());
  REQUIRE_FALSE(r);
  CHECK(code_of(r) == vrs::ErrorCode::AlreadyExists);
  CHECK(err(r) == "CA directory " + tmp.path().string() + " is not empty; init needs a new or empty directory");
  CHECK(snapshot(tmp.path()) == before);

  CaInitOptions options;
  options.issuing_days = std::chrono::days(8000);
  auto days = CaDirectory::init(tmp / "ca", options);
  REQUIRE_FALSE(days);
  CHECK(err(days) == "issuing CA validity of 8000 days exceeds the root CA validity of 7300 days");
  CHECK_FALSE(fs::exists(tmp / "ca"));

  options = {};
  options.issuing_name = options.root_name;
  CHECK(err(CaDirectory::init(tmp / "ca", options)) ==
        "the root and issuing CA names must differ (both are \"VRS Root CA\")");
  options = {};
  options.root_name = "";
  CHECK(err(CaDirectory::init(tmp / "ca", options)) ==
        "root CA name \"\" must be 1 to 64 characters without control characters");
  CHECK_FALSE(fs::exists(tmp / "ca"));
  CHECK(err(CaDirectory::init(tmp / "missing" / "ca")) ==
        "cannot create CA directory " + (tmp / "missing" / "ca").string() + ": No such file or directory");
}

TEST_CASE("CaDirectory::init accepts an existing empty directory and makes it 0700", "[pki][ca_directory]") {
  vrs::test::TempDir tmp;
  fs::create_directory(tmp / "ca");
  fs::permissions(tmp / "ca", fs::perms(0755));
  REQUIRE(CaDirectory::init(tmp / "ca"));
  CHECK(mode_of(tmp / "ca") == 0700);
}

TEST_CASE("CaDirectory::open works without root.key and reads back what init wrote", "[pki][ca_directory]") {
  vrs::test::TempDir tmp;
  const auto dir = tmp / "ca";
  std::string root_fp;
  {
    auto ca = CaDirectory::init(dir).value();
    root_fp = ca.root().fingerprint_sha256();
    CHECK(ca.root_key_present());
  }
  fs::remove(dir / "root.key");  // moved offline
  auto ca = CaDirectory::open(dir).value();
  CHECK_FALSE(ca.root_key_present());
  CHECK(ca.root().fingerprint_sha256() == root_fp);
  CHECK(ca.index().entries().empty());
  CHECK(ca.crl_number() == 1);
  // Signing needs only the issuing key.
  MemberRequest request;
  request.csr_pem = member_csr();
  request.identity = identity("AUS-ABF", Role::Reporter);
  request.cert_out = tmp / "m.crt";
  CHECK(ca.sign_member(request));
}

TEST_CASE("CaDirectory holds an exclusive lock: a second open fails until the first closes", "[pki][ca_directory]") {
  vrs::test::TempDir tmp;
  const auto dir = tmp / "ca";
  auto first = CaDirectory::init(dir).value();
  auto second = CaDirectory::open(dir);
  REQUIRE_FALSE(second);
  CHECK(code_of(second) == vrs::ErrorCode::FailedPrecondition);
  CHECK(err(second) == "CA directory " + dir.string() + " is in use by another vrs-ca process");
  { CaDirectory moved = std::move(first); }
  CHECK(CaDirectory::open(dir));
}

TEST_CASE("CaDirectory::issue_server writes a 0600 key and a server certificate the chain verifies", "[pki][ca_directory]") {
  Fixture f;
  ServerRequest request;
  request.names = {"127.0.0.1", "vrs.example.org"};
  request.key_out = f.tmp / "server.key";
  request.cert_out = f.tmp / "server.crt";
  request.note = "first server";
  auto issued = f.ca.issue_server(request).value();
  CHECK(mode_of(request.key_out) == 0600);
  CHECK(mode_of(request.cert_out) == 0644);
  auto cert = Certificate::load(request.cert_out).value();
  CHECK(cert.fingerprint_sha256() == issued.entry.fingerprint_sha256);
  CHECK(verify_with_chain(cert, f.dir / "ca-chain.pem", X509_PURPOSE_SSL_SERVER) == 0);
  CHECK(verify_with_chain(cert, f.dir / "ca-chain.pem", X509_PURPOSE_SSL_CLIENT) != 0);
  CHECK(cert.alt_names() == std::vector<std::string>{"127.0.0.1", "vrs.example.org"});
  auto key = PrivateKey::load(request.key_out).value();
  CHECK(X509_check_private_key(cert.native(), key.native()) == 1);
  CHECK(issued.entry.kind == CertKind::Server);
  CHECK(issued.entry.subject == "127.0.0.1,vrs.example.org");
  CHECK(std::chrono::floor<std::chrono::days>(cert.not_after() - cert.not_before()).count() == 397);
  auto reopened = CaIndex::load(f.dir / "index.tsv").value();
  REQUIRE(reopened.entries().size() == 1);
  CHECK(reopened.entries()[0].note == "first server");
  CHECK(reopened.entries()[0].serial_hex == cert.serial_hex());
}

TEST_CASE("CaDirectory::issue_server refuses existing outputs and bad names, changing nothing", "[pki][ca_directory]") {
  Fixture f;
  vrs::test::write_file(f.tmp / "server.key", "old key\n");
  const auto before = snapshot(f.dir);
  ServerRequest request;
  request.names = {"vrs.example.org"};
  request.key_out = f.tmp / "server.key";
  request.cert_out = f.tmp / "server.crt";
  auto r = f.ca.issue_server(request);
  REQUIRE_FALSE(r);
  CHECK(err(r) == (f.tmp / "server.key").string() + " already exists; not overwriting it");
  CHECK(vrs::test::read_text_file(f.tmp / "server.key") == "old key\n");
  request.key_out = f.tmp / "new.key";
  request.names = {"bad name!"};
  CHECK(err(f.ca.issue_server(request)) ==
        "server name \"bad name!\" is neither a DNS name nor an IP address");
  request.names = {"vrs.example.org"};
  request.cert_out = request.key_out;
  CHECK(err(f.ca.issue_server(request)) ==
        "the key and the certificate cannot both go to " + (f.tmp / "new.key").string());
  request.cert_out = f.tmp / "server.crt";
  request.key_out = f.tmp / "nodir" / "s.key";
  CHECK(err(f.ca.issue_server(request)) ==
        "directory " + (f.tmp / "nodir").string() + " of " + (f.tmp / "nodir" / "s.key").string() + " does not exist");
  CHECK_FALSE(fs::exists(f.tmp / "new.key"));
  CHECK_FALSE(fs::exists(f.tmp / "server.crt"));
  CHECK(snapshot(f.dir) == before);
  CHECK(f.ca.index().entries().empty());
}

TEST_CASE("CaDirectory::sign_member binds the administrator's identity, not the CSR's", "[pki][ca_directory]") {
  Fixture f;
  MemberRequest request;
  request.csr_pem = member_csr("THA-RTP");  // the CSR claims another member
  request.identity = identity("AUS-ABF", Role::Analyst);
  request.cert_out = f.tmp / "m.crt";
  request.days = std::chrono::days(30);
  request.note = "enrolment ticket 42";
  auto issued = f.ca.sign_member(request).value();
  CHECK(issued.csr_common_name == "THA-RTP");
  auto cert = Certificate::load(request.cert_out).value();
  REQUIRE(cert.identity().has_value());
  CHECK(cert.identity()->member.str() == "AUS-ABF");
  CHECK(cert.identity()->role == Role::Analyst);
  CHECK(cert.common_name() == "AUS-ABF");
  CHECK(verify_with_chain(cert, f.dir / "ca-chain.pem", X509_PURPOSE_SSL_CLIENT) == 0);
  CHECK(std::chrono::floor<std::chrono::days>(cert.not_after() - cert.not_before()).count() == 30);
  const auto& e = f.ca.index().entries().at(0);
  CHECK(e.subject == "AUS-ABF");
  CHECK(e.role == Role::Analyst);
  CHECK(e.note == "enrolment ticket 42");
  CHECK(e.fingerprint_sha256 == cert.fingerprint_sha256());
}

TEST_CASE("CaDirectory::sign_member refuses bad validity, garbage CSRs and existing outputs", "[pki][ca_directory]") {
  Fixture f;
  const auto before = snapshot(f.dir);
  MemberRequest request;
  request.csr_pem = member_csr();
  request.identity = identity("AUS-ABF", Role::Reporter);
  request.cert_out = f.tmp / "m.crt";
  request.days = std::chrono::days(826);
  CHECK(err(f.ca.sign_member(request)) == "validity of 826 days exceeds the maximum of 825 days");
  request.days = std::chrono::days(0);
  CHECK(err(f.ca.sign_member(request)) == "validity of 0 days: must be at least 1 day");
  request.days = std::chrono::days(397);
  request.csr_pem = "hello";
  request.csr_label = "CSR x.csr";
  CHECK(err(f.ca.sign_member(request)) ==
        "CSR x.csr: not a PEM certificate request (no BEGIN CERTIFICATE REQUEST line)");
  request.csr_pem = "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n";
  auto bad = f.ca.sign_member(request);
  REQUIRE_FALSE(bad);
  CHECK(code_of(bad) == vrs::ErrorCode::InvalidArgument);
  CHECK(err(bad).starts_with("CSR x.csr: not a PEM certificate request"));
  request.csr_pem = member_csr();
  request.note = "line\nbreak";
  CHECK(err(f.ca.sign_member(request)) ==
        "note: \"line\\x0abreak\" contains a TAB, newline or other control character");
  request.note.clear();
  vrs::test::write_file(request.cert_out, "x", 0644);
  CHECK(code_of(f.ca.sign_member(request)) == vrs::ErrorCode::AlreadyExists);
  CHECK(snapshot(f.dir) == before);
}

TEST_CASE("CaDirectory refuses a validity that outlives the issuing CA", "[pki][ca_directory]") {
  vrs::test::TempDir tmp;
  CaInitOptions options;
  options.root_days = std::chrono::days(100);
  options.issuing_days = std::chrono::days(50);
  auto ca = CaDirectory::init(tmp / "ca", options).value();
  MemberRequest request;
  request.csr_pem = member_csr();
  request.identity = identity("AUS-ABF", Role::Reporter);
  request.cert_out = tmp / "m.crt";
  request.days = std::chrono::days(60);
  auto r = ca.sign_member(request);
  REQUIRE_FALSE(r);
  CHECK(err(r) ==
        "validity of 60 days would end after the issuing CA expires (" + format_time(ca.issuing().not_after()) + ")");
}

TEST_CASE("CaDirectory::revoke updates the index and writes a CRL with the next number", "[pki][ca_directory]") {
  Fixture f;
  auto a = f.sign("AUS-ABF", Role::Reporter, "a.crt");
  auto b = f.sign("NZL-CUST", Role::Analyst, "b.crt");
  auto first = f.ca.revoke(a.entry.serial_hex, RevocationReason::KeyCompromise).value();
  CHECK(first.entry.status == CertStatus::Revoked);
  CHECK(first.crl.number() == 2u);
  CHECK(f.ca.crl_number() == 2);
  auto on_disk = Crl::from_pem(vrs::test::read_text_file(f.dir / "crl.pem")).value();
  CHECK(on_disk.number() == 2u);
  CHECK(on_disk.is_revoked(a.entry.serial_hex));
  CHECK_FALSE(on_disk.is_revoked(b.entry.serial_hex));
  CHECK(on_disk.verify(f.ca.issuing()));
  CHECK(verify_with_chain(a.certificate, f.dir / "ca-chain.pem", X509_PURPOSE_SSL_CLIENT, &on_disk) ==
        X509_V_ERR_CERT_REVOKED);
  // Upper case serial, as OpenSSL tools print it.
  std::string upper = b.entry.serial_hex;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto second = f.ca.revoke(upper, RevocationReason::Superseded, 48h).value();
  CHECK(second.crl.number() == 3u);
  CHECK(second.crl.size() == 2);
  CHECK(std::chrono::duration_cast<std::chrono::hours>(second.crl.next_update() - second.crl.last_update()) == 48h);
  CHECK(vrs::test::read_text_file(f.dir / "crlnumber") == "3\n");
  auto index = CaIndex::load(f.dir / "index.tsv").value();
  CHECK(index.find(a.entry.serial_hex)->reason == RevocationReason::KeyCompromise);
  CHECK(index.find(b.entry.serial_hex)->reason == RevocationReason::Superseded);
}

TEST_CASE("CaDirectory::revoke refuses unknown and already revoked serials, changing nothing", "[pki][ca_directory]") {
  Fixture f;
  auto a = f.sign("AUS-ABF", Role::Reporter, "a.crt");
  REQUIRE(f.ca.revoke(a.entry.serial_hex, RevocationReason::KeyCompromise));
  const auto before = snapshot(f.dir);
  auto twice = f.ca.revoke(a.entry.serial_hex, RevocationReason::Superseded);
  REQUIRE_FALSE(twice);
  CHECK(code_of(twice) == vrs::ErrorCode::FailedPrecondition);
  CHECK(err(twice).starts_with("certificate " + a.entry.serial_hex +
                                            " (member AUS-ABF, reporter) was already revoked at "));
  auto unknown = f.ca.revoke("00DEADBEEF", RevocationReason::KeyCompromise);
  REQUIRE_FALSE(unknown);
  CHECK(code_of(unknown) == vrs::ErrorCode::NotFound);
  CHECK(err(unknown) == "no certificate with serial deadbeef in " + (f.dir / "index.tsv").string());
  CHECK(err(f.ca.revoke("xyz", RevocationReason::KeyCompromise)) == "serial \"xyz\" is not hexadecimal");
  CHECK(snapshot(f.dir) == before);
  CHECK(f.ca.crl_number() == 2);
}

TEST_CASE("CaDirectory::build_crl numbers increase and persist across reopening", "[pki][ca_directory]") {
  vrs::test::TempDir tmp;
  const auto dir = tmp / "ca";
  { auto ca = CaDirectory::init(dir).value(); }
  std::uint64_t last = 1;
  for (int i = 0; i < 3; ++i) {
    auto ca = CaDirectory::open(dir).value();
    auto crl = ca.build_crl(24h).value();
    REQUIRE(crl.number().has_value());
    CHECK(*crl.number() == last + 1);
    last = *crl.number();
    CHECK(crl.verify(ca.issuing()));
    REQUIRE(CaDirectory::write_crl(crl, tmp / "out.crl"));
    CHECK(mode_of(tmp / "out.crl") == 0644);
  }
  CHECK(vrs::test::read_text_file(dir / "crlnumber") == "4\n");
  CHECK(Crl::from_pem(vrs::test::read_text_file(tmp / "out.crl")).value().number() == 4u);
}

TEST_CASE("CaDirectory refuses a loose issuing key, a foreign certificate and a shared directory", "[pki][ca_directory]") {
  Fixture f;
  auto a = f.sign("AUS-ABF", Role::Reporter, "a.crt");
  Fixture other;
  auto foreign = other.sign("AUS-ABF", Role::Reporter, "foreign.crt");
  auto serial = f.ca.serial_of(foreign.certificate);
  REQUIRE_FALSE(serial);
  CHECK(err(serial) == "certificate " + foreign.entry.serial_hex + " (" + foreign.certificate.subject() +
                                        ") was not issued by this CA's issuing certificate");
  CHECK(f.ca.serial_of(a.certificate).value() == a.entry.serial_hex);

  fs::permissions(f.dir / "issuing.key", fs::perms(0644));
  const auto before = snapshot(f.dir);
  auto crl = f.ca.build_crl();
  REQUIRE_FALSE(crl);
  CHECK(code_of(crl) == vrs::ErrorCode::FailedPrecondition);
  CHECK(err(crl) == "key file " + (f.dir / "issuing.key").string() +
                                     " has mode 0644 (readable by group or others); run: chmod 600 " +
                                     (f.dir / "issuing.key").string());
  CHECK_FALSE(f.ca.revoke(a.entry.serial_hex, RevocationReason::KeyCompromise));
  CHECK(snapshot(f.dir) == before);

  { CaDirectory released = std::move(f.ca); }  // closes f.dir's lock
  fs::permissions(f.dir, fs::perms(0770));
  auto shared = CaDirectory::open(f.dir);
  REQUIRE_FALSE(shared);
  CHECK(err(shared) == "CA directory " + f.dir.string() +
                                        " has mode 0770 (writable by group or others); run: chmod 700 " + f.dir.string());
}

TEST_CASE("CaDirectory::open names the broken file and line", "[pki][ca_directory]") {
  vrs::test::TempDir tmp;
  const auto dir = tmp / "ca";
  { auto ca = CaDirectory::init(dir).value(); }
  CHECK(err(CaDirectory::open(tmp / "nope")) == "CA directory " + (tmp / "nope").string() + " does not exist");
  const auto index = vrs::test::read_text_file(dir / "index.tsv");
  vrs::test::write_file(dir / "index.tsv", index + "0a\tmember\n", 0644);
  CHECK(err(CaDirectory::open(dir)) ==
        (dir / "index.tsv").string() + ": line 2: expected 11 TAB-separated fields, found 2");
  vrs::test::write_file(dir / "index.tsv", index, 0644);
  vrs::test::write_file(dir / "crlnumber", "two\n", 0644);
  CHECK(err(CaDirectory::open(dir)) ==
        (dir / "crlnumber").string() + ": \"two?\" is not a CRL number (decimal digits and a newline)");
  vrs::test::write_file(dir / "crlnumber", "1\n", 0644);
  fs::copy_file(dir / "root.crt", dir / "issuing.crt", fs::copy_options::overwrite_existing);
  auto swapped = CaDirectory::open(dir);
  REQUIRE_FALSE(swapped);
  CHECK(err(swapped) ==
        (dir / "issuing.crt").string() + " is not a CA certificate signed by " + (dir / "root.crt").string());
  fs::remove(dir / "root.crt");
  CHECK(err(CaDirectory::open(dir)) == (dir / "root.crt").string() + " does not exist");
}

TEST_CASE("CaDirectory::list flags certificates expiring within 30 days, expired and revoked", "[pki][ca_directory]") {
  Fixture f;
  auto soon = f.sign("AUS-ABF", Role::Reporter, "soon.crt", std::chrono::days(10));
  auto later = f.sign("NZL-CUST", Role::Analyst, "later.crt", std::chrono::days(397));
  auto gone = f.sign("THA-RTP", Role::Admin, "gone.crt", std::chrono::days(397));
  REQUIRE(f.ca.revoke(gone.entry.serial_hex, RevocationReason::CessationOfOperation));
  const auto now = std::chrono::system_clock::now();
  auto rows = f.ca.list(now);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].state == CertState::ExpiringSoon);
  CHECK(rows[0].days_left == 9);  // 10 days from issue minus the time since
  CHECK(rows[1].state == CertState::Valid);
  CHECK(rows[2].state == CertState::Revoked);
  auto future = f.ca.list(now + 11 * 24h);
  CHECK(future[0].state == CertState::Expired);
  const auto table = format_inventory(rows);
  CHECK(table.find("EXPIRING in 9 days") != std::string::npos);
  CHECK(table.find("revoked " + format_time(*f.ca.index().entries()[2].revoked_at) + " cessation_of_operation") !=
        std::string::npos);
  CHECK(table.ends_with("3 certificates: 1 valid, 1 expiring within 30 days, 0 expired, 1 revoked\n"));
  CHECK(format_inventory({}) == "no certificates issued yet\n");
  (void)later;
}
