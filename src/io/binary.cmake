# The binary layer of io: IOBase and friends, FileIO, BytesIO, the buffered classes, open()
# (whose text step, open_text.cpp, wraps the buffer in the text layer's TextIOWrapper), and
# os.fdopen and os.popen, which are io streams.
set(PYOS_IO_BINARY_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/iobase.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/fileio_posix.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/bytesio.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/buffered.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/open.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/open_text.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/fdopen.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/popen.cpp)
