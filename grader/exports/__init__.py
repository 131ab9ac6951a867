"""What ``grader export`` writes for other platforms: one module per platform, each with
``HELP``, ``add_arguments(parser)`` and ``run(course, args)``."""
