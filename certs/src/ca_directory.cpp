#include "vrs/certs/ca_directory.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <utility>

#include "ossl.hpp"
#include "vrs/common/text_file.hpp"
#include "vrs/certs/authority.hpp"

namespace vrs::certs {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxPemFile = 256 * 1024;
constexpr std::size_t kMaxNameLength = 64;  // X.520 ub-common-name

// Removes what a failed init created, so a refused or failed init leaves nothing behind.
class InitRollback {
 public:
  explicit InitRollback(fs::path dir, bool dir_created) : dir_(std::move(dir)), dir_created_(dir_created) {}
  InitRollback(const InitRollback&) = delete;
  InitRollback& operator=(const InitRollback&) = delete;
  ~InitRollback() {
    if (committed_) return;
    std::error_code ec;
    for (const auto& name : created_) fs::remove(dir_ / name, ec);
    if (dir_created_) fs::remove(dir_, ec);
  }
  void created(const char* name) { created_.emplace_back(name); }
  void commit() { committed_ = true; }

 private:
  fs::path dir_;
  bool dir_created_;
  bool committed_ = false;
  std::vector<std::string> created_;
};

Result<void> check_ca_name(std::string_view what, const std::string& name) {
  if (name.empty() || name.size() > kMaxNameLength ||
      std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    return fail(ErrorCode::InvalidArgument, std::string(what) + " \"" + name.substr(0, 64) +
                                                "\" must be 1 to 64 characters without control characters");
  }
  return {};
}

Result<void> check_days(std::string_view what, std::chrono::days days) {
  if (days.count() < 1) {
    return fail(ErrorCode::InvalidArgument, std::string(what) + " of " + std::to_string(days.count()) + " days: must be at least 1 day");
  }
  return {};
}

// Takes an exclusive, non-blocking flock on the directory itself.
Result<Fd> lock_directory(const fs::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return fail(ErrorCode::FailedPrecondition, "cannot open CA directory " + dir.string() + ": " + errno_text(errno));
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    if (err == EWOULDBLOCK) {
      return fail(ErrorCode::FailedPrecondition, "CA directory " + dir.string() + " is in use by another vrs-ca process");
    }
    return fail(ErrorCode::FailedPrecondition, "cannot lock CA directory " + dir.string() + ": " + errno_text(err));
  }
  return fd;
}

Result<Certificate> load_certificate(const fs::path& path) {
  VRS_TRY(const auto pem, read_text_file(path, kMaxPemFile));
  auto cert = Certificate::from_pem(pem);
  if (!cert) return fail(cert.error().with_context(path.string()));
  return cert;
}

Result<std::uint64_t> parse_crl_number(const fs::path& path, const std::string& text) {
  const auto bad = [&] {
    std::string shown = text.substr(0, 24);
    std::replace_if(shown.begin(), shown.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }, '?');
    return fail(ErrorCode::InvalidArgument,
                path.string() + ": \"" + shown + "\" is not a CRL number (decimal digits and a newline)");
  };
  if (text.size() < 2 || text.size() > 20 || text.back() != '\n') return bad();
  std::uint64_t value = 0;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return bad();
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (text.size() > 2 && text.front() == '0') return bad();
  return value;
}

bool signed_by(const Certificate& cert, const Certificate& issuer) {
  EVP_PKEY* key = X509_get0_pubkey(issuer.native());
  const bool ok = key != nullptr && X509_check_issued(issuer.native(), cert.native()) == X509_V_OK &&
                  X509_verify(cert.native(), key) == 1;
  ERR_clear_error();
  return ok;
}

