"""The late policy: ``policy.toml`` (the deadline of each lesson with its time zone, a grace
period, a penalty per started day or hour as a percentage of the raw score, its cap, no
credit after a date; optionally where an LMS export gives submission times) and
``extensions.csv`` (per student, per lesson or ``*`` for all: a new deadline or ``+3d`` /
``+36h``).  ``late`` says what a submission at a given time costs.  Format: docs/decisions.md."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from .source import BadDecisionFile, aware, number, read_csv, read_toml, toml_line

POLICY = "policy.toml"
EXTENSIONS = "extensions.csv"
UNITS = {"day": timedelta(days=1), "hour": timedelta(hours=1)}
RULE_KEYS = ("grace_minutes", "per", "penalty_percent", "cap_percent")
ALL_LESSONS = "*"
_SHIFT = re.compile(r"\+\s*(\d+(?:\.\d+)?)\s*([dh])")


@dataclass(frozen=True)
class Rules:
    """How lateness costs: nothing within ``grace``, then ``percent`` of the raw score per
    started ``unit`` after the deadline, at most ``cap`` percent (None: up to all of it)."""

    grace: timedelta = timedelta(0)
    unit: str = "day"
    percent: float = 0.0
    cap: float | None = None


@dataclass(frozen=True)
class Deadline:
    lesson: str
    due: datetime
    no_credit_after: datetime | None
    rules: Rules


@dataclass(frozen=True)
class Extension:
    student: str
    lesson: str                 # a lesson's name or ALL_LESSONS
    until: str                  # as written: a date and time, or +Nd / +Nh
    reason: str
    line: int

    def moved(self, due: datetime) -> datetime:
        shift = _SHIFT.fullmatch(self.until)
        if shift:
            amount = float(shift.group(1))
            return due + (timedelta(days=amount) if shift.group(2) == "d" else timedelta(hours=amount))
        return datetime.fromisoformat(self.until)


@dataclass(frozen=True)
class TimesSource:
    """An LMS's submissions export: the column matching submission ids and the time column."""

    path: Path
    match: str
    column: str


@dataclass(frozen=True)
class Policy:
    deadlines: dict[str, Deadline]
    extensions: dict[tuple[str, str], Extension]   # (student, lesson or ALL_LESSONS) -> extension
    times: TimesSource | None

    def extension(self, student: str, lesson: str) -> Extension | None:
        return self.extensions.get((student, lesson)) or self.extensions.get((student, ALL_LESSONS))


@dataclass(frozen=True)
class Late:
    """What lateness cost: ``percent`` of the raw score (0: late only within the grace) and why."""

    percent: float
    reason: str


def load_policy(folder: Path, lessons: list[str]) -> Policy:
    """``folder``'s policy and extensions (each optional: none is no late policy)."""
    path = folder / POLICY
    data, text = read_toml(path) if path.is_file() else ({}, "")
    unknown = sorted(set(data) - {"late", "lessons", "submission_times"})
    if unknown:
        raise BadDecisionFile(path, toml_line(text, unknown[0]),
                              f"unknown table [{unknown[0]}] (known: [late], [lessons.NN_name], [submission_times])")
    base = _rules(_table(data, "late", path, text), Rules(), path, text, "late")
    deadlines = {}
    for lesson, table in _table(data, "lessons", path, text).items():
        where = f"lessons.{lesson}"
        if lesson not in lessons:
            raise BadDecisionFile(path, toml_line(text, where), f"no lesson {lesson!r} in the course "
                                                                f"(its lessons: {', '.join(lessons)})")
        table = _table(data["lessons"], lesson, path, text, where)
        extra = sorted(set(table) - {"deadline", "no_credit_after", *RULE_KEYS})
        if extra:
            raise BadDecisionFile(path, toml_line(text, where, extra[0]), f"unknown key {extra[0]!r} in [{where}]")
        if "deadline" not in table:
            raise BadDecisionFile(path, toml_line(text, where), f"[{where}] has no deadline")
        due = aware(table["deadline"], path, toml_line(text, where, "deadline"), "deadline")
        cutoff = table.get("no_credit_after")
        cutoff = cutoff and aware(cutoff, path, toml_line(text, where, "no_credit_after"), "no_credit_after")
        if cutoff and cutoff < due:
            raise BadDecisionFile(path, toml_line(text, where, "no_credit_after"),
                                  f"no_credit_after {cutoff.isoformat()} is before the deadline {due.isoformat()}")
        deadlines[lesson] = Deadline(lesson, due, cutoff, _rules(table, base, path, text, where))
    return Policy(deadlines, _extensions(folder / EXTENSIONS, lessons), _times(data, folder, path, text))


def _table(data: dict, name: str, path: Path, text: str, where: str | None = None) -> dict:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise BadDecisionFile(path, toml_line(text, where or name) or toml_line(text, "", name),
                              f"{where or name} must be a table ([{where or name}])")
    return value


