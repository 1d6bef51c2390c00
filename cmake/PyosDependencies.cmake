# Every dependency is a Debian bookworm package. A missing one stops the configure step with
# the package to install; tools/bootstrap.sh installs them all.
include_guard(GLOBAL)

# pyos_require(<find_package args...> DEBIAN <package>)
macro(pyos_require name)
  cmake_parse_arguments(_req "" "DEBIAN" "" ${ARGN})
  find_package(${name} ${_req_UNPARSED_ARGUMENTS} QUIET)
  if(NOT ${name}_FOUND)
    message(FATAL_ERROR
      "pyos needs ${name}, which was not found.\n"
      "On Debian bookworm: apt-get install ${_req_DEBIAN}   (or run tools/bootstrap.sh)")
  endif()
endmacro()

find_package(Threads REQUIRED)
pyos_require(fmt DEBIAN libfmt-dev)
# io: character names for the namereplace error handler (u_charName).
pyos_require(ICU COMPONENTS uc DEBIAN libicu-dev)

if(PYOS_BUILD_TESTS)
  pyos_require(GTest DEBIAN "libgtest-dev libgmock-dev")
  pyos_require(nlohmann_json DEBIAN nlohmann-json3-dev)
  # The fault tests' FUSE filesystem (tests/support/faultfs.cpp).
  find_package(PkgConfig QUIET)
  if(PkgConfig_FOUND)
    pkg_check_modules(FUSE3 QUIET IMPORTED_TARGET fuse3)
  endif()
  if(NOT FUSE3_FOUND)
    message(FATAL_ERROR
      "pyos's tests need fuse3, which was not found.\n"
      "On Debian bookworm: apt-get install pkgconf libfuse3-dev   (or run tools/bootstrap.sh)")
  endif()
endif()
if(PYOS_BUILD_BENCH)
  pyos_require(benchmark DEBIAN libbenchmark-dev)
endif()
