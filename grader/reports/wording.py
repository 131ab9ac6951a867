"""The sentences every view of a student's results shares (``feedback.md``, the ``make check``
table, the dashboard's student page, the GitHub job summary), worded once from the facts of
``trusted.results``.  Plain text: each view escapes or formats it for its medium."""
from __future__ import annotations

from ..trusted.results import LessonReport, TestResult, status_counts

ALL_PASSED = "All tests passed."
HIDDEN_RULES = ("they use other inputs than the public tests; re-read the task's rules "
                "(dtypes, shapes, edge cases, inputs left unchanged)")


def points(score: float, maximum: float) -> str:
    return f"{score:g} / {maximum:g}"


def passed_of(tests: list[TestResult]) -> str:
    """``passed / count``, or ``-`` where there are none."""
    return f"{sum(t.passed for t in tests)} / {len(tests)}" if tests else "-"


def outcomes(tests: list[TestResult]) -> str:
    """How the tests ended, e.g. ``3 passed, 1 timeout`` (``no tests`` where none ran)."""
    return ", ".join(f"{n} {status}" for status, n in status_counts(tests).items()) or "no tests"


def blocked(rep: LessonReport) -> str:
    """The line that stands for every public test the lesson's problem kept from running."""
    n = len(rep.blocked_public)
    return f"{n} public test(s) could not run because of this problem." if n else ""


def failure_title(test: TestResult) -> str:
    """A failing public test's heading (its name, status and points)."""
    return f"{test.name} ({test.status}, 0 / {test.max_score:g})"


def still_to_write(names: list[str]) -> str:
    """The functions a lesson's tests wait on (their stubs still raise NotImplementedError)."""
    return f"still to write: {', '.join(names)}" if names else ""


def hidden(rep: LessonReport) -> str:
    """The failing hidden tests, as counts and the functions they are about, never their text."""
    failing = rep.failing_hidden
    if not failing:
        return ""
    lost = sum(t.max_score for t in failing)
    where = ", ".join(rep.hidden_failed_functions)
    why = "because of the problem above" if rep.hidden_blocked_only else HIDDEN_RULES
    where = f", in {where}" if where and not rep.hidden_blocked_only else ""
    return (f"Hidden tests: {len(failing)} of {len(rep.hidden)} did not pass "
            f"({lost:g} points){where}: {why}.")


def hardware_skips(rep: LessonReport) -> str:
    names = ", ".join(t.name for t in rep.hardware_skips)
    return f"Not graded on this host (no GPU): {names}" if names else ""


def collected(reports: list[LessonReport], record: dict | None = None, markdown: bool = False) -> str:
    """Which commit was graded, where ``grader collect`` fetched it (``record``, else the one
    the reports carry); ``markdown``: the commit as code."""
    record = record or next((rep.collected for rep in reports if rep.collected), None)
    if not record:
        return ""
    commit = f"`{record['commit']}`" if markdown else record["commit"]
    return (f"Graded: commit {commit} of {record['repository']}, committed "
            f"{record['committed_at']} (the date the committer's machine gave)")
