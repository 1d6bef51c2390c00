# cmake --install: headers, the module libraries, a CMake package (find_package(pyos CONFIG)
# gives pyos::pyos and pyos::<module>) and a relocatable pkg-config file.
include(CMakePackageConfigHelpers)

get_property(_pyos_modules GLOBAL PROPERTY PYOS_MODULES)
install(TARGETS ${_pyos_modules} pyos_pyos
        EXPORT pyosTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/pyos DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(PYOS_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/pyos)
install(EXPORT pyosTargets NAMESPACE pyos:: DESTINATION ${PYOS_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/pyosConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/pyosConfig.cmake
                              INSTALL_DESTINATION ${PYOS_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/pyosConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/pyosConfig.cmake ${PROJECT_BINARY_DIR}/pyosConfigVersion.cmake
        DESTINATION ${PYOS_CMAKE_DIR})

# pkg-config: the prefix is found from the .pc file's own place, so the file stays right
# whatever --prefix the install is given.
file(RELATIVE_PATH PYOS_PC_TO_PREFIX "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
# Link order: every module before the modules it depends on.
set(PYOS_PC_LIBS "")
list(REVERSE _pyos_modules)
foreach(target IN LISTS _pyos_modules)
  get_target_property(name ${target} OUTPUT_NAME)
  string(APPEND PYOS_PC_LIBS " -l${name}")
endforeach()
if(BUILD_SHARED_LIBS)
  set(PYOS_PC_REQUIRES "")
  set(PYOS_PC_REQUIRES_PRIVATE "fmt icu-uc")
else()
  set(PYOS_PC_REQUIRES "fmt icu-uc")
  set(PYOS_PC_REQUIRES_PRIVATE "")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/pyos.pc.in ${PROJECT_BINARY_DIR}/pyos.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/pyos.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
