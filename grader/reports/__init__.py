"""What people read: ``student`` (results.json, feedback.md and the ``make check``
table, per student), ``classwide`` (gradebook.csv, summary.md, scores.png),
``dashboard`` (index.html and a page per student, opened in a browser) and ``github``
(``grader check``'s job summary and annotations on GitHub Actions).  ``atomic`` writes
every report file whole or not at all."""
