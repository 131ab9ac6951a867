"""Applying the course's decisions after every grading, also to students whose reports were
reused: each lesson's raw score (``results.json``'s ``score``, which stays as graded) gets
its late penalty (from the submission time: the LMS export named in policy.toml, else the
commit ``grader collect`` took) and its adjustments, recorded as ``results.json``'s
``decisions`` and shown in the block of ``feedback.md`` that holds the totals.

Everything is worked out first; a result below zero or above the lesson's maximum stops the
pass with the adjustment's file and line before any file is written.  ``DECISIONS_MARK``
records which version of the decision files the reports show."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from ..report_files import DECISIONS_MARK, FEEDBACK, RESULTS
from ..reports.atomic import write_atomic
from ..reports.student import refresh_scores_block
from ..reports.wording import NO_SUBMISSION_TIME
from ..trusted.results import LessonReport
from .class_files import ClassDecisions
from .policy import late
from .source import BadDecisionFile


def decide(decisions: ClassDecisions, rep: LessonReport) -> dict | None:
    """``rep``'s decisions record (None: the course decides nothing for this lesson)."""
    deadline = decisions.policy.deadlines.get(rep.lesson)
    adjustments = decisions.adjustments_of(rep.student, rep.lesson)
    if not deadline and not adjustments:
        return None
    raw, maximum = rep.score, rep.max_score
    record = {"raw": raw, "max_score": maximum, "submitted_at": None, "submitted_from": None, "late": None,
              "adjustments": [], "final": raw, "notes": []}
    if deadline:
        submitted = _submitted(decisions, rep)
        if submitted is None:
            record["notes"].append(NO_SUBMISSION_TIME)
        else:
            record["submitted_at"], record["submitted_from"] = submitted[0].isoformat(), submitted[1]
            cost = late(deadline, submitted[0], decisions.policy.extension(rep.student, rep.lesson))
            if cost:
                points = round(raw * cost.percent / 100, 4)
                record["late"] = {"percent": cost.percent, "points": -points, "reason": cost.reason}
                record["final"] = round(raw - points, 4)
    for adjustment in adjustments:
        final = adjustment.score if adjustment.score is not None else round(record["final"] + adjustment.points, 4)
        if not 0 <= final <= maximum:
            raise BadDecisionFile(adjustment.path, adjustment.line,
                                  f"{rep.student}'s {rep.lesson} would score {final:g}, outside 0 to its "
                                  f"maximum {maximum:g}")
        record["final"] = final
        record["adjustments"].append({"points": adjustment.points, "score": adjustment.score,
                                      "reason": adjustment.reason, "date": adjustment.date,
                                      "text": adjustment.text(), "from": adjustment.where})
    return record


def _submitted(decisions: ClassDecisions, rep: LessonReport) -> tuple[datetime, str] | None:
    if rep.student in decisions.times:
        return decisions.times[rep.student]
    if rep.collected and rep.collected.get("committed_at"):
        try:
            when = datetime.fromisoformat(rep.collected["committed_at"])
        except ValueError:
            return None
        return when, f"commit {rep.collected.get('commit', '')[:12]} (grader collect)"
    return None


def apply_decisions(out: Path, lessons: list[str], decisions: ClassDecisions) -> int:
    """Bring every student's reports under ``out`` (``lessons``, by name) in line with
    ``decisions``; how many results.json files changed.  BadDecisionFile, with nothing
    written, where a result would leave the lesson's range."""
    changed: dict[Path, dict | None] = {}
    for path in _results_files(out, lessons):
        data = json.loads(path.read_text(encoding="utf-8"))
        record = decide(decisions, LessonReport.from_results_json(data))
        if data.get("decisions") != record:
            changed[path] = record
    for folder in sorted({path.parent.parent for path in changed}):
        before = {p: json.loads(p.read_text(encoding="utf-8"))
                  for p in (folder / lesson / RESULTS for lesson in lessons) if p.is_file()}
        after = {p: _with_decisions(data, changed[p]) if p in changed else data for p, data in before.items()}
        for path in before.keys() & changed.keys():
            write_atomic(path, json.dumps(after[path], indent=2, ensure_ascii=False))
        if (folder / FEEDBACK).is_file():
            old, new = ([LessonReport.from_results_json(data) for data in files.values()] for files in (before, after))
            text = (folder / FEEDBACK).read_text(encoding="utf-8")
            write_atomic(folder / FEEDBACK, refresh_scores_block(text, old, new))
    write_atomic(out / DECISIONS_MARK, json.dumps({"version": decisions.version}))
    return len(changed)


def _with_decisions(data: dict, record: dict | None) -> dict:
    """A results.json's data with ``record`` as its decisions (none where None)."""
    return {key: value for key, value in data.items() if key != "decisions"} | ({"decisions": record} if record else {})


def _results_files(out: Path, lessons: list[str]):
    for folder in sorted(p for p in out.iterdir() if p.is_dir() and not p.is_symlink()):
        yield from (p for p in (folder / lesson / RESULTS for lesson in lessons) if p.is_file())
