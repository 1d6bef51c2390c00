# styles: validate / usesTime / rendering of the '%', '{' and '$' formatter styles and the
# format-spec mini-language, against tests/golden/logging/styles.json; plus a bounded fuzz.
pyos_add_test(logging_styles
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/styles_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/styles_fuzz_test.cpp
  LIBS pyos::logging pyos_test_allocations)
