"""The names of the files a grading writes, defined once: per student and lesson
(``results.json``), per student (``feedback.md``, ``feedback.html``, the ``graded.json``
mark) and per class (gradebook, summary, histogram, dashboard, the decisions' mark, the
similarity pages)."""
from __future__ import annotations

RESULTS = "results.json"        # DIR/<student>/<lesson>/: the Gradescope-schema results of one lesson
FEEDBACK = "feedback.md"        # DIR/<student>/: the student's own report
FEEDBACK_PAGE = "feedback.html"  # DIR/<student>/: the same as a page of the dashboard
GRADED_MARK = "graded.json"     # DIR/<student>/: written last; says which grading the reports are of
GRADEBOOK = "gradebook.csv"     # DIR/: one row per student, one column per lesson
SUMMARY = "summary.md"          # DIR/: per-lesson statistics and per-test pass rates
HISTOGRAM = "scores.png"        # DIR/: the distribution of total points
DASHBOARD = "index.html"        # DIR/: the class dashboard
DECISIONS_MARK = "decisions.json"  # DIR/: which version of the course's decision files the reports apply
SIMILARITY = "similarity"       # DIR/: where grader similarity --out DIR/similarity puts its pages
SIMILARITY_PAIRS = "pairs.csv"  # DIR/similarity/: every pair of students that shares code, best first
# no student folder may take these names
CLASS_REPORTS = frozenset({GRADEBOOK, SUMMARY, HISTOGRAM, DASHBOARD, DECISIONS_MARK, SIMILARITY})
