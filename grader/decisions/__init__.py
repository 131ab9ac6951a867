"""The course's grading decisions, kept as files of the course next to it (``class/``) and
applied on top of the graded (raw) scores; no student code here.

``source`` (reading those files: TOML and CSV, times with their time zone, errors that name
the file and line), ``policy`` (``policy.toml``: deadlines per lesson, grace, the penalty per
day or hour, its cap, no credit after a date; ``extensions.csv``: per-student extensions),
``adjustments`` (``adjustments.csv``: points or a replacement score, with reason and date),
``class_files`` (the three loaded and checked against the course and the class, before
anything is graded or written) and ``apply`` (each lesson's decisions worked out from its
raw score, recorded in ``results.json`` and ``feedback.md`` after every grading)."""
