"""What people read: ``student`` (results.json, feedback.md and the ``make check``
table, per student) and ``classwide`` (gradebook.csv, summary.md, scores.png)."""
