"""What people read, each a view of the report model (``trusted.results``): ``student``
(results.json, feedback.md and the ``make check`` table, per student), ``dashboard``
(index.html and a page per student, opened in a browser) and ``github`` (the job summary and
annotations of ``grader check`` on GitHub Actions), their sentences worded once in ``wording``;
``classwide`` (gradebook.csv, summary.md, scores.png), with ``misconceptions`` (the class's
known mistakes and unexplained groups, in summary.md and the dashboard); ``student_files`` (a
student's report files in a class run, the graded mark last); ``atomic`` (files written whole)."""
