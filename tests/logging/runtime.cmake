# The logging runtime (threads, fork, re-entry, file life cycle, allocations, locations).
pyos_add_test(logging_runtime SOURCES ${CMAKE_CURRENT_LIST_DIR}/runtime_test.cpp LIBS pyos::logging pyos_test_allocations)
# SIGKILL while logging: what the file holds under each flush policy.
pyos_add_test(logging_crash SOURCES ${CMAKE_CURRENT_LIST_DIR}/crash_test.cpp LIBS pyos::logging)
# enableCrashFlush: the buffered records reach the file when the process dies of a signal.
pyos_add_test(logging_crash_flush SOURCES ${CMAKE_CURRENT_LIST_DIR}/crash_flush_test.cpp LIBS pyos::logging)
# The direct route of a plain call, held to the general route's line for the same record.
pyos_add_test(logging_direct SOURCES ${CMAKE_CURRENT_LIST_DIR}/direct_route_test.cpp LIBS pyos::logging)
# Each test starts from the module state the one before it found (state_guard.cpp).
foreach(t IN ITEMS logging_runtime logging_crash logging_crash_flush logging_direct)
  target_link_libraries(test_${t} PRIVATE pyos_test_logging_state_guard)
endforeach()