// An output path must be new and its directory must exist: checked before anything is written.
Result<void> check_new_output(std::string_view what, const fs::path& path) {
  if (path.empty()) return fail(ErrorCode::InvalidArgument, std::string(what) + ": no path given");
  std::error_code ec;
  if (fs::symlink_status(path, ec).type() != fs::file_type::not_found) {
    return fail(ErrorCode::AlreadyExists, path.string() + " already exists; not overwriting it");
  }
  const fs::path parent = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  if (!fs::is_directory(parent, ec)) {
    return fail(ErrorCode::NotFound, "directory " + parent.string() + " of " + path.string() + " does not exist");
  }
  return {};
}

std::string describe(const IndexEntry& e) {
  if (e.kind == CertKind::Member) return "member " + e.subject + ", " + std::string(to_string(*e.role));
  return "server " + e.subject;
}

}  // namespace

std::string_view to_string(CertState state) noexcept {
  switch (state) {
    case CertState::Valid: return "valid";
    case CertState::ExpiringSoon: return "expiring";
    case CertState::Expired: return "expired";
    case CertState::Revoked: return "revoked";
  }
  return "valid";
}

Result<CaDirectory> CaDirectory::init(const fs::path& dir, const CaInitOptions& options) {
  VRS_TRY_VOID(check_ca_name("root CA name", options.root_name));
  VRS_TRY_VOID(check_ca_name("issuing CA name", options.issuing_name));
  if (options.root_name == options.issuing_name) {
    return fail(ErrorCode::InvalidArgument, "the root and issuing CA names must differ (both are \"" + options.root_name + "\")");
  }
  VRS_TRY_VOID(check_days("root CA validity", options.root_days));
  VRS_TRY_VOID(check_days("issuing CA validity", options.issuing_days));
  if (options.issuing_days > options.root_days) {
    return fail(ErrorCode::InvalidArgument, "issuing CA validity of " + std::to_string(options.issuing_days.count()) +
                                                " days exceeds the root CA validity of " +
                                                std::to_string(options.root_days.count()) + " days");
  }

  std::error_code ec;
  bool dir_created = false;
  const auto status = fs::symlink_status(dir, ec);
  if (status.type() == fs::file_type::not_found) {
    if (::mkdir(dir.c_str(), 0700) != 0) {
      return fail(ErrorCode::FailedPrecondition, "cannot create CA directory " + dir.string() + ": " + errno_text(errno));
    }
    dir_created = true;
  } else if (status.type() != fs::file_type::directory) {
    return fail(ErrorCode::AlreadyExists, dir.string() + " exists and is not a directory");
  } else if (!fs::is_empty(dir, ec) || ec) {
    return fail(ErrorCode::AlreadyExists, "CA directory " + dir.string() + " is not empty; init needs a new or empty directory");
  }
  InitRollback rollback(dir, dir_created);
  // umask-proof: the CA directory is private to its owner.
  if (::chmod(dir.c_str(), 0700) != 0) {
    return fail(ErrorCode::FailedPrecondition, "cannot chmod 0700 " + dir.string() + ": " + errno_text(errno));
  }
  CaDirectory ca;
  ca.dir_ = dir;
  VRS_TRY(ca.lock_, lock_directory(dir));

  VRS_TRY(const auto root_key, PrivateKey::generate(options.key_type));
  VRS_TRY(auto root, make_root_ca(root_key, options.root_name, Validity::from_now(options.root_days)));
  VRS_TRY(const auto issuing_key, PrivateKey::generate(options.key_type));
  VRS_TRY(auto issuing,
          make_issuing_ca(root, root_key, issuing_key, options.issuing_name, Validity::from_now(options.issuing_days)));
  VRS_TRY(const auto crl, Crl::build(issuing, issuing_key, {}, 1));

  const auto write = [&](const char* name, std::string_view content) -> Result<void> {
    VRS_TRY_VOID(write_file_atomically(dir / name, content, 0644, Replace::No));
    rollback.created(name);
    return {};
  };
  VRS_TRY_VOID(root_key.save(dir / CaFiles::kRootKey));
  rollback.created(CaFiles::kRootKey);
  VRS_TRY_VOID(issuing_key.save(dir / CaFiles::kIssuingKey));
  rollback.created(CaFiles::kIssuingKey);
  VRS_TRY_VOID(write(CaFiles::kRootCert, root.to_pem()));
  VRS_TRY_VOID(write(CaFiles::kIssuingCert, issuing.to_pem()));
  VRS_TRY_VOID(write(CaFiles::kChain, issuing.to_pem() + root.to_pem()));
  VRS_TRY_VOID(write(CaFiles::kIndex, ca.index_.to_text()));
  VRS_TRY_VOID(write(CaFiles::kCrlNumber, "1\n"));
  VRS_TRY_VOID(write(CaFiles::kCrl, crl.to_pem()));

  ca.root_ = std::move(root);
  ca.issuing_ = std::move(issuing);
  ca.crl_number_ = 1;
  rollback.commit();
  return ca;
}

