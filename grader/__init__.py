"""The course's grader.  Where things live:

- ``cli`` and ``commands/``: the ``grader`` command, one module per subcommand;
  ``exports/``: ``grader export``, one module per platform (nbgrader, Gradescope, an LMS).
- ``course``: the course layout (lessons, where their files are); ``limits``: every limit
  put on student code; ``report_files``: the names of the files a grading writes.
- ``authoring/``: the lesson author's API (``checks``, ``describe``, ``static``, ``probes``,
  ``stubs``, ``walkthrough``); lesson tests import ``checks`` (``grader.checks``).
- ``jupyter``: ``check_test``, the call in a notebook's test cell.
- ``trusted/``: the process that runs pytest, holds expected values and decides scores;
  it never imports student code.
- ``sandbox/``: the processes that run student code, their confinement, and the wire
  format between the two sides.
- ``reports/``: what people read, per student and for the class.
- ``decisions/``: the course's late policy, extensions and adjustments (``class/``), applied on
  top of the graded scores; instructors only.
- ``similarity/``: ``grader similarity``, pairs of students ranked by the code they share.
- ``devtools/``: tools for the course's maintainers (benchmark, the example class); not shipped to
  students, not used when grading.
"""
