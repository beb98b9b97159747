vrs_add_test(common_error_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/error_test.cpp LIBS vrs_common)
vrs_add_test(common_text_file_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/common_text_file_test.cpp LIBS vrs_common vrs_test_support)
