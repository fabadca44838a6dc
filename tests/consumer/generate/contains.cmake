# cmake -DFILE=F -DWANT=S -P contains.cmake: fail unless file F contains S.
file(READ "${FILE}" _text)
string(FIND "${_text}" "${WANT}" _at)
if(_at LESS 0)
  message(FATAL_ERROR "${FILE} does not contain ${WANT}")
endif()