Result<CaDirectory> CaDirectory::open(const fs::path& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    if (errno == ENOENT) return fail(ErrorCode::NotFound, "CA directory " + dir.string() + " does not exist");
    return fail(ErrorCode::FailedPrecondition, "cannot open CA directory " + dir.string() + ": " + errno_text(errno));
  }
  if (!S_ISDIR(st.st_mode)) return fail(ErrorCode::InvalidArgument, "CA directory " + dir.string() + " is not a directory");
  if ((st.st_mode & 022) != 0) {
    return fail(ErrorCode::FailedPrecondition, "CA directory " + dir.string() + " has mode " + mode_string(st.st_mode) +
                                                   " (writable by group or others); run: chmod 700 " + dir.string());
  }
  CaDirectory ca;
  ca.dir_ = dir;
  VRS_TRY(ca.lock_, lock_directory(dir));

  VRS_TRY(auto root, load_certificate(dir / CaFiles::kRootCert));
  VRS_TRY(auto issuing, load_certificate(dir / CaFiles::kIssuingCert));
  // A self-signed root copied over issuing.crt would pass signed_by(): compare them too.
  if (!root.is_ca() || !issuing.is_ca() || !signed_by(issuing, root) ||
      issuing.fingerprint_sha256() == root.fingerprint_sha256()) {
    return fail(ErrorCode::InvalidArgument, (dir / CaFiles::kIssuingCert).string() + " is not a CA certificate signed by " +
                                                (dir / CaFiles::kRootCert).string());
  }
  VRS_TRY(ca.index_, CaIndex::load(dir / CaFiles::kIndex));
  const fs::path number_path = dir / CaFiles::kCrlNumber;
  VRS_TRY(const auto number_text, read_text_file(number_path, 64));
  VRS_TRY(ca.crl_number_, parse_crl_number(number_path, number_text));

  ca.root_ = std::move(root);
  ca.issuing_ = std::move(issuing);
  return ca;
}

bool CaDirectory::root_key_present() const {
  std::error_code ec;
  return fs::symlink_status(dir_ / CaFiles::kRootKey, ec).type() != fs::file_type::not_found;
}

Result<PrivateKey> CaDirectory::load_issuing_key() const {
  VRS_TRY(auto key, PrivateKey::load(dir_ / CaFiles::kIssuingKey));
  if (X509_check_private_key(issuing_->native(), key.native()) != 1) {
    ERR_clear_error();
    return fail(ErrorCode::InvalidArgument, (dir_ / CaFiles::kIssuingKey).string() + " does not belong to " +
                                                (dir_ / CaFiles::kIssuingCert).string());
  }
  return key;
}

