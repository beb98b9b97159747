// The CA index (index.tsv): exact round trips, strict parsing with line-numbered messages,
// revocation bookkeeping.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <string>

#include "vrs/certs/ca_index.hpp"
#include "vrs/test/result.hpp"
#include "vrs/test/temp_dir.hpp"

using namespace vrs::certs;

using vrs::test::code_of;
using vrs::test::err;

namespace {

// The error message of a result, or a marker that makes the comparison fail if it succeeded
// (calling error() on a value would be undefined behaviour).
const std::string kHeader = std::string(kIndexHeader) + "\n";
const std::string kFp = std::string(64, 'a');
const std::string kMemberLine = "0a1b\tmember\tAUS-ABF\treporter\t2026-01-01T00:00:00Z\t2027-02-02T00:00:00Z\tvalid\t-\t-\t" +
                                kFp + "\tticket 42\n";
const std::string kRevokedLine = "ff\tserver\t127.0.0.1,vrs.example.org\t-\t2026-01-01T00:00:00Z\t2027-02-02T00:00:00Z\trevoked\t"
                                 "2026-03-04T05:06:07Z\tkey_compromise\t" + kFp + "\t-\n";

SysTime at(const char* text) { return parse_time(text).value(); }

IndexEntry member_entry(const std::string& serial) {
  IndexEntry e;
  e.serial_hex = serial;
  e.kind = CertKind::Member;
  e.subject = "AUS-ABF";
  e.role = Role::Analyst;
  e.not_before = at("2026-01-01T00:00:00Z");
  e.not_after = at("2026-12-31T23:59:59Z");
  e.fingerprint_sha256 = kFp;
  return e;
}

}  // namespace

TEST_CASE("index: header, member and revoked server lines survive parse and print byte for byte", "[pki][ca_index]") {
  const std::string text = kHeader + kMemberLine + kRevokedLine;
  auto index = CaIndex::parse(text).value();
  REQUIRE(index.entries().size() == 2);
  const auto& m = index.entries()[0];
  CHECK(m.serial_hex == "0a1b");
  CHECK(m.kind == CertKind::Member);
  CHECK(m.subject == "AUS-ABF");
  CHECK(m.role == Role::Reporter);
  CHECK(format_time(m.not_before) == "2026-01-01T00:00:00Z");
  CHECK(format_time(m.not_after) == "2027-02-02T00:00:00Z");
  CHECK(m.status == CertStatus::Valid);
  CHECK_FALSE(m.revoked_at.has_value());
  CHECK(m.note == "ticket 42");
  const auto& s = index.entries()[1];
  CHECK(s.kind == CertKind::Server);
  CHECK_FALSE(s.role.has_value());
  CHECK(s.status == CertStatus::Revoked);
  CHECK(format_time(*s.revoked_at) == "2026-03-04T05:06:07Z");
  CHECK(s.reason == RevocationReason::KeyCompromise);
  CHECK(s.note.empty());
  CHECK(index.to_text() == text);
}

TEST_CASE("index: a header-only file is an empty index and an empty file is refused", "[pki][ca_index]") {
  CHECK(CaIndex::parse(kHeader).value().entries().empty());
  CHECK(CaIndex().to_text() == kHeader);
  auto empty = CaIndex::parse("");
  REQUIRE_FALSE(empty);
  CHECK(err(empty) == "line 1: empty file (the header line is missing)");
}

