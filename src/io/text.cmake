# The text layer of io: codecs, IncrementalNewlineDecoder, TextIOWrapper, StringIO.
set(PYOS_IO_TEXT_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/text_codecs.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/text_newline.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/textio.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/text_stringio.cpp)
