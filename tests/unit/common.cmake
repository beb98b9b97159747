vrs_add_test(common_error_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/error_test.cpp LIBS vrs_common)
