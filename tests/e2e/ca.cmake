# e2e tests of vrs-ca (add_dependencies on vrs-ca so the binary is built first)
vrs_add_test(e2e_ca_cli SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/ca_cli_test.cpp LIBS vrs_certs vrs_test_tls OpenSSL::Crypto LABEL e2e)
add_dependencies(e2e_ca_cli vrs-ca)
