"""What ``grader export`` writes for other platforms: one module per platform, each with
``HELP``, ``add_arguments(parser)`` and ``run(course, args)``: ``nbgrader`` (an nbgrader
course folder), ``gradescope`` (a Gradescope autograder for one lesson; what it runs there
is ``gradescope_submission``) and ``lms`` (grades into an LMS's gradebook CSV)."""
