"""rmgen: a protocol compiler for the Gunyah Resource Manager RPC protocol.

Pipeline, one job per module:

    loader   YAML text -> marked Python trees (every node keeps file:line:col)
    schema   key/shape checks of the tree (unknown keys, missing keys, types)
    model    resolved, typed protocol model with computed layouts
    refmodel independent struct.pack reference encoder (examples, random vectors)
    examples golden-vector checks of the IDL's examples
    cnames   C naming of model objects
    emit     Jinja2 rendering, layout, write-if-changed (jobs in parallel)
    layout   the rendered C in clang-format's layout (unwrapped lines, lists)
    cbreak   clang-format's line breaks for the long-line shapes rmgen writes
    clist    braced initializers in clang-format's layout (columns)
    parallel jobs in forked worker processes
    fmt      clang-format itself, for what layout leaves (and --clang-format)
    cli      the `rmgen` command line
"""
