# vrs_certs unit tests (vrs_test_tls: the OpenSSL chain verifier used as an oracle)
foreach(part identity authority csr crl private_key ca_index ca_directory)
  vrs_add_test(certs_${part}_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/certs_${part}_test.cpp LIBS vrs_certs vrs_test_tls OpenSSL::Crypto)
endforeach()
