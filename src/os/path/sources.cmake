# os.path (posixpath + genericpath): included by src/os/CMakeLists.txt.
set(PYOS_OS_PATH_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/path/lexical_posix.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/path/system_posix.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/path/realpath_posix.cpp)
