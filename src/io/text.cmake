# The text layer of io: codecs, IncrementalNewlineDecoder, TextIOWrapper, StringIO.
# text_names.cpp gives the namereplace error handler its character names from ICU.
set(PYOS_IO_TEXT_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/text_codecs.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/text_names.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/text_newline.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/textio.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/text_stringio.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/text_utf8_avx2.cpp)
set(PYOS_IO_TEXT_PRIVATE_LIBS ICU::uc)
