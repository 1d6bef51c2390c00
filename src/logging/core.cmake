# The core of logging: levels, LogRecord, Filter, Formatter, Handler and the stream/file
# handlers, Logger and its hierarchy, LoggerAdapter, module functions.
list(APPEND PYOS_LOGGING_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/levels.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/record.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/clock.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/callsite.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/traceback.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/filter.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/formatter.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/handler.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/stream_handlers.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/crash.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/logger.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/adapter.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/module.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/snapshot.cpp)
# libbacktrace (from GCC's libgcc-dev) reads DWARF for stack_info and stacklevel.
list(APPEND PYOS_LOGGING_PRIVATE_LIBS backtrace)
