"""One student's reports, each a view of the ``LessonReport`` model (``trusted.results``):
``results.json`` per lesson (the model's file form), ``feedback.md`` for the student, and the
console table of ``make check``.  Their sentences are ``wording``'s, shared with the dashboard's
student page and the GitHub job summary; the class-wide files are in ``classwide``."""
from __future__ import annotations

import dataclasses
import json
import re
import textwrap
from pathlib import Path
from typing import Callable

from ..limits import CONSOLE_LINE_CHARS
from ..report_files import RESULTS
from ..trusted import unwritten
from ..trusted.results import Diagnosis, LessonReport, totals
from . import wording
from .atomic import write_atomic

SCORES_START, SCORES_END = "<!-- scores -->", "<!-- /scores -->"   # feedback.md's block that decisions change


def write_results(report: LessonReport, folder: Path, fingerprint: str = "", collected: dict | None = None) -> None:
    """``folder/results.json`` for one student and lesson (written whole or not at all);
    ``fingerprint`` says what was graded (see ``trusted.reuse``), ``collected`` where
    ``grader collect`` took it from (repository, commit, committed_at)."""
    report = dataclasses.replace(report, fingerprint=fingerprint or report.fingerprint,
                                 collected=collected or report.collected)
    write_atomic(folder / RESULTS, json.dumps(report.to_results_json(), indent=2, ensure_ascii=False))


def summary_table(reports: list[LessonReport], marked: bool = False) -> list[str]:
    """The Markdown table of points per lesson, with the public and hidden tests passed
    (``marked``: each lesson marked ✅ where all passed, else ❌)."""
    lines = ["| lesson | public tests | hidden tests | points |", "|---|---|---|---|"]
    def mark(rep: LessonReport) -> str:
        return ("✅ " if rep.state == "ok" else "❌ ") if marked else ""

    return lines + [f"| {mark(rep)}{rep.lesson} | {wording.passed_of(rep.public)} | "
                    f"{wording.passed_of(rep.hidden)} | {wording.points(rep.final_score, rep.max_score)} |"
                    for rep in reports]


def lesson_blocks(rep: LessonReport, code: Callable[[str], str]) -> list[str]:
    """A lesson's Markdown, block by block: its heading, problem, notes, how its tests ended,
    each failing public test with what it showed (set as ``code`` makes a code block), each
    known mistake diagnosed just before the first failing public test it explains (or after
    them), the failing hidden tests as a count, and the tests this host could not run."""
    blocks = [f"## {rep.lesson}", f"Tests: {wording.outcomes(rep.graded)}."]
    if rep.problem:
        blocks.append(f"**Problem:**\n\n{code(rep.problem)}")
    if rep.notes:
        blocks.append("**Notes:**\n\n" + "\n".join(f"- {note}" for note in rep.notes))
    if rep.state == "ok":
        blocks.append(wording.ALL_PASSED)
    if rep.blocked_public:
        blocks.append(f"- {wording.blocked(rep)}")
    blocks += [_diagnosis_block(rep, item) if isinstance(item, Diagnosis)
               else f"- **{wording.failure_title(item)}**: {item.description}\n\n{code(item.shown)}"
               for item in wording.in_order(rep)]
    blocks += [f"- {line}" for line in (wording.hidden(rep), wording.hardware_skips(rep)) if line]
    return blocks


def _diagnosis_block(rep: LessonReport, found: Diagnosis) -> str:
    """A diagnosis as a Markdown list item: its English sentence, then its Chinese one."""
    en, zh = wording.diagnosis(rep, found)
    return f"- {en}\n\n  {zh}"


def feedback_markdown(student: str, reports: list[LessonReport], collected: dict | None = None) -> str:
    """The student's own report: every public test in detail, hidden tests as totals
    (headed by the commit graded, where ``grader collect`` fetched it)."""
    lines = [f"# Feedback for {student}", ""]
    if wording.collected(reports, collected):
        lines += [wording.collected(reports, collected, markdown=True), ""]
    lines += scores_block(reports)
    for rep in reports:
        lines += [line for block in lesson_blocks(rep, indented) for line in ("", block)]
    return "\n".join(lines) + "\n"


