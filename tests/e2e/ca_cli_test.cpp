// End-to-end: `vrs-ca` run as an administrator would. Success prints to stdout only; every
// failure is exactly one line "vrs-ca: <message>" on stderr with exit 1 (2 for usage errors),
// and leaves the CA directory byte-identical.
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>

#include <sstream>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "vrs/certs/ca_directory.hpp"
#include "vrs/certs/csr.hpp"
#include "vrs/test/file_checks.hpp"
#include "vrs/test/process.hpp"
#include "vrs/test/temp_dir.hpp"
#include "vrs/test/verify_chain.hpp"

using namespace vrs::certs;
using vrs::test::ProcessResult;
namespace fs = std::filesystem;

using vrs::test::mode_of;
using vrs::test::snapshot;
using vrs::test::verify_with_chain;

namespace {

ProcessResult ca(const std::vector<std::string>& args) {
  std::vector<std::string> argv{vrs::test::binary_path("vrs-ca")};
  argv.insert(argv.end(), args.begin(), args.end());
  auto result = vrs::test::run_process(argv);
  REQUIRE_FALSE(result.timed_out);
  return result;
}

// A CA made with `vrs-ca init`, and a member CSR made as the member's machine would.
struct Pki {
  vrs::test::TempDir tmp;
  fs::path dir = tmp / "ca";
  fs::path csr = tmp / "member.csr";
  Pki() {
    auto r = ca({"init", "--dir", dir.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    write_csr(csr, "AUS-ABF");
  }
  static void write_csr(const fs::path& path, const char* cn) {
    auto key = PrivateKey::generate().value();
    vrs::test::write_file(path, Csr::create(key, parse_member_id(cn).value()).value().to_pem(), 0644);
  }
  ProcessResult sign(const std::string& out, const std::vector<std::string>& extra = {}) const {
    std::vector<std::string> args{"sign", "--dir", dir.string(), "--csr", csr.string(), "--member", "AUS-ABF",
                                  "--role", "reporter", "--out", (tmp / out).string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return ca(args);
  }
  std::string signed_serial(const std::string& out) const {
    auto r = sign(out);
    REQUIRE(r.exit_code == 0);
    return Certificate::load(tmp / out).value().serial_hex();
  }
};

// Runs a command that must fail: exit code, exactly one stderr line, nothing on stdout, the
// CA directory unchanged.
void expect_refused(const Pki& pki, const std::vector<std::string>& args, int exit_code, const std::string& line) {
  const auto before = snapshot(pki.dir);
  auto r = ca(args);
  CHECK(r.exit_code == exit_code);
  CHECK(r.err == "vrs-ca: " + line + "\n");
  CHECK(r.out.empty());
  CHECK(snapshot(pki.dir) == before);
}

}  // namespace

TEST_CASE("vrs-ca init: creates the CA directory with private modes and says what to keep offline",
          "[e2e][ca]") {
  vrs::test::TempDir tmp;
  const auto dir = tmp / "ca";
  auto r = ca({"init", "--dir", dir.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.starts_with("created CA directory " + dir.string() + " (mode 0700)\n"));
  CHECK(r.out.find("next: move " + (dir / "root.key").string() + " to offline storage now") != std::string::npos);
  CHECK(mode_of(dir) == 0700);
  CHECK(mode_of(dir / "root.key") == 0600);
  CHECK(mode_of(dir / "issuing.key") == 0600);
  for (const char* pub : {"root.crt", "issuing.crt", "ca-chain.pem", "index.tsv", "crlnumber", "crl.pem"}) {
    INFO(pub);
    CHECK(mode_of(dir / pub) == 0644);
  }
  CHECK(snapshot(dir).size() == 8);
  CHECK(r.out.find("PRIVATE KEY") == std::string::npos);
  auto issuing = Certificate::load(dir / "issuing.crt").value();
  CHECK(verify_with_chain(issuing, dir / "ca-chain.pem", X509_PURPOSE_ANY) == 0);
}

TEST_CASE("vrs-ca init: options choose names, key type and lifetimes", "[e2e][ca]") {
  vrs::test::TempDir tmp;
  const auto dir = tmp / "ca";
  auto r = ca({"init", "--dir", dir.string(), "--key-type", "ed25519", "--root-name", "Bali Root", "--issuing-name",
               "Bali Issuing", "--root-days", "3000", "--issuing-days", "1000"});
  REQUIRE(r.exit_code == 0);
  auto root = Certificate::load(dir / "root.crt").value();
  CHECK(root.common_name() == "Bali Root");
  CHECK(std::chrono::floor<std::chrono::days>(root.not_after() - root.not_before()).count() == 3000);
  CHECK(PrivateKey::load(dir / "issuing.key").value().type() == KeyType::Ed25519);
}

TEST_CASE("vrs-ca: every command has a --help that explains it", "[e2e][ca]") {
  auto top = ca({"--help"});
  CHECK(top.exit_code == 0);
  for (const char* cmd : {"init", "server", "sign", "revoke", "crl", "list"}) {
    INFO(cmd);
    CHECK(top.out.find(cmd) != std::string::npos);
  }
  CHECK(top.out.find("root.key") != std::string::npos);
  auto init = ca({"init", "--help"});
  CHECK(init.exit_code == 0);
  CHECK(init.out.find("0700") != std::string::npos);
  CHECK(init.out.find("root.key (0600)") != std::string::npos);
  CHECK(init.out.find("offline storage") != std::string::npos);
  auto sign = ca({"sign", "--help"});
  CHECK(sign.out.find("never from the CSR") != std::string::npos);
  CHECK(sign.out.find("825 days") != std::string::npos);
  auto server = ca({"server", "--help"});
  CHECK(server.out.find("mode 0600") != std::string::npos);
  auto revoke = ca({"revoke", "--help"});
  CHECK(revoke.out.find("crl.pem") != std::string::npos);
  CHECK(revoke.out.find("key_compromise") != std::string::npos);
  CHECK(ca({"crl", "--help"}).out.find("nextUpdate") != std::string::npos);
  CHECK(ca({"list", "--help"}).out.find("30 days") != std::string::npos);
}

TEST_CASE("vrs-ca server: writes a 0600 key and a certificate that verifies against ca-chain.pem", "[e2e][ca]") {
  Pki pki;
  const auto key = pki.tmp / "server.key";
  const auto cert = pki.tmp / "server.crt";
  auto r = ca({"server", "--dir", pki.dir.string(), "--name", "127.0.0.1", "--name", "vrs.example.org", "--key",
               key.string(), "--cert", cert.string(), "--days", "90"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.starts_with("issued server certificate for 127.0.0.1,vrs.example.org\n"));
  CHECK(r.out.find("  key      " + key.string() + " (mode 0600)\n") != std::string::npos);
  CHECK(r.out.find("  cert     " + cert.string() + " (mode 0644)\n") != std::string::npos);
  CHECK(r.out.find("PRIVATE KEY") == std::string::npos);
  CHECK(mode_of(key) == 0600);
  auto c = Certificate::load(cert).value();
  CHECK(verify_with_chain(c, pki.dir / "ca-chain.pem", X509_PURPOSE_SSL_SERVER) == 0);
  CHECK(c.alt_names() == std::vector<std::string>{"127.0.0.1", "vrs.example.org"});
  CHECK(std::chrono::floor<std::chrono::days>(c.not_after() - c.not_before()).count() == 90);
  CHECK(r.out.find("  serial   " + c.serial_hex() + "\n") != std::string::npos);
  // A second run refuses to overwrite the key.
  const auto before = vrs::test::read_text_file(key);
  auto again = ca({"server", "--dir", pki.dir.string(), "--name", "127.0.0.1", "--key", key.string(), "--cert",
                   (pki.tmp / "other.crt").string()});
  CHECK(again.exit_code == 1);
  CHECK(again.err == "vrs-ca: " + key.string() + " already exists; not overwriting it\n");
  CHECK(vrs::test::read_text_file(key) == before);
  CHECK_FALSE(fs::exists(pki.tmp / "other.crt"));
}

TEST_CASE("vrs-ca sign: the certificate carries the identity of the flags, not of the CSR", "[e2e][ca]") {
  Pki pki;
  Pki::write_csr(pki.csr, "THA-RTP");
  const auto out = pki.tmp / "member.crt";
  auto r = ca({"sign", "--dir", pki.dir.string(), "--csr", pki.csr.string(), "--member", "AUS-ABF", "--role", "analyst",
               "--out", out.string(), "--reason", "enrolment ticket 42"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.starts_with("signed member certificate for AUS-ABF (role analyst)\n"));
  CHECK(r.out.find("note: the CSR asked for the name \"THA-RTP\"; the certificate binds AUS-ABF as given by --member\n") !=
        std::string::npos);
  CHECK(mode_of(out) == 0644);
  auto cert = Certificate::load(out).value();
  REQUIRE(cert.identity().has_value());
  CHECK(cert.identity()->member.str() == "AUS-ABF");
  CHECK(cert.identity()->role == Role::Analyst);
  CHECK(verify_with_chain(cert, pki.dir / "ca-chain.pem", X509_PURPOSE_SSL_CLIENT) == 0);
  const auto index = vrs::test::read_text_file(pki.dir / "index.tsv");
  CHECK(index.find(cert.serial_hex() + "\tmember\tAUS-ABF\tanalyst\t") != std::string::npos);
  CHECK(index.find("\tvalid\t-\t-\t" + cert.fingerprint_sha256() + "\tenrolment ticket 42\n") != std::string::npos);
}

TEST_CASE("vrs-ca sign: works after root.key has been moved offline", "[e2e][ca]") {
  Pki pki;
  fs::rename(pki.dir / "root.key", pki.tmp / "offline-root.key");
  auto r = pki.sign("m.crt");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  auto list = ca({"list", "--dir", pki.dir.string()});
  CHECK(list.exit_code == 0);
  CHECK(list.out.find("warning:") == std::string::npos);
}

TEST_CASE("vrs-ca revoke: marks the index, writes a CRL listing the serial, numbers increase", "[e2e][ca]") {
  Pki pki;
  const auto serial = pki.signed_serial("a.crt");
  const auto other = pki.signed_serial("b.crt");
  auto r = ca({"revoke", "--dir", pki.dir.string(), "--serial", serial, "--reason", "key_compromise"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.starts_with("revoked certificate " + serial + " (member AUS-ABF) at "));
  CHECK(r.out.find("wrote CRL number 2 (1 revoked, next update ") != std::string::npos);
  auto crl = Crl::from_pem(vrs::test::read_text_file(pki.dir / "crl.pem")).value();
  CHECK(crl.number() == 2u);
  CHECK(crl.is_revoked(serial));
  CHECK_FALSE(crl.is_revoked(other));
  auto issuing = Certificate::load(pki.dir / "issuing.crt").value();
  CHECK(crl.verify(issuing));
  auto cert = Certificate::load(pki.tmp / "a.crt").value();
  CHECK(verify_with_chain(cert, pki.dir / "ca-chain.pem", X509_PURPOSE_SSL_CLIENT, &crl) == X509_V_ERR_CERT_REVOKED);
  CHECK(vrs::test::read_text_file(pki.dir / "index.tsv").find(serial + "\tmember\tAUS-ABF\treporter\t") !=
        std::string::npos);

  // By certificate file, with the other reason; the CRL now lists both.
  auto by_file = ca({"revoke", "--dir", pki.dir.string(), "--cert", (pki.tmp / "b.crt").string(), "--reason",
                     "superseded", "--next-update-days", "2"});
  REQUIRE(by_file.exit_code == 0);
  auto crl3 = Crl::from_pem(vrs::test::read_text_file(pki.dir / "crl.pem")).value();
  CHECK(crl3.number() == 3u);
  CHECK(crl3.size() == 2);
  CHECK(std::chrono::duration_cast<std::chrono::hours>(crl3.next_update() - crl3.last_update()).count() == 48);
}

TEST_CASE("vrs-ca crl: each run issues the next CRL number, to crl.pem or --out", "[e2e][ca]") {
  Pki pki;
  auto first = ca({"crl", "--dir", pki.dir.string()});
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(first.out.starts_with("wrote CRL number 2 (0 revoked, next update "));
  CHECK(first.out.ends_with(") to " + (pki.dir / "crl.pem").string() + "\n"));
  CHECK(Crl::from_pem(vrs::test::read_text_file(pki.dir / "crl.pem")).value().number() == 2u);
  const auto out = pki.tmp / "published.crl";
  auto second = ca({"crl", "--dir", pki.dir.string(), "--out", out.string(), "--next-update-days", "1"});
  REQUIRE(second.exit_code == 0);
  auto crl = Crl::from_pem(vrs::test::read_text_file(out)).value();
  CHECK(crl.number() == 3u);
  CHECK(std::chrono::duration_cast<std::chrono::hours>(crl.next_update() - crl.last_update()).count() == 24);
  CHECK(vrs::test::read_text_file(pki.dir / "crlnumber") == "3\n");
  CHECK(mode_of(out) == 0644);
}

TEST_CASE("vrs-ca list: shows every certificate with status and expiry and flags the next 30 days", "[e2e][ca]") {
  Pki pki;
  const auto soon = pki.signed_serial("soon.crt");
  REQUIRE(pki.sign("later.crt", {"--days", "200"}).exit_code == 0);
  const auto gone = pki.signed_serial("gone.crt");
  REQUIRE(ca({"revoke", "--dir", pki.dir.string(), "--serial", gone, "--reason", "affiliation_changed"}).exit_code == 0);
  // Re-sign "soon" with 12 days to get one expiring certificate.
  auto short_lived = pki.sign("short.crt", {"--days", "12", "--reason", "pilot"});
  REQUIRE(short_lived.exit_code == 0);
  const auto short_serial = Certificate::load(pki.tmp / "short.crt").value().serial_hex();
  auto r = ca({"list", "--dir", pki.dir.string()});
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.starts_with("SERIAL "));
  // Columns are padded to the longest serial (serials have no leading zeros, so lengths vary).
  const auto line_start = r.out.find("\n" + soon + " ");
  REQUIRE(line_start != std::string::npos);
  std::istringstream line(r.out.substr(line_start + 1, r.out.find('\n', line_start + 1) - line_start - 1));
  std::string serial_col, kind_col, subject_col, role_col;
  line >> serial_col >> kind_col >> subject_col >> role_col;
  CHECK(serial_col == soon);
  CHECK(kind_col == "member");
  CHECK(subject_col == "AUS-ABF");
  CHECK(role_col == "reporter");
  // 12 days from issue: 11 full days left, or 12 when list runs within the second of signing.
  CHECK((r.out.find("EXPIRING in 11 days") != std::string::npos || r.out.find("EXPIRING in 12 days") != std::string::npos));
  CHECK(r.out.find("revoked ") != std::string::npos);
  CHECK(r.out.find("affiliation_changed") != std::string::npos);
  CHECK(r.out.find(short_serial) != std::string::npos);
  CHECK(r.out.find("pilot\n") != std::string::npos);
  CHECK(r.out.find("4 certificates: 2 valid, 1 expiring within 30 days, 0 expired, 1 revoked\n") != std::string::npos);
  CHECK(r.out.find("last CRL number 2\n") != std::string::npos);
  CHECK(r.out.ends_with("warning: " + (pki.dir / "root.key").string() +
                        " is still in the CA directory; move it to offline storage\n"));
}

TEST_CASE("vrs-ca init: refuses a non-empty directory and leaves it as it was", "[e2e][ca]") {
  Pki pki;
  expect_refused(pki, {"init", "--dir", pki.dir.string()}, 1,
                 "CA directory " + pki.dir.string() + " is not empty; init needs a new or empty directory");
}

TEST_CASE("vrs-ca sign: refuses a garbage CSR", "[e2e][ca]") {
  Pki pki;
  vrs::test::write_file(pki.csr, "this is not a CSR\n", 0644);
  expect_refused(pki,
                 {"sign", "--dir", pki.dir.string(), "--csr", pki.csr.string(), "--member", "AUS-ABF", "--role",
                  "reporter", "--out", (pki.tmp / "m.crt").string()},
                 1, "CSR " + pki.csr.string() + ": not a PEM certificate request (no BEGIN CERTIFICATE REQUEST line)");
  CHECK_FALSE(fs::exists(pki.tmp / "m.crt"));
}

TEST_CASE("vrs-ca sign: refuses an unknown role", "[e2e][ca]") {
  Pki pki;
  expect_refused(pki,
                 {"sign", "--dir", pki.dir.string(), "--csr", pki.csr.string(), "--member", "AUS-ABF", "--role", "root",
                  "--out", (pki.tmp / "m.crt").string()},
                 1, "role: \"root\" is not one of reporter, analyst, admin");
  CHECK_FALSE(fs::exists(pki.tmp / "m.crt"));
}

TEST_CASE("vrs-ca sign: refuses a bad member id", "[e2e][ca]") {
  Pki pki;
  expect_refused(pki,
                 {"sign", "--dir", pki.dir.string(), "--csr", pki.csr.string(), "--member", "aus-abf", "--role",
                  "reporter", "--out", (pki.tmp / "m.crt").string()},
                 1, "member id: \"aus-abf\" must start with an upper-case ISO 3166-1 alpha-3 code");
  expect_refused(pki,
                 {"sign", "--dir", pki.dir.string(), "--csr", pki.csr.string(), "--member", "AUSABF", "--role",
                  "reporter", "--out", (pki.tmp / "m.crt").string()},
                 1, "member id: \"AUSABF\" must be <ISO3>-<AGENCY>, e.g. AUS-ABF");
}

TEST_CASE("vrs-ca sign: refuses a validity over 825 days", "[e2e][ca]") {
  Pki pki;
  expect_refused(pki,
                 {"sign", "--dir", pki.dir.string(), "--csr", pki.csr.string(), "--member", "AUS-ABF", "--role",
                  "reporter", "--out", (pki.tmp / "m.crt").string(), "--days", "900"},
                 1, "validity of 900 days exceeds the maximum of 825 days");
  CHECK_FALSE(fs::exists(pki.tmp / "m.crt"));
}

TEST_CASE("vrs-ca revoke: refuses an unknown serial, naming it", "[e2e][ca]") {
  Pki pki;
  (void)pki.signed_serial("m.crt");
  expect_refused(pki, {"revoke", "--dir", pki.dir.string(), "--serial", "DEADBEEF", "--reason", "key_compromise"}, 1,
                 "no certificate with serial deadbeef in " + (pki.dir / "index.tsv").string());
}

TEST_CASE("vrs-ca revoke: refuses to revoke twice", "[e2e][ca]") {
  Pki pki;
  const auto serial = pki.signed_serial("m.crt");
  auto first = ca({"revoke", "--dir", pki.dir.string(), "--serial", serial, "--reason", "key_compromise"});
  REQUIRE(first.exit_code == 0);
  auto index = CaIndex::load(pki.dir / "index.tsv").value();
  const auto revoked_at = format_time(*index.find(serial)->revoked_at);
  expect_refused(pki, {"revoke", "--dir", pki.dir.string(), "--serial", serial, "--reason", "superseded"}, 1,
                 "certificate " + serial + " (member AUS-ABF, reporter) was already revoked at " + revoked_at +
                     " (key_compromise)");
}

TEST_CASE("vrs-ca revoke: refuses a certificate from another CA", "[e2e][ca]") {
  Pki pki;
  Pki other;
  REQUIRE(other.sign("foreign.crt").exit_code == 0);
  auto foreign = Certificate::load(other.tmp / "foreign.crt").value();
  expect_refused(pki,
                 {"revoke", "--dir", pki.dir.string(), "--cert", (other.tmp / "foreign.crt").string(), "--reason",
                  "key_compromise"},
                 1,
                 "certificate " + foreign.serial_hex() + " (" + foreign.subject() +
                     ") was not issued by this CA's issuing certificate");
}

TEST_CASE("vrs-ca: a missing CA directory is named", "[e2e][ca]") {
  vrs::test::TempDir tmp;
  const auto missing = tmp / "no-such-ca";
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"list", "--dir", missing.string()},
           {"crl", "--dir", missing.string()},
           {"revoke", "--dir", missing.string(), "--serial", "01", "--reason", "unspecified"}}) {
    INFO(args[0]);
    auto r = ca(args);
    CHECK(r.exit_code == 1);
    CHECK(r.err == "vrs-ca: CA directory " + missing.string() + " does not exist\n");
    CHECK(r.out.empty());
  }
  CHECK_FALSE(fs::exists(missing));
}

TEST_CASE("vrs-ca: an issuing.key readable by others is refused", "[e2e][ca]") {
  Pki pki;
  fs::permissions(pki.dir / "issuing.key", fs::perms(0644));
  const auto key = (pki.dir / "issuing.key").string();
  const auto line = "key file " + key + " has mode 0644 (readable by group or others); run: chmod 600 " + key;
  expect_refused(pki,
                 {"sign", "--dir", pki.dir.string(), "--csr", pki.csr.string(), "--member", "AUS-ABF", "--role",
                  "reporter", "--out", (pki.tmp / "m.crt").string()},
                 1, line);
  expect_refused(pki, {"crl", "--dir", pki.dir.string()}, 1, line);
  CHECK_FALSE(fs::exists(pki.tmp / "m.crt"));
  // list reads no private key and still works.
  CHECK(ca({"list", "--dir", pki.dir.string()}).exit_code == 0);
}

TEST_CASE("vrs-ca: a corrupt index line is reported with its line number", "[e2e][ca]") {
  Pki pki;
  (void)pki.signed_serial("m.crt");
  const auto index_path = pki.dir / "index.tsv";
  std::string text = vrs::test::read_text_file(index_path);
  text.replace(text.find("\tvalid\t"), 7, "\tmaybe\t");
  vrs::test::write_file(index_path, text, 0644);
  const auto line = index_path.string() + ": line 2: status: \"maybe\" is not valid or revoked";
  expect_refused(pki, {"list", "--dir", pki.dir.string()}, 1, line);
  expect_refused(pki,
                 {"sign", "--dir", pki.dir.string(), "--csr", pki.csr.string(), "--member", "AUS-ABF", "--role",
                  "reporter", "--out", (pki.tmp / "m2.crt").string()},
                 1, line);
  CHECK_FALSE(fs::exists(pki.tmp / "m2.crt"));
}

TEST_CASE("vrs-ca: usage errors exit 2 with one line", "[e2e][ca]") {
  Pki pki;
  const auto before = snapshot(pki.dir);
  for (const auto& args : std::vector<std::vector<std::string>>{
           {},
           {"frobnicate"},
           {"list"},
           {"sign", "--dir", pki.dir.string(), "--csr", pki.csr.string(), "--member", "AUS-ABF", "--role", "reporter"},
           {"revoke", "--dir", pki.dir.string(), "--reason", "key_compromise"},
           {"revoke", "--dir", pki.dir.string(), "--serial", "01", "--cert", "x.crt", "--reason", "key_compromise"},
           {"revoke", "--dir", pki.dir.string(), "--serial", "01"},
           {"crl", "--dir", pki.dir.string(), "--next-update-days", "0"},
           {"init", "--dir", (pki.tmp / "new").string(), "--key-type", "rsa"},
           {"sign", "--dir", pki.dir.string(), "--csr", pki.csr.string(), "--member", "AUS-ABF", "--role", "reporter",
            "--out", "x.crt", "--days", "many"}}) {
    INFO((args.empty() ? std::string("(none)") : args[0]) << " " << args.size());
    auto r = ca(args);
    CHECK(r.exit_code == 2);
    CHECK(r.err.starts_with("vrs-ca: "));
    CHECK(r.err.ends_with(" (see --help)\n"));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.out.empty());
  }
  auto neither = ca({"revoke", "--dir", pki.dir.string(), "--reason", "key_compromise"});
  CHECK(neither.err == "vrs-ca: revoke needs exactly one of --serial or --cert (see --help)\n");
  CHECK(snapshot(pki.dir) == before);
  CHECK_FALSE(fs::exists(pki.tmp / "new"));
}

TEST_CASE("vrs-ca revoke: an unknown reason is refused before anything changes", "[e2e][ca]") {
  Pki pki;
  const auto serial = pki.signed_serial("m.crt");
  expect_refused(pki, {"revoke", "--dir", pki.dir.string(), "--serial", serial, "--reason", "lost"}, 1,
                 "reason: \"lost\" is not one of unspecified, key_compromise, affiliation_changed, superseded, "
                 "cessation_of_operation");
}
