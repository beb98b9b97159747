# vrs_add_fuzzer(<name> <source> <libs...>) per parser; corpus in corpus/<name>/
vrs_add_fuzzer(json_incident ${CMAKE_CURRENT_SOURCE_DIR}/json_incident_fuzz.cpp vrs_schema)
vrs_add_fuzzer(csv_import ${CMAKE_CURRENT_SOURCE_DIR}/csv_import_fuzz.cpp vrs_schema)
vrs_add_fuzzer(submission_wire ${CMAKE_CURRENT_SOURCE_DIR}/submission_wire_fuzz.cpp vrs_schema)
vrs_add_fuzzer(analysis_query ${CMAKE_CURRENT_SOURCE_DIR}/analysis_query_fuzz.cpp vrs_server)
vrs_add_fuzzer(report_document ${CMAKE_CURRENT_SOURCE_DIR}/report_document_fuzz.cpp vrs_client)
vrs_add_fuzzer(report_audit ${CMAKE_CURRENT_SOURCE_DIR}/report_audit_fuzz.cpp vrs_client)
