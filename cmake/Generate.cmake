# Generation at build time: idl/rm_protocol.yaml -> ${RMGEN_GEN_DIR}.
#
# The generator writes a file only when its content changes and the stamp
# records the last run, so a rebuild with nothing changed runs nothing and
# recompiles nothing.

set(RMGEN_GEN_DIR ${CMAKE_BINARY_DIR}/generated)
set(RMGEN_IDL ${CMAKE_SOURCE_DIR}/idl/rm_protocol.yaml)
set(RMGEN_TOOL ${CMAKE_SOURCE_DIR}/tools/rmgen)

# rmgen_outputs(VAR FLAVOR DIR [OPTION...]): the files rmgen writes for
# FLAVOR (and the options) into DIR.
function(rmgen_outputs var flavor dir)
  execute_process(
    COMMAND ${RMGEN_PYTHON} ${RMGEN_TOOL} --list-outputs --flavor ${flavor}
            ${ARGN}
    OUTPUT_VARIABLE _outs
    RESULT_VARIABLE _rc
    ERROR_VARIABLE _err)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "rmgen --list-outputs --flavor ${flavor} failed: ${_err}")
  endif()
  string(STRIP "${_outs}" _outs)
  string(REPLACE "\n" ";" _outs "${_outs}")
  set(_paths)
  foreach(_o IN LISTS _outs)
    list(APPEND _paths ${dir}/${_o})
  endforeach()
  set(${var} ${_paths} PARENT_SCOPE)
endfunction()

rmgen_outputs(RMGEN_OUTPUTS user ${RMGEN_GEN_DIR})

file(GLOB RMGEN_MODULES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/gen/*.py)
file(GLOB RMGEN_TEMPLATES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/templates/*.j2)

add_custom_command(
  OUTPUT ${RMGEN_GEN_DIR}/rmgen.stamp
  BYPRODUCTS ${RMGEN_OUTPUTS}
  COMMAND ${CMAKE_COMMAND} -E env PYTHONDONTWRITEBYTECODE=1
          ${RMGEN_PYTHON} ${RMGEN_TOOL} -o ${RMGEN_GEN_DIR}
          --idl-name idl/rm_protocol.yaml ${RMGEN_IDL}
  COMMAND ${CMAKE_COMMAND} -E touch ${RMGEN_GEN_DIR}/rmgen.stamp
  DEPENDS ${RMGEN_IDL} ${RMGEN_TOOL} ${RMGEN_MODULES} ${RMGEN_TEMPLATES}
          ${CMAKE_SOURCE_DIR}/.clang-format
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
  COMMENT "rmgen: generating C from idl/rm_protocol.yaml"
  VERBATIM)
add_custom_target(rmgen_generate DEPENDS ${RMGEN_GEN_DIR}/rmgen.stamp)
set_source_files_properties(${RMGEN_OUTPUTS} PROPERTIES GENERATED TRUE)

# The kernel flavour (Linux driver sources), generated for the module build
# tests: the default drop-in (generated-kernel) and everything selected
# (generated-kernel-all).
set(RMGEN_KERNEL_DIR ${CMAKE_BINARY_DIR}/generated-kernel)
set(RMGEN_KERNEL_ALL_DIR ${CMAKE_BINARY_DIR}/generated-kernel-all)
rmgen_outputs(RMGEN_KERNEL_OUTPUTS kernel ${RMGEN_KERNEL_DIR})
rmgen_outputs(RMGEN_KERNEL_ALL_OUTPUTS kernel ${RMGEN_KERNEL_ALL_DIR}
              --kernel-select=all)
set(RMGEN_KERNEL_COPIES ${CMAKE_SOURCE_DIR}/runtime/include/gunyah_rm/wire.h
    ${CMAKE_SOURCE_DIR}/runtime/include/gunyah_rm/overflow.h
    ${CMAKE_SOURCE_DIR}/runtime/src/wire.c
    ${CMAKE_SOURCE_DIR}/kernel/gunyah_rm_driver.c)
foreach(_k "KERNEL;" "KERNEL_ALL;--kernel-select=all")
  list(GET _k 0 _var)
  list(GET _k 1 _select)
  set(_dir ${RMGEN_${_var}_DIR})
  add_custom_command(
    OUTPUT ${_dir}/rmgen.stamp
    BYPRODUCTS ${RMGEN_${_var}_OUTPUTS}
    COMMAND ${CMAKE_COMMAND} -E env PYTHONDONTWRITEBYTECODE=1
            ${RMGEN_PYTHON} ${RMGEN_TOOL} --flavor kernel ${_select} -o ${_dir}
            --idl-name idl/rm_protocol.yaml ${RMGEN_IDL}
    COMMAND ${CMAKE_COMMAND} -E touch ${_dir}/rmgen.stamp
    DEPENDS ${RMGEN_IDL} ${RMGEN_TOOL} ${RMGEN_MODULES} ${RMGEN_TEMPLATES}
            ${RMGEN_KERNEL_COPIES} ${CMAKE_SOURCE_DIR}/.clang-format
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
    COMMENT "rmgen: generating the kernel flavour ${_select}"
    VERBATIM)
endforeach()
add_custom_target(rmgen_generate_kernel ALL
                  DEPENDS ${RMGEN_KERNEL_DIR}/rmgen.stamp
                          ${RMGEN_KERNEL_ALL_DIR}/rmgen.stamp)