Result<void> CaDirectory::check_leaf_days(std::chrono::days days, SysTime now) const {
  if (days.count() < 1) {
    return fail(ErrorCode::InvalidArgument, "validity of " + std::to_string(days.count()) + " days: must be at least 1 day");
  }
  if (days > kMaxLeafValidity) {
    return fail(ErrorCode::InvalidArgument, "validity of " + std::to_string(days.count()) +
                                                " days exceeds the maximum of " + std::to_string(kMaxLeafValidity.count()) +
                                                " days");
  }
  if (now + days > issuing_->not_after()) {
    return fail(ErrorCode::InvalidArgument, "validity of " + std::to_string(days.count()) +
                                                " days would end after the issuing CA expires (" +
                                                format_time(issuing_->not_after()) + ")");
  }
  return {};
}

Result<Issued> CaDirectory::record(Certificate cert, CertKind kind, std::string note) {
  VRS_TRY(auto entry, IndexEntry::for_certificate(cert, kind, std::move(note)));
  CaIndex updated = index_;
  VRS_TRY_VOID(updated.add(entry));
  VRS_TRY_VOID(updated.save(dir_ / CaFiles::kIndex));
  index_ = std::move(updated);
  return Issued{std::move(cert), std::move(entry), {}};
}

Result<Issued> CaDirectory::issue_server(const ServerRequest& request) {
  const auto now = std::chrono::system_clock::now();
  VRS_TRY_VOID(check_leaf_days(request.days, now));
  VRS_TRY_VOID(check_note(request.note));
  VRS_TRY_VOID(check_new_output("server key", request.key_out));
  VRS_TRY_VOID(check_new_output("server certificate", request.cert_out));
  std::error_code ec;
  std::error_code ec2;
  const auto key_abs = fs::weakly_canonical(request.key_out, ec);
  const auto cert_abs = fs::weakly_canonical(request.cert_out, ec2);
  if (request.key_out == request.cert_out || (!ec && !ec2 && key_abs == cert_abs)) {
    return fail(ErrorCode::InvalidArgument, "the key and the certificate cannot both go to " + request.key_out.string());
  }
  VRS_TRY(const auto issuer_key, load_issuing_key());
  VRS_TRY(const auto key, PrivateKey::generate(request.key_type));
  VRS_TRY(auto cert, make_server_certificate(*issuing_, issuer_key, key, request.names, Validity::from_now(request.days)));

  const CaIndex before = index_;
  VRS_TRY(auto issued, record(std::move(cert), CertKind::Server, request.note));
  // Outputs after the record; if they cannot be written, undo both so nothing changed.
  auto undo = [&](const Error& error) -> Result<Issued> {
    if (before.save(dir_ / CaFiles::kIndex)) index_ = before;
    return fail(error);
  };
  if (auto saved = key.save(request.key_out); !saved) return undo(saved.error());
  if (auto written = write_file_atomically(request.cert_out, issued.certificate.to_pem(), 0644, Replace::No);
      !written) {
    fs::remove(request.key_out, ec);
    return undo(written.error());
  }
  return issued;
}

Result<Issued> CaDirectory::sign_member(const MemberRequest& request) {
  const auto now = std::chrono::system_clock::now();
  VRS_TRY_VOID(parse_member_id(request.identity.member.str()));
  VRS_TRY_VOID(check_leaf_days(request.days, now));
  VRS_TRY_VOID(check_note(request.note));
  if (request.csr_pem.find("-----BEGIN CERTIFICATE REQUEST-----") == std::string::npos) {
    return fail(ErrorCode::InvalidArgument,
                request.csr_label + ": not a PEM certificate request (no BEGIN CERTIFICATE REQUEST line)");
  }
  auto csr = Csr::from_pem(request.csr_pem);
  if (!csr) return fail(csr.error().with_context(request.csr_label));
  VRS_TRY_VOID(check_new_output("member certificate", request.cert_out));
  VRS_TRY(const auto issuer_key, load_issuing_key());
  VRS_TRY(auto cert, sign_member_csr(*issuing_, issuer_key, *csr, request.identity, Validity::from_now(request.days)));

  const CaIndex before = index_;
  VRS_TRY(auto issued, record(std::move(cert), CertKind::Member, request.note));
  if (auto written = write_file_atomically(request.cert_out, issued.certificate.to_pem(), 0644, Replace::No);
      !written) {
    if (before.save(dir_ / CaFiles::kIndex)) index_ = before;
    return fail(written.error());
  }
  issued.csr_common_name = csr->common_name();
  return issued;
}

