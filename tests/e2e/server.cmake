# e2e tests of vrs-server (add_dependencies on vrs-server so the binary is built first)
vrs_add_test(e2e_server_db_cli SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/server_db_cli_test.cpp LIBS vrs_db LABEL e2e)
add_dependencies(e2e_server_db_cli vrs-server)
