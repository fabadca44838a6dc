"""rmgen: a protocol compiler for the Gunyah Resource Manager RPC protocol.

Pipeline, one job per module:

    loader    YAML text -> marked Python trees (every node keeps file:line:col)
    schema    key/shape checks of the tree (unknown keys, missing keys, types)
    model     resolved, typed protocol model (idltypes) with computed layouts
    refmodel  independent struct.pack reference encoder and validator
    checks    C name clashes; the IDL's examples against refmodel
    idl       an IDL file to a checked model (the steps above)
    cnames    C naming of model objects; comments: C comments in 80 columns
    *plan     what the templates render: cplan (codecs), tableplan, stubplan,
              testplan (golden and random vectors), docplan (the reference)
    emit      Jinja2 rendering of the C outputs (kernel: the kernel flavour;
              wireshark: the Lua dissector)
    output    generated files: clang-format over all the C (one process),
              written only when their text changes
    diff      `rmgen diff`: breaking and compatible changes between IDLs
    version   rmgen's version (CMake's project(VERSION)); cli: the command line
"""
