#include "vrs/server/cli/bootstrap_command.hpp"

#include <boost/json.hpp>

#include "vrs/common/text_file.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/db/database.hpp"
#include "vrs/schema/api/certificate_bundle.hpp"
#include "vrs/server/issuing_authority.hpp"
#include "vrs/server/store/key_source.hpp"
#include "vrs/server/store/store_lock.hpp"

namespace vrs::server::cli {

namespace fs = std::filesystem;

Result<store::IssuedCertificate> bootstrap_admin(const Config& config, const BootstrapOptions& options) {
  std::error_code ec;
  if (fs::exists(options.out, ec)) return fail(ErrorCode::AlreadyExists, options.out.string() + " already exists");
  VRS_TRY(auto text, read_text_file(options.request, 64 * 1024));
  boost::json::error_code jec;
  auto value = boost::json::parse(text, jec);
  if (jec || !value.is_object()) return fail(ErrorCode::InvalidArgument, options.request.string() + ": not a JSON object");
  const auto& o = value.as_object();
  auto field = [&](std::string_view key) -> Result<std::string> {
    const auto* v = o.if_contains(key);
    if (v == nullptr || !v->is_string()) {
      return fail(ErrorCode::InvalidArgument, options.request.string() + ": " + std::string(key) + " must be a string");
    }
    return std::string(v->as_string().data(), v->as_string().size());
  };
  VRS_TRY(auto member_text, field("member_id"));
  auto member = certs::parse_member_id(member_text);
  if (!member) return fail(member.error().with_context("member_id"));
  VRS_TRY(auto csr, field("csr"));
  VRS_TRY(auto signing_key_text, field("signing_key"));
  auto signing_key = crypto::from_base64(signing_key_text);
  store::IssueRequest request;
  if (!signing_key || signing_key->size() != request.signing_key.size()) {
    return fail(ErrorCode::InvalidArgument, "signing_key: must be a base64 Ed25519 public key (32 bytes)");
  }
  std::copy(signing_key->begin(), signing_key->end(), request.signing_key.begin());
  request.csr_pem = std::move(csr);
  request.days = options.days;
  request.reason = "offline enrolment of an administrator";
  request.offline_operator = true;

  // Shared: beside a running server, never during a rekey (which replaces the file).
  VRS_TRY(auto lock, store::StoreLock::acquire(config.paths.db, store::StoreLock::Mode::Shared));
  VRS_TRY(auto key, store::resolve_existing_key(store::key_source_of(config.paths), config.paths.db));
  VRS_TRY(auto database, db::Database::open(config.paths.db, key.key));
  VRS_TRY(auto authority, IssuingAuthority::load(config.paths));
  store::MemberStore store(database, *authority);
  // Offline, the operator enrols administrators that have no certificate yet (the first, and a
  // second one for the two-person rule). A member that already has one renews through the API,
  // with its proof or a second administrator's approval.
  auto existing = store.get_member(member->str());
  if (existing) {
    if (existing->role != "admin") {
      return fail(ErrorCode::FailedPrecondition, "member " + member->str() + " exists with role " + existing->role);
    }
    if (!existing->certificates.empty()) {
      return fail(ErrorCode::FailedPrecondition,
                  "administrator " + member->str() + " already has a certificate: renew it through the API "
                  "(vrs-client enroll --renew, then vrs-client admin enroll)");
    }
  } else if (existing.error().code() == ErrorCode::NotFound) {
    VRS_TRY_VOID(store.create_member(*member, certs::Role::Admin, false, "operator"));
  } else {
    return fail(existing.error());
  }
  VRS_TRY(auto outcome, store.issue_certificate(member->str(), request, "operator"));
  if (!outcome.issued) return fail(ErrorCode::Internal, "the offline enrolment was not issued");
  VRS_TRY_VOID(write_file_atomically(options.out, schema::api::to_json(outcome.issued->bundle()) + "\n", 0600, Replace::No));
  return std::move(*outcome.issued);
}

}  // namespace vrs::server::cli
