# e2e tests of vrs-client
vrs_add_test(e2e_client_validate SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/client_validate_test.cpp LIBS vrs_common LABEL e2e)
add_dependencies(e2e_client_validate vrs-client)

# The enrolment flow with the real binaries: vrs-ca, vrs-server run, vrs-client (docs/api.md).
vrs_add_test(e2e_client_admin SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/client_admin_test.cpp LIBS vrs_schema LABEL e2e)
add_dependencies(e2e_client_admin vrs-client vrs-server vrs-ca)
