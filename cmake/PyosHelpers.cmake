# One helper each for modules, tests and benchmarks, so every target is built the same way.
include_guard(GLOBAL)

# --- warnings and sanitizers -------------------------------------------------------------
add_library(pyos_warnings INTERFACE)
target_compile_options(pyos_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Woverloaded-virtual -Wcast-qual -Wformat=2 -Wimplicit-fallthrough -Wmissing-declarations
  # Options structs are meant to be filled partly with designated initializers; GCC 12
  # would warn about every omitted field.
  -Wno-missing-field-initializers
  $<$<BOOL:${PYOS_WERROR}>:-Werror>)

if(PYOS_SANITIZE)
  list(JOIN PYOS_SANITIZE "," _pyos_san)
  set(PYOS_SANITIZER_FLAGS -fsanitize=${_pyos_san} -fno-omit-frame-pointer)
  if(_pyos_san MATCHES "undefined")
    list(APPEND PYOS_SANITIZER_FLAGS -fno-sanitize-recover=all)
  endif()
  add_compile_options(${PYOS_SANITIZER_FLAGS})
  add_link_options(${PYOS_SANITIZER_FLAGS})
endif()

# The fuzz build (fuzz/README.md): every object gets libFuzzer's coverage instrumentation;
# the fuzz_<target> executables add the fuzzer's main.
if(PYOS_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "PYOS_FUZZ needs clang (libFuzzer); use the `fuzz` preset")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# Shared modules must resolve every symbol against the modules they declare: a wrong-way
# dependency (one the layering in DESIGN.md does not allow) then fails to link.
if(BUILD_SHARED_LIBS)
  set(CMAKE_SHARED_LINKER_FLAGS "${CMAKE_SHARED_LINKER_FLAGS} -Wl,--no-undefined")
endif()

set_property(GLOBAL PROPERTY PYOS_MODULES "")

# pyos_add_module(<name> [INTERNAL] SOURCES <src...> [DEPENDS <module...>] [PRIVATE_LIBS <lib...>])
#   Target pyos_<name> (alias and export name pyos::<name>), library file libpyos_<name>.
#   DEPENDS names other pyos modules (without the pyos_ prefix); only they may be used.
function(pyos_add_module name)
  cmake_parse_arguments(arg "INTERNAL" "" "SOURCES;DEPENDS;PRIVATE_LIBS" ${ARGN})
  set(target pyos_${name})
  add_library(${target} ${arg_SOURCES})
  add_library(pyos::${name} ALIAS ${target})
  set_target_properties(${target} PROPERTIES
    EXPORT_NAME ${name}
    OUTPUT_NAME pyos_${name}
    VERSION ${PROJECT_VERSION}
    SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_include_directories(${target}
    PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
           $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
    # Internal headers (src/_core, src/_sys) are visible to the modules while building,
    # never installed.
    PRIVATE ${PROJECT_SOURCE_DIR}/src)
  foreach(dep IN LISTS arg_DEPENDS)
    target_link_libraries(${target} PUBLIC pyos_${dep})
  endforeach()
  target_link_libraries(${target} PRIVATE ${arg_PRIVATE_LIBS} $<BUILD_INTERFACE:pyos_warnings>)
  set_property(GLOBAL APPEND PROPERTY PYOS_MODULES ${target})
endfunction()

# pyos_add_test(<name> SOURCES <src...> LIBS <lib...> [ONE_THREAD <Suite.Test...>])
#   One GoogleTest executable per module; every TEST becomes its own ctest entry, run in its
#   own process (a crash or hang fails one test, not the run).
#   ONE_THREAD names slow tests (gtest patterns) that run on one thread and install no signal
#   handler: ThreadSanitizer, which reports only races and lock inversions between threads
#   and unsafe calls in signal handlers, can find nothing in them, so the tsan build does
#   not register them (they run in every other build).
function(pyos_add_test name)
  cmake_parse_arguments(arg "" "" "SOURCES;LIBS;ONE_THREAD" ${ARGN})
  set(target test_${name})
  add_executable(${target} ${arg_SOURCES})
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(${target} PRIVATE ${arg_LIBS} pyos_test_main pyos_test_support GTest::gmock
                        $<BUILD_INTERFACE:pyos_warnings>)
  # A live comparison without the pinned CPython prints this marker (tests/support): the
  # test is then reported as skipped, not failed and not compared with another Python.
  set(filter "*")
  if("thread" IN_LIST PYOS_SANITIZE AND arg_ONE_THREAD)
    list(JOIN arg_ONE_THREAD ":" one_thread)
    set(filter "-${one_thread}")
  endif()
  gtest_discover_tests(${target} DISCOVERY_MODE PRE_TEST DISCOVERY_TIMEOUT 60 TEST_FILTER "${filter}"
                       PROPERTIES TIMEOUT 120 LABELS ${name}
                                  SKIP_REGULAR_EXPRESSION "pyos-test: live oracle unavailable")
endfunction()

# pyos_add_bench(<suite> SOURCES <src...> LIBS <lib...>)
function(pyos_add_bench suite)
  cmake_parse_arguments(arg "" "" "SOURCES;LIBS" ${ARGN})
  set(target bench_${suite})
  add_executable(${target} ${arg_SOURCES})
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/bench)
  target_link_libraries(${target} PRIVATE ${arg_LIBS} benchmark::benchmark
                        $<BUILD_INTERFACE:pyos_warnings>)
endfunction()
