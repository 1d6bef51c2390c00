# values: Value, numbers and `%` formatting, against tests/golden/logging/percent.json.
pyos_add_test(logging_values
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/values_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/percent_golden_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/percent_fuzz_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/percent_direct_test.cpp
  LIBS pyos::logging pyos_test_allocations)
