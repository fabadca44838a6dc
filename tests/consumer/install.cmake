# cmake -DBUILD=DIR -DPREFIX=DIR -DEXPECT=FILES -P install.cmake
# Install the build tree BUILD into a fresh PREFIX, then check that every
# path of the list EXPECT (relative to PREFIX, ';'-separated) exists.
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD}"
                        --prefix "${PREFIX}"
                RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _out)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${_rc}):\n${_out}")
endif()
set(_missing)
foreach(_f IN LISTS EXPECT)
  if(NOT EXISTS "${PREFIX}/${_f}")
    list(APPEND _missing "${_f}")
  endif()
endforeach()
if(_missing)
  message(FATAL_ERROR "not installed: ${_missing}")
endif()
list(LENGTH EXPECT _n)
message(STATUS "installed into ${PREFIX}: all ${_n} expected paths present")
