"""The lesson author's API: what lesson tests and solutions are written with.

``checks`` (assertion helpers, imported by tests as ``grader.checks``), ``describe``
(values described for messages), ``static`` (checks on the student's source text),
``probes`` (facts observed next to student code, run in the runner), ``stubs``
(student stubs generated from solutions) and ``walkthrough`` (a lesson's walkthrough
notebook, generated from its Markdown source).  Importing ``checks`` starts no sandbox."""
