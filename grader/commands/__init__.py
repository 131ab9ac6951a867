"""One module per ``grader`` command, each with ``HELP``, ``add_arguments(parser)`` and
``run(course, args) -> exit status``: ``check`` and ``submit`` (students), ``collect``,
``grade``, ``similarity``, ``selfcheck``, ``stubs``, ``release`` and ``export`` (instructors).  The student
release ships ``check`` and ``submit`` only."""
