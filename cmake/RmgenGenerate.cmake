# rmgen_generate(): C from an rmgen IDL, generated at build time.
#
#   rmgen_generate(<target> IDL <file> [FLAVOR user|kernel]
#                  [OUTPUT_DIR <dir>] [IDL_NAME <name>] [OPTIONS <opt>...])
#
# FLAVOR user (the default): <target> is a library of the generated codecs,
# message table and RPC stubs (<dir>/src/*.c), linked to gunyah_rm::runtime,
# with <dir>/include (gunyah_rm/protocol.h, gunyah_rm/stubs.h) as a public
# include directory. The generated golden-vector tests are written too:
# <dir>/tests/test_golden.c, test_differential.c and vectors.c.
# FLAVOR kernel: <target> is a custom target, built by default, that writes
# the Linux driver sources into <dir>. OPTIONS are more rmgen options, such
# as the kernel flavour's --kernel-series and --kernel-select.
#
# OUTPUT_DIR defaults to ${CMAKE_CURRENT_BINARY_DIR}/<target>; IDL_NAME,
# how the generated banners name the IDL, to its path relative to the
# current source directory (its file name when it is outside). The target
# property RMGEN_OUTPUT_DIR holds the output directory.
#
# The files are generated again when the IDL or rmgen changes; rmgen
# rewrites only files whose content changes, so nothing else recompiles.
# The user flavour's generation step alone is the target <target>_generate.
#
# Which rmgen runs is set by whoever includes this file, in the global
# properties RMGEN_COMMAND (the command line up to its arguments) and
# RMGEN_DEPENDS (rmgen's own files: a change regenerates).

function(rmgen_generate target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "IDL;FLAVOR;OUTPUT_DIR;IDL_NAME"
                        "OPTIONS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR
      "rmgen_generate(${target}): unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_IDL)
    message(FATAL_ERROR "rmgen_generate(${target}): IDL <file> is required")
  endif()
  if(NOT arg_FLAVOR)
    set(arg_FLAVOR user)
  elseif(NOT arg_FLAVOR MATCHES "^(user|kernel)$")
    message(FATAL_ERROR "rmgen_generate(${target}): FLAVOR must be user or "
                        "kernel, not '${arg_FLAVOR}'")
  endif()
  get_property(_cmd GLOBAL PROPERTY RMGEN_COMMAND)
  get_property(_deps GLOBAL PROPERTY RMGEN_DEPENDS)
  if(NOT _cmd)
    message(FATAL_ERROR "rmgen_generate(${target}): no rmgen; use "
                        "find_package(gunyah_rm) or add the rmgen source tree")
  endif()

  get_filename_component(_idl "${arg_IDL}" ABSOLUTE
                         BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${_idl}")
    message(FATAL_ERROR "rmgen_generate(${target}): no IDL file ${_idl}")
  endif()
  if(arg_OUTPUT_DIR)
    get_filename_component(_out "${arg_OUTPUT_DIR}" ABSOLUTE
                           BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  else()
    set(_out "${CMAKE_CURRENT_BINARY_DIR}/${target}")
  endif()
  if(arg_IDL_NAME)
    set(_name "${arg_IDL_NAME}")
  else()
    file(RELATIVE_PATH _name "${CMAKE_CURRENT_SOURCE_DIR}" "${_idl}")
    if(_name MATCHES "^\\.\\./")
      get_filename_component(_name "${_idl}" NAME)
    endif()
  endif()

  execute_process(
    COMMAND ${_cmd} --list-outputs --flavor ${arg_FLAVOR} ${arg_OPTIONS}
    OUTPUT_VARIABLE _list
    ERROR_VARIABLE _err
    RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "rmgen_generate(${target}): '${_cmd} --list-outputs' "
                        "failed (${_rc}): ${_err}")
  endif()
  string(STRIP "${_list}" _list)
  string(REPLACE "\n" ";" _list "${_list}")
  set(_files)
  set(_sources)
  foreach(_f IN LISTS _list)
    list(APPEND _files "${_out}/${_f}")
    if(_f MATCHES "^src/.*\\.c$")
      list(APPEND _sources "${_out}/${_f}")
    endif()
  endforeach()

  set(_stamp "${_out}/rmgen.stamp")
  add_custom_command(
    OUTPUT "${_stamp}"
    BYPRODUCTS ${_files}
    COMMAND ${CMAKE_COMMAND} -E env PYTHONDONTWRITEBYTECODE=1
            ${_cmd} --flavor ${arg_FLAVOR} ${arg_OPTIONS} -o "${_out}"
            --idl-name "${_name}" "${_idl}"
    COMMAND ${CMAKE_COMMAND} -E touch "${_stamp}"
    DEPENDS "${_idl}" ${_deps}
    WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
    COMMENT "rmgen: generating the ${arg_FLAVOR} flavour from ${_name}"
    VERBATIM)

  if(arg_FLAVOR STREQUAL "kernel")
    add_custom_target(${target} ALL DEPENDS "${_stamp}")
  else()
    add_custom_target(${target}_generate DEPENDS "${_stamp}")
    add_library(${target} ${_sources})
    add_dependencies(${target} ${target}_generate)
    target_include_directories(${target} PUBLIC
                               "$<BUILD_INTERFACE:${_out}/include>")
    target_link_libraries(${target} PUBLIC gunyah_rm::runtime)
    set_target_properties(${target} PROPERTIES
      C_STANDARD 11
      C_STANDARD_REQUIRED ON
      POSITION_INDEPENDENT_CODE ON)
  endif()
  set_target_properties(${target} PROPERTIES RMGEN_OUTPUT_DIR "${_out}")
endfunction()
