# Generation at build time: idl/rm_protocol.yaml -> ${RMGEN_GEN_DIR}.
#
# The generator writes a file only when its content changes and the stamp
# records the last run, so a rebuild with nothing changed runs nothing and
# recompiles nothing.

set(RMGEN_GEN_DIR ${CMAKE_BINARY_DIR}/generated)
set(RMGEN_IDL ${CMAKE_SOURCE_DIR}/idl/rm_protocol.yaml)
set(RMGEN_TOOL ${CMAKE_SOURCE_DIR}/tools/rmgen)

execute_process(
  COMMAND ${RMGEN_PYTHON} ${RMGEN_TOOL} --list-outputs
  OUTPUT_VARIABLE _rmgen_outputs
  RESULT_VARIABLE _rmgen_rc
  ERROR_VARIABLE _rmgen_err)
if(NOT _rmgen_rc EQUAL 0)
  message(FATAL_ERROR "rmgen --list-outputs failed: ${_rmgen_err}")
endif()
string(STRIP "${_rmgen_outputs}" _rmgen_outputs)
string(REPLACE "\n" ";" _rmgen_outputs "${_rmgen_outputs}")
set(RMGEN_OUTPUTS)
foreach(_o IN LISTS _rmgen_outputs)
  list(APPEND RMGEN_OUTPUTS ${RMGEN_GEN_DIR}/${_o})
endforeach()

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

# The kernel flavour (Linux driver sources), generated for the module build test.
set(RMGEN_KERNEL_DIR ${CMAKE_BINARY_DIR}/generated-kernel)
execute_process(
  COMMAND ${RMGEN_PYTHON} ${RMGEN_TOOL} --list-outputs --flavor kernel
  OUTPUT_VARIABLE _rmgen_koutputs
  RESULT_VARIABLE _rmgen_rc)
if(NOT _rmgen_rc EQUAL 0)
  message(FATAL_ERROR "rmgen --list-outputs --flavor kernel failed")
endif()
string(STRIP "${_rmgen_koutputs}" _rmgen_koutputs)
string(REPLACE "\n" ";" _rmgen_koutputs "${_rmgen_koutputs}")
set(RMGEN_KERNEL_OUTPUTS)
foreach(_o IN LISTS _rmgen_koutputs)
  list(APPEND RMGEN_KERNEL_OUTPUTS ${RMGEN_KERNEL_DIR}/${_o})
endforeach()
file(GLOB RMGEN_RUNTIME_COPIES ${CMAKE_SOURCE_DIR}/runtime/include/gunyah_rm/wire.h
     ${CMAKE_SOURCE_DIR}/runtime/include/gunyah_rm/overflow.h
     ${CMAKE_SOURCE_DIR}/runtime/src/wire.c)
add_custom_command(
  OUTPUT ${RMGEN_KERNEL_DIR}/rmgen.stamp
  BYPRODUCTS ${RMGEN_KERNEL_OUTPUTS}
  COMMAND ${CMAKE_COMMAND} -E env PYTHONDONTWRITEBYTECODE=1
          ${RMGEN_PYTHON} ${RMGEN_TOOL} --flavor kernel -o ${RMGEN_KERNEL_DIR}
          --idl-name idl/rm_protocol.yaml ${RMGEN_IDL}
  COMMAND ${CMAKE_COMMAND} -E touch ${RMGEN_KERNEL_DIR}/rmgen.stamp
  DEPENDS ${RMGEN_IDL} ${RMGEN_TOOL} ${RMGEN_MODULES} ${RMGEN_TEMPLATES}
          ${RMGEN_RUNTIME_COPIES} ${CMAKE_SOURCE_DIR}/.clang-format
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
  COMMENT "rmgen: generating the kernel flavour"
  VERBATIM)
add_custom_target(rmgen_generate_kernel ALL
                  DEPENDS ${RMGEN_KERNEL_DIR}/rmgen.stamp)
