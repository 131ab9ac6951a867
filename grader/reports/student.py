"""One student's reports: Gradescope-style ``results.json`` per lesson, ``feedback.md``
for the student, and the console table of ``make check``.  The class-wide files
(gradebook, summary, histogram) are in ``classwide``."""
from __future__ import annotations

import json
from pathlib import Path

from ..trusted.results import HARDWARE_SKIP, LessonReport, TestResult, described_function
from .atomic import write_atomic
from ..report_files import RESULTS

MAX_MESSAGE = 2000


def results_json(report: LessonReport) -> dict:
    """The Gradescope autograder schema, with our extra fields after it."""
    return {
        "score": report.score,
        "max_score": report.max_score,
        "output": report.problem or f"{report.lesson}: {report.score:g} / {report.max_score:g} points",
        "visibility": "visible",
        "tests": [{
            "name": f"{r.lesson}: {r.name}",
            "score": r.score,
            "max_score": r.max_score,
            "status": "passed" if r.status == "passed" else "failed",
            "visibility": "visible" if r.visibility == "visible" else "hidden",
            "output": shown_output(r),
            "outcome": r.status,
            "description": r.description,
            "duration_s": r.duration,
        } for r in report.graded],
        "student": report.student,
        "lesson": report.lesson,
        "problem": report.problem,
        "notes": report.notes,
        "hardware_skips": [{"name": f"{r.lesson}: {r.name}", "reason": r.message} for r in report.results
                           if r.status == HARDWARE_SKIP],
        "protections": report.protections,
    }


def write_results(report: LessonReport, folder: Path, fingerprint: str = "", collected: dict | None = None) -> None:
    """``folder/results.json`` for one student and lesson (written whole or not at all);
    ``fingerprint`` says what was graded (see ``trusted.reuse``), ``collected`` where
    ``grader collect`` took it from (repository, commit, committed_at)."""
    data = results_json(report) | ({"fingerprint": fingerprint} if fingerprint else {}) \
        | ({"collected": collected} if collected else {})
    write_atomic(folder / RESULTS, json.dumps(data, indent=2, ensure_ascii=False))


def shown_output(r: TestResult) -> str:
    """What a report shows of a test: its message, then (a public test) what the student's code printed."""
    text = r.message[:MAX_MESSAGE]
    if r.output and r.visibility == "visible":
        text += f"\n--- printed by your code ---\n{r.output[:MAX_MESSAGE]}"
    return text


def feedback_markdown(student: str, reports: list[LessonReport], collected: dict | None = None) -> str:
    """The student's own report: every public test in detail, hidden tests as totals
    (headed by the commit graded, where ``grader collect`` fetched it)."""
    total = sum(r.score for r in reports)
    maximum = sum(r.max_score for r in reports)
    lines = [f"# Feedback for {student}", ""]
    if collected:
        lines += [f"Graded: commit `{collected['commit']}` of {collected['repository']}, committed "
                  f"{collected['committed_at']} (the date the committer's machine gave)", ""]
    lines += [f"**Total: {total:g} / {maximum:g} points**", "",
              "| lesson | public tests | hidden tests | points |", "|---|---|---|---|"]
    for rep in reports:
        pub = [r for r in rep.graded if r.visibility == "visible"]
        hid = [r for r in rep.graded if r.visibility == "hidden"]
        lines.append(f"| {rep.lesson} | {_passed(pub)} | {_passed(hid)} | {rep.score:g} / {rep.max_score:g} |")
    for rep in reports:
        lines += ["", f"## {rep.lesson}"]
        if rep.problem:
            lines += ["", "**Problem:**", "", _indent(rep.problem)]
        if rep.notes:
            lines += ["", "**Notes:**", ""] + [f"- {note}" for note in rep.notes]
        failed = [r for r in rep.graded if r.visibility == "visible" and r.status != "passed"]
        hidden_failed = [r for r in rep.graded if r.visibility == "hidden" and r.status != "passed"]
        if not failed and not hidden_failed and not rep.problem:
            lines += ["", "All tests passed."]
        same = [r for r in failed if rep.problem and r.message == rep.problem]
        if same:
            lines += ["", f"- {len(same)} public test(s) could not run because of this problem."]
        for r in failed:
            if r not in same:
                lines += ["", f"- **{r.name}** ({r.status}, 0 / {r.max_score:g}): {r.description}", "",
                          _indent(shown_output(r))]
        if hidden_failed:
            points = sum(r.max_score for r in hidden_failed)
            where = ""
            if rep.problem and all(r.message == rep.problem for r in hidden_failed):
                why = "because of the problem above"
            else:
                why = ("they use other inputs than the public tests; re-read the task's rules "
                       "(dtypes, shapes, edge cases, inputs left unchanged)")
                where = ", ".join(_functions_of(hidden_failed))
                where = f", in {where}" if where else ""
            lines += ["", f"- Hidden tests: {len(hidden_failed)} did not pass ({points:g} points){where}: {why}."]
        skips = [r for r in rep.results if r.status == HARDWARE_SKIP]
        if skips:
            lines += ["", f"- Not graded on this host (no GPU): {', '.join(r.name for r in skips)}"]
    return "\n".join(lines) + "\n"


def _functions_of(results: list[TestResult]) -> list[str]:
    """The functions or classes the tests are about, named without revealing the tests:
    a test's description starts with the name it tests, which its own name repeats."""
    found = []
    for r in results:
        name = described_function(r.description)
        if name and name.lower() in r.name.lower() and name not in found:
            found.append(name)
    return found


def _passed(results: list[TestResult]) -> str:
    return f"{sum(r.status == 'passed' for r in results)} / {len(results)}" if results else "-"


def _indent(text: str) -> str:
    return "\n".join("      " + line for line in text.splitlines()) if text else ""


def console_table(reports: list[LessonReport]) -> str:
    """``make check``'s summary: one row per lesson, then every failure."""
    rows = [("lesson", "passed", "points", "status")]
    for rep in reports:
        g = rep.graded
        state = "problem" if rep.problem else ("ok" if all(r.status == "passed" for r in g) else "failing")
        rows.append((rep.lesson, f"{sum(r.status == 'passed' for r in g)}/{len(g)}",
                     f"{rep.score:g}/{rep.max_score:g}", state))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for rep in reports:
        if rep.problem:
            lines += ["", f"[{rep.lesson}] {rep.problem}"]
        lines += [f"[{rep.lesson}] note: {note}" for note in rep.notes]
        blocked = [r for r in rep.graded if rep.problem and r.message == rep.problem]
        if blocked:
            lines += [f"  ({len(blocked)} test(s) could not run because of this)"]
        for r in rep.graded:
            if r.status != "passed" and r not in blocked:
                lines += ["", f"FAILED {r.lesson}::{r.name} ({r.status})", _indent(shown_output(r))]
        for r in rep.results:
            if r.status == HARDWARE_SKIP:
                lines += [f"skipped {r.lesson}::{r.name}: {r.message}"]
    total = sum(r.score for r in reports)
    maximum = sum(r.max_score for r in reports)
    lines += ["", f"total: {total:g} / {maximum:g} points"]
    return "\n".join(lines)
