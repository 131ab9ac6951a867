"""``grader check`` on GitHub Actions: the job summary and one annotation per failing public test.

On a runner (``GITHUB_ACTIONS=true``), Markdown appended to the file ``$GITHUB_STEP_SUMMARY``
names shows on the run's page, and a line ``::error file=PATH,line=N,title=TITLE::MESSAGE`` on
stdout marks line N of PATH in the commit and in the pull request.  PATH is relative to the
repository root (``$GITHUB_WORKSPACE``, else the course root); N is the line where the failing
function is defined (the first name of the test's description, found with ``ast``).  A lesson
handed in as a notebook is marked at line 1 of its ``.ipynb``, and the title names the cell.
A lesson-level problem (a syntax error, a missing file) is one annotation, at the syntax
error's line where there is one; the tests it blocked are not repeated.  A known mistake
diagnosed (``wording.diagnosis``) heads the annotation of each failing public test it explains;
one that explains only hidden tests is an annotation of its own at its function.

Hidden tests appear only as counts (``wording.hidden``), never their names or text.  The
student's files are only read as text: nothing of them runs in this process.
"""
from __future__ import annotations

import ast
import os
from dataclasses import dataclass
from pathlib import Path

from ..course import Course, Lesson
from ..limits import GITHUB_SUMMARY_BYTES
from ..trusted.notebooks import LessonSource, NotebookProblem, find_lesson_source
from ..trusted.results import Diagnosis, LessonReport, described_function, totals
from . import wording
from .student import fenced, lesson_blocks, summary_table


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
    """One ``::error`` line per lesson problem, per failing public test it did not block (headed
    by the known mistakes diagnosed for it), and per known mistake that explains only hidden
    tests (at its function)."""
    lines = []
    for rep in reports:
        file = files[rep.lesson]
        if rep.problem:
            lines.append(_command(file, _syntax_error_line(file.source), f"{rep.lesson}: cannot be graded",
                                  rep.problem))
        diagnoses = [d for d in wording.in_order(rep) if isinstance(d, Diagnosis)]
        for test in rep.failing_public:
            why = ["\n".join(wording.diagnosis(rep, d)) + "\n\n" for d in diagnoses if test.name in d.tests]
            line = _definition_line(file.source, described_function(test.description))
            lines.append(_command(file, line, f"{rep.lesson}: {test.name} {test.status}", "".join(why) + test.shown))
        public = {t.name for t in rep.failing_public}
        lines += [_command(file, _definition_line(file.source, d.function),
                           f"{rep.lesson}: {d.function}: known mistake", "\n".join(wording.diagnosis(rep, d)))
                  for d in diagnoses if not public.intersection(d.tests)]
    return lines


def step_summary(reports: list[LessonReport]) -> str:
    """The job summary: ``feedback.md``'s table and lesson sections (``student``), code blocks
    fenced, as much as fits GitHub's size limit."""
    graded = wording.collected(reports, markdown=True)
    text = "\n".join([*([graded, ""] if graded else []), f"## Total: {wording.points(*totals(reports))} points", "",
                      *summary_table(reports, marked=True)]) + "\n"
    used = len(text.encode())
    blocks = [block for rep in reports for block in lesson_blocks(rep, fenced)]
    for number, block in enumerate(blocks):
        used += len(block.encode()) + 2
        if used > GITHUB_SUMMARY_BYTES:
            return text + f"\n({len(blocks) - number} more parts left out for the summary's size: see the log)\n"
        text += f"\n{block}\n"
    return text


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