TEST_CASE("index: every malformed line is refused with its line number and the reason", "[pki][ca_index]") {
  using Row = std::tuple<std::string, std::string>;
  const std::string tail = "\t2026-01-01T00:00:00Z\t2027-02-02T00:00:00Z\tvalid\t-\t-\t" + kFp + "\t-\n";
  auto [line, message] = GENERATE_COPY(table<std::string, std::string>({
      Row{"0a1b\tmember\tAUS-ABF\treporter\n", "line 3: expected 11 TAB-separated fields, found 4"},
      Row{"0a1c\tclient\tAUS-ABF\treporter" + tail, "line 3: kind: \"client\" is not server or member"},
      Row{"0a1c\tmember\tAUS-ABF\tboss" + tail, "line 3: role: \"boss\" is not one of reporter, analyst, admin"},
      Row{"0a1c\tmember\taus-abf\treporter" + tail,
          "line 3: subject: member id: \"aus-abf\" must start with an upper-case ISO 3166-1 alpha-3 code"},
      Row{"0a1c\tmember\tAUS-ABF\t-" + tail, "line 3: role: a member certificate needs a role"},
      Row{"0a1c\tserver\tvrs.example.org\tadmin" + tail, "line 3: role: must be \"-\" for a server certificate"},
      Row{"0a1c\tserver\ta b\t-" + tail, "line 3: subject: \"a b\" is not a ','-separated list of server names"},
      Row{"xyz\tmember\tAUS-ABF\treporter" + tail, "line 3: serial \"xyz\" is not hexadecimal"},
      Row{"0A1C\tmember\tAUS-ABF\treporter" + tail, "line 3: serial \"0A1C\" is not lower-case hex"},
      Row{"0a1b\tmember\tAUS-ABF\treporter" + tail, "line 3: serial 0a1b appears twice"},
      Row{"0a1c\tmember\tAUS-ABF\treporter\t2026-02-30T00:00:00Z\t2027-02-02T00:00:00Z\tvalid\t-\t-\t" + kFp + "\t-\n",
          "line 3: not_before: \"2026-02-30T00:00:00Z\" is not a UTC time like 2026-11-23T09:30:00Z"},
      Row{"0a1c\tmember\tAUS-ABF\treporter\t2026-01-01 00:00:00\t2027-02-02T00:00:00Z\tvalid\t-\t-\t" + kFp + "\t-\n",
          "line 3: not_before: \"2026-01-01 00:00:00\" is not a UTC time like 2026-11-23T09:30:00Z"},
      Row{"0a1c\tmember\tAUS-ABF\treporter\t2027-02-02T00:00:00Z\t2026-01-01T00:00:00Z\tvalid\t-\t-\t" + kFp + "\t-\n",
          "line 3: not_after: not after not_before"},
      Row{"0a1c\tmember\tAUS-ABF\treporter\t2026-01-01T00:00:00Z\t2027-02-02T00:00:00Z\tgood\t-\t-\t" + kFp + "\t-\n",
          "line 3: status: \"good\" is not valid or revoked"},
      Row{"0a1c\tmember\tAUS-ABF\treporter\t2026-01-01T00:00:00Z\t2027-02-02T00:00:00Z\trevoked\t-\t-\t" + kFp + "\t-\n",
          "line 3: revoked_at and reason: required when status is revoked"},
      Row{"0a1c\tmember\tAUS-ABF\treporter\t2026-01-01T00:00:00Z\t2027-02-02T00:00:00Z\tvalid\t-\tsuperseded\t" + kFp +
              "\t-\n",
          "line 3: revoked_at and reason: must be \"-\" when status is valid"},
      Row{"0a1c\tmember\tAUS-ABF\treporter\t2026-01-01T00:00:00Z\t2027-02-02T00:00:00Z\trevoked\t2026-03-01T00:00:00Z\t"
          "lost\t" + kFp + "\t-\n",
          "line 3: reason: \"lost\" is not one of unspecified, key_compromise, affiliation_changed, superseded, "
          "cessation_of_operation"},
      Row{"0a1c\tmember\tAUS-ABF\treporter\t2026-01-01T00:00:00Z\t2027-02-02T00:00:00Z\tvalid\t-\t-\tABCD\t-\n",
          "line 3: sha256: \"ABCD\" is not 64 lower-case hex digits"},
      Row{"0a1c\tmember\tAUS-ABF\treporter\t2026-01-01T00:00:00Z\t2027-02-02T00:00:00Z\tvalid\t-\t-\t" + kFp + "\t\n",
          "line 3: note: empty (write \"-\" for none)"},
      Row{"0a1c\tmember\tAUS-ABF\treporter\t2026-01-01T00:00:00Z\t2027-02-02T00:00:00Z\tvalid\t-\t-\t" + kFp + "\tx\ry\n",
          "line 3: note: \"x\\x0dy\" contains a TAB, newline or other control character"},
      Row{"\n", "line 3: expected 11 TAB-separated fields, found 1"},
  }));
  INFO(line);
  auto parsed = CaIndex::parse(kHeader + kMemberLine + line);
  REQUIRE_FALSE(parsed);
  CHECK(code_of(parsed) == vrs::ErrorCode::InvalidArgument);
  CHECK(err(parsed) == message);
}

TEST_CASE("index: a wrong header or a missing final newline is refused", "[pki][ca_index]") {
  auto header = CaIndex::parse("serial kind subject\n");
  REQUIRE_FALSE(header);
  CHECK(err(header).starts_with("line 1: not a vrs-ca index header"));
  auto truncated = CaIndex::parse(kHeader + kMemberLine.substr(0, kMemberLine.size() - 1));
  REQUIRE_FALSE(truncated);
  CHECK(err(truncated) == "line 2: no newline at the end of the file (truncated?)");
}

