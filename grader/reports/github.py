"""``grader check`` on GitHub Actions: the job summary and one annotation per failing public test.

On a runner (``GITHUB_ACTIONS=true``), Markdown appended to the file ``$GITHUB_STEP_SUMMARY``
names shows on the run's page, and a line ``::error file=PATH,line=N,title=TITLE::MESSAGE`` on
stdout marks line N of PATH in the commit and in the pull request.  PATH is relative to the
repository root (``$GITHUB_WORKSPACE``, else the course root); N is the line where the failing
function is defined (the first name of the test's description, found with ``ast``).  A lesson
handed in as a notebook is marked at line 1 of its ``.ipynb``, and the title names the cell.
A lesson-level problem (a syntax error, a missing file) is one annotation, at the syntax
error's line where there is one; the tests it blocked are not repeated.

Hidden tests are never shown here.  The student's files are only read as text: nothing of
them runs in this process.
"""
from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..course import Course, Lesson
from ..trusted.notebooks import LessonSource, NotebookProblem, find_lesson_source
from ..trusted.results import LessonReport, TestResult, described_function
from .student import shown_output

SUMMARY_LIMIT = 900 * 1024   # bytes; GitHub drops a step summary over 1 MiB


@dataclass(frozen=True)
class LessonFile:
    """What a lesson was graded from, and how GitHub names that file."""
    path: str                       # relative to the repository root, with ``/``
    source: LessonSource | None     # None when the lesson's file is missing or unreadable


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub requires."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (``file=``, ``title=``), escaped as GitHub requires."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def lesson_files(lessons: list[Lesson], submission_root: Path, repository_root: Path) -> dict[str, LessonFile]:
    """Lesson name -> the ``LessonFile`` it was graded from (the grader's own rule,
    ``find_lesson_source``: the ``.py``, else the notebook)."""
    files = {}
    for lesson in lessons:
        folder = submission_root / lesson.name
        try:
            source = find_lesson_source(folder, lesson.module, lesson.name)
        except NotebookProblem:
            source = None
        path = folder / (source.filename if source else lesson.filename)
        try:
            shown = path.resolve().relative_to(repository_root.resolve()).as_posix()
        except ValueError:   # outside the repository: GitHub cannot place it, the message still shows
            shown = path.as_posix()
        files[lesson.name] = LessonFile(shown, source)
    return files


def annotations(reports: list[LessonReport], files: dict[str, LessonFile]) -> list[str]:
    """One ``::error`` line per lesson problem and per failing public test it did not block."""
    lines = []
    for rep in reports:
        file = files[rep.lesson]
        if rep.problem:
            lines.append(_command(file, _syntax_error_line(file.source), f"{rep.lesson}: cannot be graded",
                                  rep.problem))
        for test in _failing(rep):
            name = described_function(test.description)
            line = _definition_line(file.source, name)
            lines.append(_command(file, line, f"{rep.lesson}: {test.name} {test.status}", shown_output(test)))
    return lines


def step_summary(reports: list[LessonReport]) -> str:
    """The job summary: points per lesson, then each lesson's problem and failing public tests."""
    public = {rep.lesson: [r for r in rep.graded if r.visibility == "visible"] for rep in reports}
    total = sum(r.score for tests in public.values() for r in tests)
    maximum = sum(r.max_score for tests in public.values() for r in tests)
    lines = [f"## Public tests: {total:g} / {maximum:g} points", "",
             "| lesson | public tests passed | points |", "|---|---|---|"]
    for rep in reports:
        tests = public[rep.lesson]
        passed = sum(r.status == "passed" for r in tests)
        mark = "✅" if passed == len(tests) and not rep.problem else "❌"
        lines.append(f"| {mark} {rep.lesson} | {passed} / {len(tests)} | "
                     f"{sum(r.score for r in tests):g} / {sum(r.max_score for r in tests):g} |")
    text = "\n".join(lines) + "\n"
    used = len(text.encode())
    blocks = [block for rep in reports for block in _lesson_blocks(rep)]
    for number, block in enumerate(blocks):
        used += len(block.encode()) + 2
        if used > SUMMARY_LIMIT:
            return text + f"\n({len(blocks) - number} more parts left out for the summary's size: see the log)\n"
        text += f"\n{block}\n"
    return text


def _lesson_blocks(rep: LessonReport) -> list[str]:
    """The summary's Markdown blocks about one lesson: its problem, notes and failing public tests."""
    failing = _failing(rep)
    if not (rep.problem or rep.notes or failing):
        return []
    blocks = [f"### {rep.lesson}"]
    if rep.problem:
        blocks.append(f"**Cannot be graded:**\n\n{_fenced(rep.problem)}")
    blocks += [f"- note: {note}" for note in rep.notes]
    blocks += [f"**{test.name}** ({test.status}, 0 / {test.max_score:g}): {test.description}\n\n"
               f"{_fenced(shown_output(test))}" for test in failing]
    return blocks


def report_to_github(course: Course, lessons: list[Lesson], submission_root: Path,
                     reports: list[LessonReport]) -> None:
    """Print the annotations and append the job summary (where ``$GITHUB_STEP_SUMMARY`` names a file)."""
    repository_root = Path(os.environ.get("GITHUB_WORKSPACE") or course.root)
    files = lesson_files(lessons, submission_root, repository_root)
    for line in annotations(reports, files):
        print(line)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as out:
            out.write(step_summary(reports))


def _failing(rep: LessonReport) -> list[TestResult]:
    """The lesson's failing public tests, less those its problem kept from running."""
    return [r for r in rep.graded if r.visibility == "visible" and r.status != "passed"
            and not (rep.problem and r.message == rep.problem)]


def _command(file: LessonFile, module_line: int | None, title: str, message: str) -> str:
    """One ``::error`` line at ``module_line`` of the lesson's module text: that line of a
    ``.py`` (line 1 when it is not known); line 1 of a notebook, with the cell named in the title."""
    line = module_line or (1 if file.source else None)
    if file.source and file.source.is_notebook:
        title += f" (in {file.source.where(module_line)})" if module_line else ""
        line = 1
    where = f"file={escape_property(file.path)}" + (f",line={line}" if line else "")
    return f"::error {where},title={escape_property(title)}::{escape_data(message)}"


def _definition_line(source: LessonSource | None, name: str | None) -> int | None:
    """The module line where ``name`` is defined, if ``source`` defines it."""
    try:
        return source.defined_at(name) if source and name else None
    except (RecursionError, MemoryError):   # nested too deep for the parser: no line to mark
        return None


def _syntax_error_line(source: LessonSource | None) -> int | None:
    """The module line of the first syntax error in ``source``, if it has one."""
    if source is None:
        return None
    try:
        ast.parse(source.text)
    except SyntaxError as exc:
        return exc.lineno
    except (RecursionError, MemoryError):
        pass
    return None


def _fenced(text: str) -> str:
    """``text`` as a Markdown code block, whatever backticks it holds."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text}\n{fence}"