def _rules(table: dict, base: Rules, path: Path, text: str, where: str) -> Rules:
    unknown = sorted(set(table) - set(RULE_KEYS)) if where == "late" else []
    if unknown:
        raise BadDecisionFile(path, toml_line(text, where, unknown[0]), f"unknown key {unknown[0]!r} in [late] "
                                                                        f"(known: {', '.join(RULE_KEYS)})")
    rules = base
    if "grace_minutes" in table:
        minutes = number(table["grace_minutes"], path, toml_line(text, where, "grace_minutes"), "grace_minutes", 0)
        rules = replace(rules, grace=timedelta(minutes=minutes))
    if "per" in table:
        if table["per"] not in UNITS:
            raise BadDecisionFile(path, toml_line(text, where, "per"), f"per must be \"day\" or \"hour\" "
                                                                      f"(got {table['per']!r})")
        rules = replace(rules, unit=table["per"])
    for key, field in (("penalty_percent", "percent"), ("cap_percent", "cap")):
        if key in table:
            value = number(table[key], path, toml_line(text, where, key), key, 0)
            if value > 100:
                raise BadDecisionFile(path, toml_line(text, where, key), f"{key} must be at most 100 (got {value:g})")
            rules = replace(rules, **{field: value})
    return rules


def _extensions(path: Path, lessons: list[str]) -> dict[tuple[str, str], Extension]:
    found: dict[tuple[str, str], Extension] = {}
    for line, row in read_csv(path, ("student", "lesson", "until"), ("reason",)) if path.is_file() else []:
        if not row["student"]:
            raise BadDecisionFile(path, line, "no student")
        if row["lesson"] not in [*lessons, ALL_LESSONS]:
            raise BadDecisionFile(path, line, f"no lesson {row['lesson']!r} in the course (use a lesson's name "
                                              f"or {ALL_LESSONS} for all)")
        if not _SHIFT.fullmatch(row["until"]):
            aware(row["until"], path, line, "until (a new deadline, or +3d / +36h)")
        key = (row["student"], row["lesson"])
        if key in found:
            raise BadDecisionFile(path, line, f"a second extension of {key[1]} for {key[0]} "
                                              f"(the first is on line {found[key].line})")
        found[key] = Extension(row["student"], row["lesson"], row["until"], row.get("reason", ""), line)
    return found


def _times(data: dict, folder: Path, path: Path, text: str) -> TimesSource | None:
    table = _table(data, "submission_times", path, text)
    if not table:
        return None
    missing = [key for key in ("file", "match", "column") if not isinstance(table.get(key), str)]
    if missing:
        raise BadDecisionFile(path, toml_line(text, "submission_times"),
                              "[submission_times] needs file, match and column as text "
                              f"(missing: {', '.join(missing)})")
    return TimesSource(folder / table["file"], table["match"], table["column"])


def read_times(source: TimesSource) -> dict[str, tuple[datetime, str]]:
    """Submission id -> (time, where it was read) from an LMS export; blank times are left out."""
    times = {}
    for line, row in read_csv(source.path, (source.match, source.column), None):
        if row[source.column]:
            times[row[source.match]] = (aware(row[source.column], source.path, line, source.column),
                                        f"{source.path.name} line {line}")
    return times


def late(deadline: Deadline, submitted: datetime, extension: Extension | None) -> Late | None:
    """What a submission at ``submitted`` costs (None: on time)."""
    due, cutoff, rules = deadline.due, deadline.no_credit_after, deadline.rules
    why = f"deadline {due.isoformat()}"
    if extension:
        moved = extension.moved(due)
        cutoff = cutoff and cutoff + max(moved - due, timedelta(0))
        due = moved
        why += f", extended to {due.isoformat()}" + (f" ({extension.reason})" if extension.reason else "")
    if submitted <= due:
        return None
    if cutoff and submitted > cutoff:
        return Late(100.0, f"submitted {submitted.isoformat()}, after the last date for credit "
                           f"{cutoff.isoformat()} ({why}): no credit")
    units = math.ceil((submitted - due) / UNITS[rules.unit])
    plural = "s" if units != 1 else ""
    if submitted - due <= rules.grace:
        return Late(0.0, f"submitted {submitted.isoformat()}, within the grace period of "
                         f"{rules.grace.total_seconds() / 60:g} minutes ({why}): no penalty")
    percent = units * rules.percent if rules.cap is None else min(rules.cap, units * rules.percent)
    percent = min(percent, 100.0)
    capped = f", capped at {rules.cap:g}%" if rules.cap is not None and units * rules.percent > rules.cap else ""
    return Late(percent, f"submitted {submitted.isoformat()}, {units} {rules.unit}{plural} late ({why}): "
                         f"{rules.percent:g}% per {rules.unit}{capped}")
