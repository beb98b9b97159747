#pragma once
/// A CA directory: the files of the VRS certificate authority that `vrs-ca` manages.
///
///     DIR/                mode 0700, created by init (init refuses a non-empty directory)
///       root.key          0600  root CA private key. Needed only to make issuing CAs: move it
///                               to offline storage (encrypted USB stick, safe) after init
///       root.crt          0644  root CA certificate (20 years by default)
///       issuing.key       0600  issuing CA private key: signs server and member certificates
///                               and CRLs; the server holds a copy for online enrolment
///       issuing.crt       0644  issuing CA certificate, signed by the root (10 years)
///       ca-chain.pem      0644  issuing.crt + root.crt: what servers and clients trust
///       index.tsv         0644  one line per certificate issued here (see ca_index.hpp)
///       crlnumber         0644  the number of the last CRL issued, decimal + newline
///       crl.pem           0644  the latest CRL (init writes CRL 1, empty)
///
/// Decisions:
///  - The root key is never read after init: open() works without it, so the root key can live
///    offline. Every operation that signs (server, member, revoke, CRL) loads issuing.key and
///    refuses it if group or others have any permission bit (crypto::read_secret_file rules).
///  - One CaDirectory holds an exclusive flock(2) on DIR for its lifetime, so two vrs-ca runs
///    cannot interleave read-modify-write cycles of index.tsv and crlnumber. No lock file is
///    created: the lock is on the directory itself.
///  - Every file is replaced atomically (temporary file + fsync + rename + directory fsync);
///    certificate and key outputs refuse to overwrite an existing file.
///  - Order of writes when issuing: the index entry first (a CA must never have issued a
///    certificate it has no record of), then the certificate file. Every check (paths free,
///    key mode, validity, CSR) happens before the first write, so a refused command changes
///    nothing.
///  - Leaf validity is 1..825 days (kMaxLeafValidity) and must end before the issuing CA
///    expires: a certificate that outlives its issuer would fail verification anyway.
///  - The CRL is signed by the issuing CA and numbered from crlnumber; numbers only increase
///    (a number is consumed even if writing the CRL file then fails).
///
/// Thread-safety: one object per thread; the directory lock serialises processes.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "vrs/certs/ca_index.hpp"
#include "vrs/certs/certificate.hpp"
#include "vrs/certs/crl.hpp"
#include "vrs/certs/identity.hpp"
#include "vrs/certs/private_key.hpp"
#include "vrs/common/error.hpp"
#include "vrs/common/posix_fd.hpp"

namespace vrs::certs {

/// File names inside a CA directory.
struct CaFiles {
  static constexpr const char* kRootKey = "root.key";
  static constexpr const char* kRootCert = "root.crt";
  static constexpr const char* kIssuingKey = "issuing.key";
  static constexpr const char* kIssuingCert = "issuing.crt";
  static constexpr const char* kChain = "ca-chain.pem";
  static constexpr const char* kIndex = "index.tsv";
  static constexpr const char* kCrlNumber = "crlnumber";
  static constexpr const char* kCrl = "crl.pem";
};

struct CaInitOptions {
  KeyType key_type = KeyType::EcdsaP256;
  std::string root_name = "VRS Root CA";
  std::string issuing_name = "VRS Issuing CA";
  std::chrono::days root_days{7300};
  std::chrono::days issuing_days{3650};  ///< must not exceed root_days
};

struct ServerRequest {
  std::vector<std::string> names;  ///< DNS names or IP literals, at least one; the first is the CN
  std::filesystem::path key_out;   ///< new 0600 file (refused if it exists)
  std::filesystem::path cert_out;  ///< new 0644 file (refused if it exists)
  std::chrono::days days{397};
  KeyType key_type = KeyType::EcdsaP256;
  std::string note;  ///< why it was issued (index note column), may be empty
};

struct MemberRequest {
  std::string csr_pem;    ///< the member's CSR; its subject is ignored
  std::string csr_label = "CSR";  ///< names the CSR in error messages, e.g. "CSR /path/x.csr"
  Identity identity;      ///< from the administrator, bound into the certificate
  std::chrono::days days{397};
  std::filesystem::path cert_out;  ///< new 0644 file (refused if it exists)
  std::string note;
};

struct Issued {
  Certificate certificate;
  IndexEntry entry;
  std::string csr_common_name;  ///< members: the CN the CSR asked for (informational only)
};

struct Revocation {
  IndexEntry entry;  ///< the updated index entry
  Crl crl;           ///< the new CRL, already written to DIR/crl.pem
};

/// Where a certificate stands at a given time, for the inventory.
enum class CertState { Valid, ExpiringSoon, Expired, Revoked };

inline constexpr std::chrono::days kExpiryWarning{30};

struct InventoryRow {
  IndexEntry entry;
  CertState state = CertState::Valid;
  std::int64_t days_left = 0;  ///< whole days until not_after (negative once expired)
};

std::string_view to_string(CertState state) noexcept;

class CaDirectory {
 public:
  /// Creates a new CA in `dir`: the directory must not exist (its parent must) or be empty; it
  /// ends up with mode 0700. Writes all files of the layout above. On failure everything
  /// created so far is removed again. InvalidArgument for bad options; AlreadyExists for a
  /// non-empty directory.
  static Result<CaDirectory> init(const std::filesystem::path& dir, const CaInitOptions& options = {});

