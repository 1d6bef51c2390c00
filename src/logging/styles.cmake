# styles: the '%', '{' and '$' formatter styles (validate, usesTime, compiled templates)
# and the format-spec mini-language of the '{' style.
list(APPEND PYOS_LOGGING_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/styles.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/styles_brace.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/styles_spec.cpp)
