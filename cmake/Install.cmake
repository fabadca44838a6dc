# Install rules (cmake --install BUILD [--prefix P]), with GNUInstallDirs:
#
#   bin/                  rmgen and every program of RMGEN_PROGRAMS
#   include/gunyah_rm/    runtime headers, generated protocol.h and stubs.h,
#                         version.h
#   lib/                  libgunyah_rm (the generated code of
#                         idl/rm_protocol.yaml), libgunyah_rm_runtime
#   lib/cmake/gunyah_rm/  the CMake package: gunyah_rm::gunyah_rm,
#                         gunyah_rm::runtime, rmgen_generate()
#   lib/pkgconfig/        gunyah_rm.pc, gunyah_rm_runtime.pc
#   share/rmgen/          the generator (gen/, templates/, the files its
#                         kernel flavour copies, .clang-format, VERSION) and
#                         idl/rm_protocol.yaml
include(CMakePackageConfigHelpers)

set(RMGEN_DATADIR ${CMAKE_INSTALL_DATADIR}/rmgen)
set(RMGEN_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/gunyah_rm)
set(RMGEN_PCDIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# How one installed directory reaches another: relative, so that the tree
# works wherever it is installed (--prefix) or moved.
function(_rmgen_relative var from to)
  file(RELATIVE_PATH _rel "${CMAKE_INSTALL_PREFIX}/${from}"
       "${CMAKE_INSTALL_PREFIX}/${to}")
  if(_rel STREQUAL "")
    set(_rel ".")
  endif()
  string(REGEX REPLACE "(.)/$" "\\1" _rel "${_rel}")
  set(${var} "${_rel}" PARENT_SCOPE)
endfunction()

# ---- libraries and headers ------------------------------------------------
# A shared libgunyah_rm finds libgunyah_rm_runtime next to itself.
if(BUILD_SHARED_LIBS)
  set_target_properties(gunyah_rm PROPERTIES INSTALL_RPATH "$ORIGIN")
endif()
install(TARGETS gunyah_rm_runtime gunyah_rm EXPORT gunyah_rm_targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/include/gunyah_rm
                  ${RMGEN_GEN_DIR}/include/gunyah_rm
                  ${PROJECT_BINARY_DIR}/include/gunyah_rm
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.h")

# ---- programs ---------------------------------------------------------------
if(RMGEN_BUILD_TOOLS)
  _rmgen_relative(_bin_to_lib ${CMAKE_INSTALL_BINDIR} ${CMAKE_INSTALL_LIBDIR})
  foreach(_tool IN LISTS RMGEN_PROGRAMS)
    if(BUILD_SHARED_LIBS)
      set_target_properties(${_tool} PROPERTIES
                            INSTALL_RPATH "$ORIGIN/${_bin_to_lib}")
    endif()
    install(TARGETS ${_tool} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endforeach()
endif()

# rmgen: tools/rmgen, with ROOT pointing from bin/ to share/rmgen/.
_rmgen_relative(_bin_to_data ${CMAKE_INSTALL_BINDIR} ${RMGEN_DATADIR})
set(_root_line [[ROOT = os.path.join(os.path.dirname(os.path.realpath(__file__)), "..")]])
file(READ ${PROJECT_SOURCE_DIR}/tools/rmgen _rmgen_text)
string(FIND "${_rmgen_text}" "${_root_line}" _at)
if(_at LESS 0)
  message(FATAL_ERROR "tools/rmgen: no line '${_root_line}' to point at the "
                      "installed data directory")
endif()
string(REPLACE "${_root_line}"
  "ROOT = os.path.join(os.path.dirname(os.path.realpath(__file__)), \"${_bin_to_data}\")"
  _rmgen_text "${_rmgen_text}")
set(_old "")
if(EXISTS ${PROJECT_BINARY_DIR}/install/rmgen)
  file(READ ${PROJECT_BINARY_DIR}/install/rmgen _old)
endif()
if(NOT _old STREQUAL _rmgen_text)
  file(WRITE ${PROJECT_BINARY_DIR}/install/rmgen "${_rmgen_text}")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${PROJECT_SOURCE_DIR}/tools/rmgen)
install(PROGRAMS ${PROJECT_BINARY_DIR}/install/rmgen
        DESTINATION ${CMAKE_INSTALL_BINDIR})

# The generator's files, laid out as in the checkout.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/gen/ DESTINATION ${RMGEN_DATADIR}/gen
        FILES_MATCHING PATTERN "*.py" PATTERN "__pycache__" EXCLUDE)
install(FILES ${RMGEN_TEMPLATES} DESTINATION ${RMGEN_DATADIR}/templates)
foreach(_f IN LISTS RMGEN_COPIES)
  file(RELATIVE_PATH _rel ${PROJECT_SOURCE_DIR} ${_f})
  get_filename_component(_dir ${_rel} DIRECTORY)
  install(FILES ${_f} DESTINATION ${RMGEN_DATADIR}/${_dir})
endforeach()
install(FILES ${PROJECT_SOURCE_DIR}/.clang-format
        DESTINATION ${RMGEN_DATADIR})
file(CONFIGURE OUTPUT ${PROJECT_BINARY_DIR}/install/VERSION
     CONTENT "${PROJECT_VERSION}\n")
install(FILES ${PROJECT_BINARY_DIR}/install/VERSION
        DESTINATION ${RMGEN_DATADIR})
install(FILES ${RMGEN_IDL} DESTINATION ${RMGEN_DATADIR}/idl)

# ---- CMake package ------------------------------------------------------------
install(EXPORT gunyah_rm_targets NAMESPACE gunyah_rm::
        DESTINATION ${RMGEN_CMAKEDIR} FILE gunyah_rmTargets.cmake)
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/gunyah_rmConfig.cmake.in
  ${PROJECT_BINARY_DIR}/install/gunyah_rmConfig.cmake
  INSTALL_DESTINATION ${RMGEN_CMAKEDIR}
  PATH_VARS CMAKE_INSTALL_BINDIR RMGEN_DATADIR)
# 0.x: a new minor version may change the ABI (the SOVERSION is 0.MINOR).
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/install/gunyah_rmConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/install/gunyah_rmConfig.cmake
              ${PROJECT_BINARY_DIR}/install/gunyah_rmConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/RmgenGenerate.cmake
        DESTINATION ${RMGEN_CMAKEDIR})

# ---- pkg-config -----------------------------------------------------------------
_rmgen_relative(RMGEN_PC_PREFIX ${RMGEN_PCDIR} .)
foreach(_d LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${_d}}")
    set(RMGEN_PC_${_d} "${CMAKE_INSTALL_${_d}}")
  else()
    set(RMGEN_PC_${_d} "\${prefix}/${CMAKE_INSTALL_${_d}}")
  endif()
endforeach()
foreach(_pc gunyah_rm gunyah_rm_runtime)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/${_pc}.pc.in
                 ${PROJECT_BINARY_DIR}/install/${_pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/install/${_pc}.pc
          DESTINATION ${RMGEN_PCDIR})
endforeach()
