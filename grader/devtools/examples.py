"""``python -m grader.devtools.examples OUT``: build the example class that ``make grade``
grades, from ``examples/class.toml``.

Each made-up student's lesson files are built from the course's own files (the
solution, a stub, a known mistake of ``solutions/<lesson>/mistakes.toml``, an alternative of
``testing/alternatives``, or the solution with one text edit), so the examples follow
every edit of a solution and hold no copy of one.  A student is handed in as a folder, a clone (lessons under
``assignments/``) or a GitHub-style zip; the lessons listed in ``notebooks`` as Jupyter notebooks
(``<module>.ipynb``: a title, then one code cell per function or class).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tomllib
import zipfile
from pathlib import Path

from ..authoring.stubs import without_markers
from ..course import Course, Lesson, find_course
from ..exports.nbgrader import module_cells
from ..trusted.mistakes import load_mistakes, mistake_source

LAYOUTS = ("folder", "clone", "zip")
ZIP_TIME = (2026, 1, 1, 0, 0, 0)  # one date for every entry: the same class gives the same zip


class ExampleError(ValueError):
    """``examples/class.toml`` asks for something the course does not have."""


def lesson_source(course: Course, lesson: Lesson, student: str, spec) -> str | None:
    """The text of ``student``'s file for ``lesson`` (None: missing from the submission).
    ``spec`` is "solution", "stub", "missing", "mutant:<name>" (a known mistake), "alternative:<file stem>",
    or a table ``{from = <spec>, find = ..., replace = ...}`` (one text edit)."""
    where = f"examples/class.toml: {student}, {lesson.name}"
    if isinstance(spec, dict):
        text = lesson_source(course, lesson, student, spec.get("from", "solution"))
        if text is None or spec.get("find") not in text:
            raise ExampleError(f"{where}: {spec.get('find')!r} is not in the {spec.get('from', 'solution')}")
        return text.replace(spec["find"], spec["replace"], 1)
    kind, _, name = str(spec).partition(":")
    if kind == "missing":
        return None
    if kind == "solution":
        return without_markers((course.solutions_dir / lesson.name / lesson.filename).read_text(encoding="utf-8"))
    if kind == "stub":
        return (course.assignments_dir / lesson.name / lesson.filename).read_text(encoding="utf-8")
    if kind == "mutant":
        mistake = next((m for m in load_mistakes(course.root, lesson.name) if m.name == name), None)
        if mistake is None:
            raise ExampleError(f"{where}: no known mistake named {name!r}")
        return without_markers(mistake_source(course.root, mistake))
    if kind != "alternative":
        raise ExampleError(f"{where}: unknown source {spec!r}")
    path = course.root / "testing" / "alternatives" / lesson.name / f"{name}.py"
    if not path.is_file():
        raise ExampleError(f"{where}: {path.relative_to(course.root)} does not exist")
    return path.read_text(encoding="utf-8")


def student_files(course: Course, student: str, entry: dict) -> dict[str, str]:
    """``{path inside the submission: text}`` of one student."""
    layout = entry.get("layout", "folder")
    if layout not in LAYOUTS:
        raise ExampleError(f"examples/class.toml: {student}: layout must be one of {', '.join(LAYOUTS)}")
    prefix = {"folder": "", "clone": "assignments/", "zip": f"{student}-main/assignments/"}[layout]
    specs = entry.get("lessons", {})
    unknown = set(specs) - {lesson.name for lesson in course.lessons()}
    if unknown:
        raise ExampleError(f"examples/class.toml: {student}: no such lessons: {', '.join(sorted(unknown))}")
    files = {}
    for lesson in course.lessons():
        text = lesson_source(course, lesson, student, specs.get(lesson.name, entry.get("default", "solution")))
        if text is not None and lesson.name in entry.get("notebooks", []):
            files[f"{prefix}{lesson.name}/{lesson.module}.ipynb"] = as_notebook(text, f"{student}: {lesson.name}")
        elif text is not None:
            files[f"{prefix}{lesson.name}/{lesson.filename}"] = text
    return files


def as_notebook(text: str, title: str) -> str:
    """A module's text as the notebook a student working in Jupyter hands in."""
    import nbformat.v4 as v4

    cells = [v4.new_markdown_cell(f"# {title}"), *map(v4.new_code_cell, module_cells(text))]
    for number, cell in enumerate(cells, 1):
        cell.id = f"cell-{number:02d}"
    return v4.writes(v4.new_notebook(cells=cells)) + "\n"


def build(course: Course, out: Path) -> list[str]:
    """Write every student of ``examples/class.toml`` into ``out`` (emptied first)."""
    students = tomllib.loads((course.root / "examples" / "class.toml").read_text(encoding="utf-8"))
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for student, entry in students.items():
        files = student_files(course, student, entry)
        if entry.get("layout") == "zip":
            with zipfile.ZipFile(out / f"{student}.zip", "w", zipfile.ZIP_DEFLATED) as zf:
                for name, text in sorted(files.items()):
                    zf.writestr(zipfile.ZipInfo(name, ZIP_TIME), text.encode("utf-8"))
            continue
        for name, text in files.items():
            path = out / student / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return list(students)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.devtools.examples", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    try:
        students = build(find_course(), args.out)
    except ExampleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"example class in {args.out}: {', '.join(students)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
