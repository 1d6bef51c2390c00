# values: Value's str/repr/ascii, Python's number text, and the `%` operator.
list(APPEND PYOS_LOGGING_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/value.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/numbers.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/percent.cpp)