Result<std::string> CaDirectory::serial_of(const Certificate& cert) const {
  if (!signed_by(cert, *issuing_)) {
    return fail(ErrorCode::InvalidArgument, "certificate " + cert.serial_hex() + " (" + cert.subject() +
                                                ") was not issued by this CA's issuing certificate");
  }
  const IndexEntry* entry = index_.find(cert.serial_hex());
  if (entry == nullptr) {
    return fail(ErrorCode::NotFound, "no certificate with serial " + cert.serial_hex() + " in " +
                                         (dir_ / CaFiles::kIndex).string());
  }
  if (entry->fingerprint_sha256 != cert.fingerprint_sha256()) {
    return fail(ErrorCode::InvalidArgument, "certificate " + cert.serial_hex() + " does not match its entry in " +
                                                (dir_ / CaFiles::kIndex).string() + " (different SHA-256 fingerprint)");
  }
  return entry->serial_hex;
}

Result<void> CaDirectory::save_crl_number(std::uint64_t number) {
  VRS_TRY_VOID(write_file_atomically(dir_ / CaFiles::kCrlNumber, std::to_string(number) + "\n", 0644,
                                             Replace::Yes));
  crl_number_ = number;
  return {};
}

Result<Revocation> CaDirectory::revoke(std::string_view serial_hex, RevocationReason reason, std::chrono::hours next_update) {
  VRS_TRY(const auto serial, normalize_serial(serial_hex));
  const IndexEntry* entry = index_.find(serial);
  if (entry == nullptr) {
    return fail(ErrorCode::NotFound, "no certificate with serial " + serial + " in " + (dir_ / CaFiles::kIndex).string());
  }
  if (entry->status == CertStatus::Revoked) {
    return fail(ErrorCode::FailedPrecondition, "certificate " + entry->serial_hex + " (" + describe(*entry) +
                                                   ") was already revoked at " + format_time(*entry->revoked_at) + " (" +
                                                   std::string(to_string(*entry->reason)) + ")");
  }
  VRS_TRY(const auto issuer_key, load_issuing_key());
  if (crl_number_ >= (std::uint64_t{1} << 62)) return fail(ErrorCode::ResourceExhausted, "CRL numbers exhausted");

  CaIndex updated = index_;
  VRS_TRY(auto revoked, updated.mark_revoked(serial, std::chrono::system_clock::now(), reason));
  const std::uint64_t number = crl_number_ + 1;
  VRS_TRY(auto crl, Crl::build(*issuing_, issuer_key, updated.revoked(), number, next_update));

  // Index first (the record), then the CRL number, then the CRL; undo on failure.
  const CaIndex before = index_;
  const std::uint64_t before_number = crl_number_;
  VRS_TRY_VOID(updated.save(dir_ / CaFiles::kIndex));
  index_ = std::move(updated);
  const auto undo = [&](const Error& error) -> Result<Revocation> {
    if (before.save(dir_ / CaFiles::kIndex)) index_ = before;
    (void)save_crl_number(before_number);
    return fail(error);
  };
  if (auto saved = save_crl_number(number); !saved) return undo(saved.error());
  if (auto written = write_crl(crl, dir_ / CaFiles::kCrl); !written) return undo(written.error());
  return Revocation{std::move(revoked), std::move(crl)};
}