  /// Opens an existing CA directory: reads root.crt, issuing.crt, index.tsv and crlnumber and
  /// checks that the issuing CA is signed by the root. Does not read either private key.
  /// NotFound for a missing directory or file, FailedPrecondition for a directory writable by
  /// group or others or in use by another process, InvalidArgument for a malformed file
  /// (naming the path and, for the index, the line).
  static Result<CaDirectory> open(const std::filesystem::path& dir);

  CaDirectory(CaDirectory&&) noexcept = default;
  CaDirectory& operator=(CaDirectory&&) noexcept = default;
  CaDirectory(const CaDirectory&) = delete;
  CaDirectory& operator=(const CaDirectory&) = delete;
  ~CaDirectory() = default;  // closing the lock descriptor releases the flock

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return dir_; }
  [[nodiscard]] std::filesystem::path file(const char* name) const { return dir_ / name; }
  [[nodiscard]] const Certificate& root() const noexcept { return *root_; }
  [[nodiscard]] const Certificate& issuing() const noexcept { return *issuing_; }
  [[nodiscard]] const CaIndex& index() const noexcept { return index_; }
  /// The number of the last CRL issued.
  [[nodiscard]] std::uint64_t crl_number() const noexcept { return crl_number_; }
  /// True while root.key is still in the directory (it should be moved offline).
  [[nodiscard]] bool root_key_present() const;

  /// Generates a server key (0600) and a server certificate signed by the issuing CA, and
  /// records it in the index.
  Result<Issued> issue_server(const ServerRequest& request);

  /// Signs a member's CSR with the identity the administrator gave (never the CSR's own
  /// subject), writes the certificate and records it in the index.
  Result<Issued> sign_member(const MemberRequest& request);

  /// The serial of `cert` if this directory's issuing CA issued it and the index lists it with
  /// the same fingerprint; InvalidArgument / NotFound otherwise.
  [[nodiscard]] Result<std::string> serial_of(const Certificate& cert) const;

  /// Marks `serial_hex` revoked (NotFound if unknown, FailedPrecondition if already revoked),
  /// then issues the next CRL with `next_update` and writes it to DIR/crl.pem.
  Result<Revocation> revoke(std::string_view serial_hex, RevocationReason reason,
                            std::chrono::hours next_update = std::chrono::hours(24 * 7));

  /// Issues the next CRL (crl_number() + 1) listing every revoked certificate, valid for
  /// `next_update`, and records its number in crlnumber. The caller writes it (write_crl).
  Result<Crl> build_crl(std::chrono::hours next_update = std::chrono::hours(24 * 7));

  /// Writes a CRL as PEM (0644), replacing `path` atomically.
  static Result<void> write_crl(const Crl& crl, const std::filesystem::path& path);

  /// Every indexed certificate with its state at `now` (issue order).
  [[nodiscard]] std::vector<InventoryRow> list(SysTime now = std::chrono::system_clock::now()) const;

 private:
  CaDirectory() = default;
  Result<PrivateKey> load_issuing_key() const;
  Result<void> check_leaf_days(std::chrono::days days, SysTime now) const;
  Result<Issued> record(Certificate cert, CertKind kind, std::string note);
  Result<void> save_crl_number(std::uint64_t number);

  std::filesystem::path dir_;
  Fd lock_;  // the directory, flock'ed exclusively while this object lives
  std::optional<Certificate> root_;  // always set once constructed by init/open
  std::optional<Certificate> issuing_;
  CaIndex index_;
  std::uint64_t crl_number_ = 0;
};

/// The inventory as a fixed-width text table with one row per certificate and a summary line
/// ("N certificates: a valid, b expiring within 30 days, c expired, d revoked").
std::string format_inventory(const std::vector<InventoryRow>& rows);

}  // namespace vrs::certs
