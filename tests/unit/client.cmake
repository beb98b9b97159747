# vrs_client unit tests (the HTTPS client against a real server: tests/e2e/client_admin_test.cpp)
foreach(part profile enrol https api agent)
  vrs_add_test(client_${part}_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/client_${part}_test.cpp LIBS vrs_client vrs_certs)
endforeach()
# The outbox, delivery against a fake server, batch planning and the submit commands' input
# handling (the real server: tests/e2e/client_submit_test.cpp).
foreach(part outbox submit)
  vrs_add_test(client_${part}_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/client_${part}_test.cpp LIBS vrs_client vrs_db)
endforeach()
# Report renderings (HTML, CSV, tables) and the report/analyze option checks (docs/reports.md).
vrs_add_test(client_report_render_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/client_report_render_test.cpp LIBS vrs_client)
vrs_add_test(client_report_audit_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/client_report_audit_test.cpp LIBS vrs_client)
