# core: levels, LogRecord, Formatter, Handler/StreamHandler/FileHandler, the logger hierarchy
# and basicConfig, against the golden files of tools/oracle/gen_logging_core*.py, plus a live
# comparison of log files with CPython 3.13.
pyos_add_test(logging_core
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/core_levels_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/core_formatter_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/core_record_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/core_clock_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/core_handleerror_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/core_scenarios_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/core_basicconfig_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/core_filehandler_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/core_adapter_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/core_hooks_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/core_edges_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/core_live_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/state_guard_test.cpp
  LIBS pyos::logging)
# A FileHandler while write(2) fails, against CPython under the same faults (the LD_PRELOAD
# module of tests/io/binary interposes CPython's write(2)).
pyos_add_test(logging_faults SOURCES ${CMAKE_CURRENT_LIST_DIR}/core_faults_test.cpp LIBS pyos::logging)
add_dependencies(test_logging_faults pyos_test_write_fault pyos_test_faultfs)
target_compile_definitions(test_logging_faults PRIVATE
                           PYOS_WRITE_FAULT_PRELOAD="$<TARGET_FILE:pyos_test_write_fault>"
                           PYOS_FAULTFS_SERVER="$<TARGET_FILE:pyos_test_faultfs>")
# The formatter fuzz target's corpus (fuzz/corpus/formatter) on pyos and on CPython
# (tools/oracle/fuzz_cases.py).
pyos_add_test(logging_fuzz_corpus SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_corpus_live_test.cpp LIBS pyos::logging)
target_include_directories(test_logging_fuzz_corpus PRIVATE ${PROJECT_SOURCE_DIR}/fuzz)
target_compile_definitions(test_logging_fuzz_corpus PRIVATE PYOS_FUZZ_CORPUS="${PROJECT_SOURCE_DIR}/fuzz/corpus"
                           PYOS_ORACLE_DIR="${PROJECT_SOURCE_DIR}/tools/oracle")
# Each test starts from the module state the one before it found (state_guard.cpp).
foreach(t IN ITEMS logging_core logging_faults logging_fuzz_corpus)
  target_link_libraries(test_${t} PRIVATE pyos_test_logging_state_guard)
endforeach()
