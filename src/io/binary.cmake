# The binary layer of io: IOBase and friends, FileIO, BytesIO, the buffered classes, open().
# open()'s text step needs TextIOWrapper from the text layer: it is compiled in once the
# text layer's text.cmake exists; until then open_notext.cpp stands in.
set(PYOS_IO_BINARY_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/iobase.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/fileio_posix.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/bytesio.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/buffered.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/open.cpp)
if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/text.cmake)
  list(APPEND PYOS_IO_BINARY_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/open_text.cpp)
else()
  list(APPEND PYOS_IO_BINARY_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/open_notext.cpp)
endif()
