# vrs_client unit tests (the HTTPS client against a real server: tests/e2e/client_admin_test.cpp)
foreach(part profile enrol https api)
  vrs_add_test(client_${part}_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/client_${part}_test.cpp LIBS vrs_client vrs_pki)
endforeach()
