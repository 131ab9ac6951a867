"""What people read: ``student`` (results.json, feedback.md and the ``make check``
table, per student), ``student_files`` (a student's files in a class run), ``classwide``
(gradebook.csv, summary.md, scores.png) and ``dashboard`` (index.html and a page per
student, opened in a browser)."""
