#pragma once
// A server directory for the e2e tests of vrs-server: a CA from the test PKI, `vrs-server
// init` into it (loopback, ephemeral ports), and the helpers the tests share.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
#include <string>

#include "vrs/certs/authority.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/init.hpp"
#include "vrs/crypto/sign.hpp"
#include "vrs/test/process.hpp"
#include "vrs/test/temp_dir.hpp"
#include "vrs/test/test_pki.hpp"

using namespace vrs::test;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace e2e {

inline ProcessResult server(const std::vector<std::string>& args) {
  std::vector<std::string> argv{binary_path("vrs-server")};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = run_process(argv);
  REQUIRE_FALSE(r.timed_out);
  return r;
}

inline unsigned mode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

// A JSON string literal for PEM text (escapes newlines).
inline std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

inline std::string field(const std::string& json, const std::string& key) {
  std::smatch m;
  const std::regex re("\"" + key + "\":\"([^\"]*)\"");
  if (!std::regex_search(json, m, re)) return {};
  std::string v = m[1];
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size() && v[i + 1] == 'n') {
      out += '\n';
      ++i;
    } else {
      out += v[i];
    }
  }
  return out;
}

struct Setup {
  TempDir tmp;
  TestPki pki;
  fs::path dir = tmp / "srv";
  fs::path config = dir / "vrs-server.toml";
  Setup() {
    REQUIRE(vrs::crypto::init());
    pki.write_ca_dir(tmp / "ca");
    auto r = server({"init", "--dir", dir.string(), "--ca-dir", (tmp / "ca").string(), "--name", "127.0.0.1",
                     "--name", "localhost", "--port", "0", "--metrics-port", "0"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  // Writes an enrolment request for `member`; returns the key path.
  fs::path request(const std::string& member, const fs::path& out) {
    auto key = vrs::certs::PrivateKey::generate().value();
    auto csr = vrs::certs::Csr::create(key, vrs::certs::parse_member_id(member).value()).value();
    auto signing = vrs::crypto::SigningKey::generate().value();
    const std::string json = "{\"member_id\":\"" + member + "\",\"csr\":" + quoted(csr.to_pem()) + ",\"signing_key\":\"" +
                             vrs::crypto::to_base64(vrs::crypto::ByteView(signing.public_key().data(), 32)) + "\"}";
    write_file(out, json);
    const fs::path key_path = tmp / (member + ".key");
    save_key(key, key_path);
    return key_path;
  }
};

}  // namespace e2e
