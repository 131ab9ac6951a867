"""Recorded adjustments: ``adjustments.csv``, one row per decision a teacher took on a
student's lesson (a regrade request accepted, a penalty decided): ``student``, ``lesson``,
either ``points`` (added; negative takes away) or ``score`` (the lesson's final score from
then on), ``reason`` and ``date``.  Rows apply in the file's order.  Format: docs/decisions.md."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .source import BadDecisionFile, day_or_time, number, read_csv

ADJUSTMENTS = "adjustments.csv"
COLUMNS = ("student", "lesson", "points", "score", "reason", "date")


@dataclass(frozen=True)
class Adjustment:
    student: str
    lesson: str
    points: float | None        # added to the score so far
    score: float | None         # or: the score from here on
    reason: str
    date: str
    path: Path
    line: int

    @property
    def where(self) -> str:
        return f"{self.path.name} line {self.line}"

    def text(self) -> str:
        """How reports show it: ``+2 on 04_linear_model: regrade of test_mse accepted, 2026-03-04``."""
        what = f"{self.points:+g}" if self.points is not None else f"score set to {self.score:g}"
        return f"{what} on {self.lesson}: {self.reason}, {self.date}"


def load_adjustments(path: Path, lessons: list[str]) -> list[Adjustment]:
    """The adjustments of ``path`` (none where it does not exist), each checked on its own."""
    found = []
    for line, row in read_csv(path, COLUMNS) if path.is_file() else []:
        for column in ("student", "reason", "date"):
            if not row[column]:
                raise BadDecisionFile(path, line, f"no {column}")
        if row["lesson"] not in lessons:
            raise BadDecisionFile(path, line, f"no lesson {row['lesson']!r} in the course "
                                              f"(its lessons: {', '.join(lessons)})")
        if bool(row["points"]) == bool(row["score"]):
            raise BadDecisionFile(path, line, "give either points (added) or score (the new score), not "
                                              + ("both" if row["points"] else "neither"))
        score = number(row["score"], path, line, "score", 0) if row["score"] else None
        found.append(Adjustment(row["student"], row["lesson"],
                                number(row["points"], path, line, "points") if row["points"] else None, score,
                                row["reason"], day_or_time(row["date"], path, line, "date"), path, line))
    return found
