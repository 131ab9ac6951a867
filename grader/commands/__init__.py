"""One module per ``grader`` command, each with ``HELP``, ``add_arguments(parser)`` and
``run(course, args) -> exit status``: ``check`` (students), ``grade``, ``selfcheck``,
``stubs`` and ``release`` (instructors).  The student release ships ``check`` only."""
