# The service files with the built binaries: ops/install --destdir, ops/vrs-backup-nightly
# retention against a real server directory, systemd-analyze security (at most 2.0) and verify.
set(vrs_ops_service_test "e2e_ops_service:ops/install stages the units, backups keep the newest KEEP, exposure at most 2.0")
add_test(NAME ${vrs_ops_service_test}
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/ops_service_test.sh ${CMAKE_BINARY_DIR}/bin ${CMAKE_CURRENT_BINARY_DIR}/ops-service-work)
set_tests_properties(${vrs_ops_service_test} PROPERTIES LABELS "e2e;ops" TIMEOUT 300)
