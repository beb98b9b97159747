# vrs_server unit tests
foreach(part config rate_limiter router problem wire_codes registry analysis_request)
  vrs_add_test(server_${part}_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/server_${part}_test.cpp LIBS vrs_server)
endforeach()
# The disclosure test solves the attacker's problem from its own side too.
vrs_add_test(server_disclosure_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/server_disclosure_test.cpp LIBS vrs_server vrs_protect)