Result<Crl> CaDirectory::build_crl(std::chrono::hours next_update) {
  if (next_update.count() < 1) return fail(ErrorCode::InvalidArgument, "CRL next update must be at least one hour ahead");
  VRS_TRY(const auto issuer_key, load_issuing_key());
  if (crl_number_ >= (std::uint64_t{1} << 62)) return fail(ErrorCode::ResourceExhausted, "CRL numbers exhausted");
  const std::uint64_t number = crl_number_ + 1;
  VRS_TRY(auto crl, Crl::build(*issuing_, issuer_key, index_.revoked(), number, next_update));
  VRS_TRY_VOID(save_crl_number(number));
  return crl;
}

Result<void> CaDirectory::write_crl(const Crl& crl, const fs::path& path) {
  const std::string pem = crl.to_pem();
  if (pem.empty()) return fail(ErrorCode::Internal, "cannot encode CRL");
  return write_file_atomically(path, pem, 0644, Replace::Yes);
}

std::vector<InventoryRow> CaDirectory::list(SysTime now) const {
  std::vector<InventoryRow> rows;
  rows.reserve(index_.entries().size());
  for (const auto& e : index_.entries()) {
    InventoryRow row{e, CertState::Valid, 0};
    const auto left = e.not_after - now;
    row.days_left = std::chrono::floor<std::chrono::days>(left).count();
    if (e.status == CertStatus::Revoked) {
      row.state = CertState::Revoked;
    } else if (e.not_after <= now) {
      row.state = CertState::Expired;
    } else if (left <= kExpiryWarning) {
      row.state = CertState::ExpiringSoon;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string format_inventory(const std::vector<InventoryRow>& rows) {
  if (rows.empty()) return "no certificates issued yet\n";
  struct Cells {
    std::string serial, kind, subject, role, not_after, status, note;
  };
  std::vector<Cells> table;
  table.push_back({"SERIAL", "KIND", "SUBJECT", "ROLE", "NOT_AFTER", "STATUS", "NOTE"});
  std::array<std::size_t, 4> counts{};  // indexed by CertState
  for (const auto& row : rows) {
    const auto& e = row.entry;
    std::string status;
    switch (row.state) {
      case CertState::Valid: status = "valid"; break;
      case CertState::ExpiringSoon:
        status = "EXPIRING in " + std::to_string(row.days_left) + (row.days_left == 1 ? " day" : " days");
        break;
      case CertState::Expired: status = "expired"; break;
      case CertState::Revoked:
        status = "revoked " + format_time(*e.revoked_at) + " " + std::string(to_string(*e.reason));
        break;
    }
    ++counts[static_cast<std::size_t>(row.state)];
    table.push_back({e.serial_hex, std::string(to_string(e.kind)), e.subject,
                     e.role ? std::string(to_string(*e.role)) : "-", format_time(e.not_after), status,
                     e.note.empty() ? "-" : e.note});
  }
  std::array<std::size_t, 6> w{};
  for (const auto& c : table) {
    w[0] = std::max(w[0], c.serial.size());
    w[1] = std::max(w[1], c.kind.size());
    w[2] = std::max(w[2], c.subject.size());
    w[3] = std::max(w[3], c.role.size());
    w[4] = std::max(w[4], c.not_after.size());
    w[5] = std::max(w[5], c.status.size());
  }
  const auto pad = [](const std::string& s, std::size_t width) { return s + std::string(width - s.size() + 2, ' '); };
  std::string out;
  for (const auto& c : table) {
    out += pad(c.serial, w[0]) + pad(c.kind, w[1]) + pad(c.subject, w[2]) + pad(c.role, w[3]) + pad(c.not_after, w[4]) +
           pad(c.status, w[5]) + c.note + "\n";
  }
  out += std::to_string(rows.size()) + (rows.size() == 1 ? " certificate: " : " certificates: ") +
         std::to_string(counts[0]) + " valid, " + std::to_string(counts[1]) + " expiring within " +
         std::to_string(kExpiryWarning.count()) + " days, " + std::to_string(counts[2]) + " expired, " +
         std::to_string(counts[3]) + " revoked\n";
  return out;
}

}  // namespace vrs::certs
