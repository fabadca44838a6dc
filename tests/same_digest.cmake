# Run two vector_runner builds with --digest; fail unless both succeed and
# print the same lines. Usage: cmake -DA=runner -DB=runner -P same_digest.cmake
foreach(_v A B)
  execute_process(COMMAND ${${_v}} --digest RESULT_VARIABLE _rc
                  OUTPUT_VARIABLE _out_${_v} ERROR_VARIABLE _err)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "${${_v}} --digest failed (${_rc}):\n${_out_${_v}}${_err}")
  endif()
endforeach()
if(NOT _out_A STREQUAL _out_B)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/digest_a.txt "${_out_A}")
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/digest_b.txt "${_out_B}")
  message(FATAL_ERROR "the two builds decide differently: compare "
          "${CMAKE_CURRENT_BINARY_DIR}/digest_a.txt and digest_b.txt")
endif()
string(REGEX MATCHALL "\n" _lines "${_out_A}")
list(LENGTH _lines _n)
message(STATUS "${_n} lines identical")
