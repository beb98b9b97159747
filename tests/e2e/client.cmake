# e2e tests of vrs-client
vrs_add_test(e2e_client_validate SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/client_validate_test.cpp LIBS vrs_common LABEL e2e)
add_dependencies(e2e_client_validate vrs-client)

# The enrolment flow with the real binaries: vrs-ca, vrs-server run, vrs-client (docs/api.md).
vrs_add_test(e2e_client_admin SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/client_admin_test.cpp LIBS vrs_schema LABEL e2e)
add_dependencies(e2e_client_admin vrs-client vrs-server vrs-ca)

# Submissions with the real binaries: submit/amend/withdraw, the outbox while the server is
# down, sync, receipts (docs/api.md, DESIGN §5).
vrs_add_test(e2e_client_submit SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/client_submit_test.cpp LIBS vrs_schema vrs_test_tls LABEL e2e)
add_dependencies(e2e_client_submit vrs-client vrs-server vrs-ca)

vrs_add_test(e2e_client_gen SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/client_gen_test.cpp LIBS vrs_common LABEL e2e)
add_dependencies(e2e_client_gen vrs-client)

# Crash test (issue 5): 8 clients, 20,000 records, SIGKILL of the server mid-way, sync, checks.
set(vrs_crash_test "e2e_crash:SIGKILL mid-submission then sync stores every record exactly once")
add_test(NAME ${vrs_crash_test}
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/crash_test.sh ${CMAKE_BINARY_DIR}/bin ${CMAKE_CURRENT_BINARY_DIR}/crash-work)
set_tests_properties(${vrs_crash_test}
  PROPERTIES LABELS "e2e;crash" TIMEOUT 600 RUN_SERIAL TRUE)
