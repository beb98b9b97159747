# vrs_pki unit tests
foreach(part identity authority csr crl private_key ca_index ca_directory)
  vrs_add_test(pki_${part}_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/pki_${part}_test.cpp LIBS vrs_pki OpenSSL::Crypto)
endforeach()
