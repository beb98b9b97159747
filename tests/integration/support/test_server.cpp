#include "test_server.hpp"

#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <stdexcept>
#include <thread>

#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/init.hpp"
#include "vrs/crypto/sign.hpp"
#include "vrs/db/db_key.hpp"
#include "vrs/server/cli/bootstrap_command.hpp"
#include "vrs/server/cli/init_command.hpp"

namespace vrs::test {
namespace {

template <typename T>
T ok(Result<T> r, const char* what) {
  if (!r) throw std::runtime_error(std::string(what) + ": " + r.error().message());
  return std::move(*r);
}

}  // namespace

EnrolRequest make_enrol_request(const std::filesystem::path& dir, const std::string& stem, const std::string& member_id) {
  auto key = ok(certs::PrivateKey::generate(), "key");
  auto csr = ok(certs::Csr::create(key, ok(certs::parse_member_id(member_id), "member id")), "csr");
  auto signing = ok(crypto::SigningKey::generate(), "signing key");
  EnrolRequest out;
  out.csr_pem = csr.to_pem();
  out.signing_key_b64 = crypto::to_base64(crypto::ByteView(signing.public_key().data(), signing.public_key().size()));
  out.key = dir / (stem + ".key");
  save_key(key, out.key);
  out.signing = std::make_shared<const crypto::SigningKey>(std::move(signing));
  return out;
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::string json_string(const std::string& body, const std::string& key) {
  boost::json::error_code ec;
  auto v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return {};
  const auto* member = v.as_object().if_contains(key);
  if (member == nullptr || !member->is_string()) return {};
  return std::string(member->as_string().c_str());
}

TestServer::TestServer(const std::function<void(server::Config&)>& tweak) {
  if (!crypto::init()) throw std::runtime_error("crypto init");
  pki.write_ca_dir(dir_ / "ca");
  server::cli::InitOptions init;
  init.dir = dir_ / "srv";
  init.ca_dir = dir_ / "ca";
  init.names = {"127.0.0.1", "localhost"};
  init.port = 0;
  init.metrics_port = 0;
  auto initialised = ok(server::cli::init_server(init), "init_server");
  config_ = ok(server::load_config(initialised.config), "load_config");
  config_.listen.threads = 2;
  if (tweak) tweak(config_);

  // Two administrators, offline: the second approves what the first asks for (two-person rule).
  admin_ = bootstrap("AUS-ADMIN");
  second_admin_ = bootstrap("NZL-ADMIN");

  auto key = ok(db::read_key_file(config_.paths.db_key_file), "db key");
  server_ = ok(server::Server::create(config_, std::move(key)), "Server::create");
  server_->start();
}

Identity TestServer::bootstrap(const std::string& member_id) {
  auto request = make_enrol_request(dir_.path(), member_id, member_id);
  boost::json::object req{{"member_id", member_id}, {"csr", request.csr_pem}, {"signing_key", request.signing_key_b64}};
  write_file(dir_ / (member_id + "-request.json"), boost::json::serialize(req));
  server::cli::BootstrapOptions boot;
  boot.request = dir_ / (member_id + "-request.json");
  boot.out = dir_ / (member_id + "-bundle.json");
  auto issued = ok(server::cli::bootstrap_admin(config_, boot), "bootstrap_admin");
  Identity id;
  id.member_id = issued.member_id;
  id.certificate = dir_ / (member_id + ".crt");
  id.key = request.key;
  id.serial = issued.serial;
  id.fingerprint = issued.fingerprint;
  id.signing = request.signing;
  write_file(id.certificate, issued.certificate_pem, 0644);
  return id;
}

void TestServer::stop() {
  if (server_) server_->stop();
  server_.reset();
}

Result<void> TestServer::start() {
  stop();
  VRS_TRY(auto key, db::read_key_file(config_.paths.db_key_file));
  VRS_TRY(auto created, server::Server::create(config_, std::move(key)));
  server_ = std::move(created);
  server_->start();
  return {};
}

TestServer::~TestServer() {
  if (server_) server_->stop();
}

ClientOptions TestServer::options(const Identity* who) const {
  ClientOptions o;
  o.ca = config_.paths.client_ca;
  if (who != nullptr) {
    o.certificate = who->certificate;
    o.private_key = who->key;
  }
  return o;
}

ClientOptions TestServer::options(const CertFiles& files) const {
  ClientOptions o;
  o.ca = config_.paths.client_ca;
  o.certificate = files.certificate;
  o.private_key = files.key;
  return o;
}

Identity TestServer::enrol(const std::string& member_id, const std::string& role, bool name_opt_in) {
  TlsClient client(port(), options(&admin_));
  if (!client.connect()) throw std::runtime_error("enrol: connect: " + client.error());
  boost::json::object member{{"member_id", member_id}, {"role", role}, {"name_opt_in", name_opt_in}};
  auto created = client.request("POST", "/v1/admin/members", boost::json::serialize(member));
  if (!created || created->status != 201) {
    throw std::runtime_error("enrol: create member: " + (created ? created->body : client.error()));
  }
  std::string stem = member_id;
  auto request = make_enrol_request(dir_.path(), stem, member_id);
  boost::json::object body{{"csr", request.csr_pem}, {"signing_key", request.signing_key_b64}, {"reason", "test enrolment"}};
  auto issued = client.request("POST", "/v1/admin/members/" + member_id + "/certificates", boost::json::serialize(body));
  if (issued && issued->status == 202) {
    // An analyst or administrator: the second administrator approves.
    boost::json::error_code ec;
    auto pending = boost::json::parse(issued->body, ec);
    if (ec) throw std::runtime_error("enrol: pending reply: " + issued->body);
    const auto id = pending.at("request").at("id").as_int64();
    TlsClient second(port(), options(&second_admin_));
    if (!second.connect()) throw std::runtime_error("enrol: connect as second admin: " + second.error());
    issued = second.request("POST", "/v1/admin/certificate-requests/" + std::to_string(id) + "/approve", "");
  }
  if (!issued || issued->status != 201) {
    throw std::runtime_error("enrol: issue: " + (issued ? issued->body : client.error()));
  }
  Identity id;
  id.member_id = member_id;
  id.certificate = dir_ / (stem + ".crt");
  id.key = request.key;
  id.signing = request.signing;
  id.serial = json_string(issued->body, "serial");
  id.fingerprint = json_string(issued->body, "fingerprint_sha256");
  write_file(id.certificate, json_string(issued->body, "certificate"), 0644);
  return id;
}

bool tls_refused(std::uint16_t port, const ClientOptions& options) {
  TlsClient client(port, options);
  if (!client.connect()) return true;
  return !client.request("GET", "/v1/whoami").has_value();
}

void still_serves(TestServer& s, const Identity& who) {
  auto r = one_request(s.port(), s.options(&who), "GET", "/v1/whoami");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(json_string(r->body, "member_id") == who.member_id);
}

}  // namespace vrs::test
