# os — process parameters and management, scheduler, system information, random numbers,
# file-name encoding: included by src/os/CMakeLists.txt.
set(PYOS_OS_PROCESS_SOURCES
  ${CMAKE_CURRENT_SOURCE_DIR}/process/params_posix.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/process/fork_posix.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/process/exec_posix.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/process/posix_spawn_posix.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/process/wait_posix.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/process/sched_linux.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/process/sysinfo_linux.cpp
  ${CMAKE_CURRENT_SOURCE_DIR}/process/fspath.cpp)
