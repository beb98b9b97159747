# e2e tests of vrs-client
vrs_add_test(e2e_client_validate SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/client_validate_test.cpp LIBS vrs_common LABEL e2e)
add_dependencies(e2e_client_validate vrs-client)

# The enrolment flow with the real binaries: vrs-ca, vrs-server run, vrs-client (docs/api.md).
vrs_add_test(e2e_client_admin SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/client_admin_test.cpp LIBS vrs_schema LABEL e2e)
add_dependencies(e2e_client_admin vrs-client vrs-server vrs-ca)

# Submissions with the real binaries: submit/amend/withdraw, the outbox while the server is
# down, sync, receipts (docs/api.md, docs/architecture.md "Submission path").
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

# Restore drill (docs/operations.md "Restore"): 8 clients submit, an online backup, more
# receipts, SIGKILL, restore into a new directory, sync --resend-lost, every record once.
set(vrs_drill_test "e2e_restore_drill:backup while 8 clients submit, SIGKILL, restore, sync --resend-lost stores every record once")
add_test(NAME ${vrs_drill_test}
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/restore_drill_test.sh ${CMAKE_BINARY_DIR}/bin ${CMAKE_CURRENT_BINARY_DIR}/drill-work)
set_tests_properties(${vrs_drill_test}
  PROPERTIES LABELS "e2e;crash" TIMEOUT 600 RUN_SERIAL TRUE)

# The HTML report in headless Chromium (label chromium): usage errors, offline rendering of
# realistic documents (report_sample) as html/csv/json, no external resource or request, no
# console error, a real screenshot. Fails when chromium is missing (ops/setup installs it).
add_executable(report_sample ${CMAKE_CURRENT_SOURCE_DIR}/report_sample.cpp)
target_link_libraries(report_sample PRIVATE vrs_client vrs_warnings)
set_target_properties(report_sample PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
add_dependencies(report_sample vrs-client)
set(vrs_report_chromium_test "e2e_report_chromium:HTML reports render in headless Chromium with no error and no request")
add_test(NAME ${vrs_report_chromium_test}
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/report_chromium_test.sh ${CMAKE_BINARY_DIR}/bin $<TARGET_FILE:report_sample>
          ${CMAKE_CURRENT_BINARY_DIR}/report-chromium-work $<TARGET_FILE:integration_server_analyses>)
set_tests_properties(${vrs_report_chromium_test} PROPERTIES LABELS "e2e;chromium" TIMEOUT 300 RUN_SERIAL TRUE)

# Key rotation and TLS renewal beside a running server (docs/operations.md "Rotate keys").
vrs_add_test(e2e_client_rotation SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/client_rotation_test.cpp LIBS vrs_schema vrs_test_tls vrs_certs LABEL e2e)
add_dependencies(e2e_client_rotation vrs-client vrs-server vrs-ca)

# The national agent (docs/agent.md): an inbox beside a running server, files of every kind,
# a server outage and a SIGKILL of the agent.
vrs_add_test(e2e_client_agent SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/client_agent_test.cpp LIBS vrs_schema vrs_test_tls LABEL e2e)
add_dependencies(e2e_client_agent vrs-client vrs-server vrs-ca)
