"""The course's grader.  Where things live:

- ``cli`` and ``commands/``: the ``grader`` command, one module per subcommand.
- ``course``: the course layout (lessons, where their files are); ``limits``: every limit
  put on student code.
- ``authoring/``: the lesson author's API (``checks``, ``describe``, ``static``, ``probes``,
  ``stubs``); lesson tests import ``grader.checks``.
- ``trusted/``: the process that runs pytest, holds expected values and decides scores;
  it never imports student code.
- ``sandbox/``: the processes that run student code, their confinement, and the wire
  format between the two sides.
- ``reports/``: what people read, per student and for the class.
- ``devtools/``: tools for the course's maintainers (benchmark, mutants); not shipped to
  students, not used when grading.
"""