def scores_block(reports: list[LessonReport]) -> list[str]:
    """``feedback.md``'s lines that depend on the course's decisions (the total, the late
    penalties and adjustments, the points per lesson), between markers so that
    ``refresh_scores_block`` can replace them when the decisions change."""
    decided = [line for rep in reports for line in wording.decisions(rep)]
    return [SCORES_START, f"**Total: {wording.points(*totals(reports))} points**", "",
            *([f"## {wording.DECISIONS_HEADING}", "", *(f"- {line}" for line in decided), ""] if decided else []),
            *summary_table(reports), SCORES_END]


def refresh_scores_block(text: str, before: list[LessonReport], after: list[LessonReport]) -> str:
    """``feedback.md``'s ``text``, whose scores block was made from ``before``, with the block
    made from ``after`` (the block is found whole, so no text a student wrote can stand for it)."""
    return text.replace("\n".join(scores_block(before)), "\n".join(scores_block(after)), 1)


def indented(text: str) -> str:
    """``text`` as an indented code block: whatever it holds, none of its lines is Markdown."""
    return "\n".join("      " + line for line in text.splitlines()) if text else ""


def fenced(text: str, language: str = "") -> str:
    """``text`` as a fenced Markdown code block, whatever backticks it holds."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text}\n{fence}"


def console_table(reports: list[LessonReport]) -> str:
    """``make check``'s summary: one row per lesson, then per lesson the functions still to write
    (one line: their stubs' failures are not shown) and every other failure in full, with its
    test's description line (where the rules are stated), each known mistake it shows before it."""
    collected = wording.collected(reports)
    rows = [("lesson", "passed", "points", "status")]
    rows += [(rep.lesson, wording.passed_of(rep.graded).replace(" ", ""),
              wording.points(rep.score, rep.max_score).replace(" ", ""), unwritten.progress(rep)) for rep in reports]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines = ([collected, ""] if collected else []) + lines
    short = False   # lessons not started (one line each) follow each other without blank lines: one screen
    for rep in reports:
        lines += [] if short and _not_started(rep) else [""]
        lines += _console_lesson(rep)
        short = _not_started(rep)
    lines += ["", f"total: {wording.points(*totals(reports))} points"]
    return "\n".join(lines)


def _not_started(rep: LessonReport) -> bool:
    """``make check`` shows the lesson as one line: the names still to write."""
    return unwritten.progress(rep) == unwritten.NOT_STARTED and not rep.notes


def _console_lesson(rep: LessonReport) -> list[str]:
    """One lesson's lines of ``console_table``: only the names still to write where it is not
    started, else how its tests ended, its problem, notes, names to write and failures."""
    tag = f"[{rep.lesson}]"
    names = unwritten.still_to_write(rep)
    to_write = textwrap.wrap(f"{tag} {wording.still_to_write(names)}", CONSOLE_LINE_CHARS,
                             subsequent_indent="    ", break_on_hyphens=False) if names else []
    if _not_started(rep):
        return to_write
    lines = [f"{tag} tests: {wording.outcomes(rep.graded)}"]
    if rep.problem:
        lines += [f"{tag} {rep.problem}"]
    lines += [f"{tag} note: {note}" for note in rep.notes]
    if rep.state == "ok":
        lines += [f"{tag} {wording.ALL_PASSED}"]
    if rep.blocked_public:
        lines += [f"  ({wording.blocked(rep)})"]
    lines += to_write
    for item in wording.in_order(rep):   # each known mistake named just before the first test it explains
        if isinstance(item, Diagnosis):
            lines += ["", *(f"  {line}" for line in wording.diagnosis(rep, item))]
        elif not unwritten.stub_waited_on(item):
            lines += ["", f"FAILED {item.lesson}::{wording.failure_title(item)}"]
            lines += [f"  {item.description}"] if item.description else []
            lines += [indented(item.shown)]
    lines += [f"{tag} {line}" for line in (wording.hidden(rep), wording.hardware_skips(rep)) if line]
    return lines
