# Every dependency comes from a Debian 12 package; a missing one stops configure
# with the name of the package to install (ops/setup installs all of them).
include(FindPkgConfig)

macro(vrs_require found pkg what)
  if(NOT ${found})
    message(FATAL_ERROR "${what} not found: install the Debian package '${pkg}' (or run ./ops/setup)")
  endif()
endmacro()

find_package(PkgConfig QUIET)
vrs_require(PKG_CONFIG_FOUND pkg-config "pkg-config")

find_package(OpenSSL 3.0 QUIET)
vrs_require(OPENSSL_FOUND libssl-dev "OpenSSL 3")

# Versioned Boost 1.81 packages only (the unversioned libboost-*-dev pull in 1.74 and remove
# 1.81); found without EXACT so a 1.81.x point release still matches.
find_package(Boost 1.81 QUIET CONFIG COMPONENTS json url)
vrs_require(Boost_FOUND "libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev" "Boost 1.81 (json, url)")

pkg_check_modules(SQLCIPHER QUIET IMPORTED_TARGET sqlcipher)
vrs_require(SQLCIPHER_FOUND libsqlcipher-dev "SQLCipher")

pkg_check_modules(SODIUM QUIET IMPORTED_TARGET libsodium>=1.0.18)
vrs_require(SODIUM_FOUND libsodium-dev "libsodium")

# COIN-OR CLP (EPL-2.0) solves the attacker's linear programs of disclosure control
# (docs/disclosure.md); GLPK would do the same but is GPL.
pkg_check_modules(CLP QUIET IMPORTED_TARGET clp)
vrs_require(CLP_FOUND coinor-libclp-dev "COIN-OR CLP")

find_package(spdlog QUIET CONFIG)
vrs_require(spdlog_FOUND libspdlog-dev "spdlog")

find_package(CLI11 QUIET CONFIG)
vrs_require(CLI11_FOUND libcli11-dev "CLI11")

find_package(tomlplusplus QUIET CONFIG)
vrs_require(tomlplusplus_FOUND libtomlplusplus-dev "toml++")

find_package(tl-expected QUIET CONFIG)
vrs_require(tl-expected_FOUND libexpected-dev "tl::expected")

find_package(Catch2 2 QUIET CONFIG)
vrs_require(Catch2_FOUND catch2 "Catch2 v2")

set(VRS_ISO_CODES_DIR /usr/share/iso-codes/json CACHE PATH "Debian iso-codes JSON directory")
if(NOT EXISTS ${VRS_ISO_CODES_DIR}/iso_3166-1.json OR NOT EXISTS ${VRS_ISO_CODES_DIR}/iso_4217.json)
  message(FATAL_ERROR "iso-codes JSON files not found in ${VRS_ISO_CODES_DIR}: install the Debian package 'iso-codes' (or run ./ops/setup)")
endif()
find_package(Threads REQUIRED)