TEST_CASE("index: serials match in any case and with leading zeros", "[pki][ca_index]") {
  auto index = CaIndex::parse(kHeader + kMemberLine).value();
  CHECK(index.find("0a1b") != nullptr);
  CHECK(index.find("A1B") != nullptr);
  CHECK(index.find("000A1b") != nullptr);
  CHECK(index.find("a1c") == nullptr);
  CHECK(index.find("not hex") == nullptr);
  CHECK(normalize_serial("00FF").value() == "ff");
  CHECK(normalize_serial("0").value() == "0");
  CHECK(err(normalize_serial("")) == "serial \"\" is not hexadecimal");
  CHECK(code_of(normalize_serial(std::string(41, 'a'))) == vrs::ErrorCode::InvalidArgument);
}

TEST_CASE("index: mark_revoked records time and reason once, and revoked() feeds the CRL", "[pki][ca_index]") {
  CaIndex index;
  REQUIRE(index.add(member_entry("01")));
  REQUIRE(index.add(member_entry("02")));
  CHECK(index.revoked().empty());
  const auto when = at("2026-06-01T12:00:00Z") + std::chrono::milliseconds(700);
  auto revoked = index.mark_revoked("2", when, RevocationReason::Superseded).value();
  CHECK(revoked.serial_hex == "02");
  CHECK(revoked.status == CertStatus::Revoked);
  CHECK(format_time(*revoked.revoked_at) == "2026-06-01T12:00:00Z");
  auto again = index.mark_revoked("02", when, RevocationReason::KeyCompromise);
  REQUIRE_FALSE(again);
  CHECK(code_of(again) == vrs::ErrorCode::FailedPrecondition);
  CHECK(err(again) == "certificate 02 was already revoked at 2026-06-01T12:00:00Z (superseded)");
  auto unknown = index.mark_revoked("03", when, RevocationReason::KeyCompromise);
  REQUIRE_FALSE(unknown);
  CHECK(code_of(unknown) == vrs::ErrorCode::NotFound);
  CHECK(err(unknown) == "no certificate with serial 3 in the index");
  const auto list = index.revoked();
  REQUIRE(list.size() == 1);
  CHECK(list[0].serial_hex == "02");
  CHECK(list[0].reason == RevocationReason::Superseded);
  // What was written reads back identically (revoked_at has seconds precision).
  CHECK(CaIndex::parse(index.to_text()).value().to_text() == index.to_text());
}

TEST_CASE("index: add refuses duplicates and entries that break the format", "[pki][ca_index]") {
  CaIndex index;
  REQUIRE(index.add(member_entry("0abc")));
  auto dup = index.add(member_entry("00abc"));
  REQUIRE_FALSE(dup);
  CHECK(code_of(dup) == vrs::ErrorCode::AlreadyExists);
  auto tab_note = member_entry("0abd");
  tab_note.note = "a\tb";
  CHECK(err(index.add(tab_note)) == "note: \"a\\tb\" contains a TAB, newline or other control character");
  auto long_note = member_entry("0abe");
  long_note.note = std::string(201, 'x');
  CHECK(err(index.add(long_note)) == "note: 201 bytes; at most 200 allowed");
  auto dash_note = member_entry("0abf");
  dash_note.note = "-";
  CHECK(err(index.add(dash_note)) == "note: \"-\" is reserved for an empty note");
  CHECK(index.entries().size() == 1);
}

TEST_CASE("index: parse_time accepts only real UTC times in the one format", "[pki][ca_index]") {
  CHECK(format_time(parse_time("2024-02-29T23:59:59Z").value()) == "2024-02-29T23:59:59Z");
  for (const char* bad : {"2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:00:00",
                          "2026-01-01T00:00:00+01:00", "", "-"}) {
    INFO(bad);
    CHECK_FALSE(parse_time(bad).has_value());
  }
}

TEST_CASE("index: save writes 0644 atomically and load names the file in errors", "[pki][ca_index]") {
  vrs::test::TempDir dir;
  const auto path = dir / "index.tsv";
  auto index = CaIndex::parse(kHeader + kMemberLine + kRevokedLine).value();
  REQUIRE(index.save(path));
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0644);
  CHECK(vrs::test::read_text_file(path) == kHeader + kMemberLine + kRevokedLine);
  CHECK(CaIndex::load(path).value().entries().size() == 2);
  vrs::test::write_file(path, kHeader + "garbage\n", 0644);
  auto bad = CaIndex::load(path);
  REQUIRE_FALSE(bad);
  CHECK(err(bad) == path.string() + ": line 2: expected 11 TAB-separated fields, found 1");
  auto missing = CaIndex::load(dir / "nope.tsv");
  REQUIRE_FALSE(missing);
  CHECK(code_of(missing) == vrs::ErrorCode::NotFound);
  CHECK(err(missing) == (dir / "nope.tsv").string() + " does not exist");
}
