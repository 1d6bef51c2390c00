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
          ${CMAKE_CURRENT_LIST_DIR}/core_live_test.cpp
  LIBS pyos::logging)
# A FileHandler while write(2) fails, against CPython under the same faults (the LD_PRELOAD
# module of tests/io/binary interposes CPython's write(2)).
pyos_add_test(logging_faults SOURCES ${CMAKE_CURRENT_LIST_DIR}/core_faults_test.cpp LIBS pyos::logging)
add_dependencies(test_logging_faults pyos_test_write_fault pyos_test_faultfs)
target_compile_definitions(test_logging_faults PRIVATE
                           PYOS_WRITE_FAULT_PRELOAD="$<TARGET_FILE:pyos_test_write_fault>"
                           PYOS_FAULTFS_SERVER="$<TARGET_FILE:pyos_test_faultfs>")
