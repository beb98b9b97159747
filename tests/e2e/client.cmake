# e2e tests of vrs-client
vrs_add_test(e2e_client_validate SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/client_validate_test.cpp LIBS vrs_common LABEL e2e)
add_dependencies(e2e_client_validate vrs-client)
