# vrs_tls unit tests
vrs_add_test(tls_context_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/tls_context_test.cpp LIBS vrs_tls vrs_certs)
