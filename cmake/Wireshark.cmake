# The Wireshark flavour: ${RMGEN_GEN_DIR}/wireshark/gunyah_rm.lua, a Lua
# dissector for RM captures (docs/capture.md), generated at build time.
set(RMGEN_WIRESHARK_DIR ${RMGEN_GEN_DIR}/wireshark)
add_custom_command(
  OUTPUT ${RMGEN_WIRESHARK_DIR}/rmgen.stamp
  BYPRODUCTS ${RMGEN_WIRESHARK_DIR}/gunyah_rm.lua
  COMMAND ${CMAKE_COMMAND} -E env PYTHONDONTWRITEBYTECODE=1
          ${RMGEN_PYTHON} ${RMGEN_TOOL} --flavor wireshark
          -o ${RMGEN_WIRESHARK_DIR} --idl-name idl/rm_protocol.yaml ${RMGEN_IDL}
  COMMAND ${CMAKE_COMMAND} -E touch ${RMGEN_WIRESHARK_DIR}/rmgen.stamp
  DEPENDS ${RMGEN_IDL} ${RMGEN_TOOL} ${RMGEN_MODULES} ${RMGEN_TEMPLATES}
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
  COMMENT "rmgen: generating the Wireshark dissector"
  VERBATIM)
add_custom_target(rmgen_wireshark ALL
                  DEPENDS ${RMGEN_WIRESHARK_DIR}/rmgen.stamp)
