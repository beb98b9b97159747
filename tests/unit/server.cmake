# vrs_server unit tests
foreach(part config rate_limiter router problem wire_codes registry disclosure analysis_request)
  vrs_add_test(server_${part}_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/server_${part}_test.cpp LIBS vrs_server)
endforeach()
