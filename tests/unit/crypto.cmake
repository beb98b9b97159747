# vrs_crypto unit tests
foreach(part random encoding hash merkle sign seal secretbox kdf key_file secure_buffer)
  vrs_add_test(crypto_${part}_test SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/crypto_${part}_test.cpp LIBS vrs_crypto)
endforeach()
