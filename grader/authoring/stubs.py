"""Generate the student stubs in ``assignments/`` from ``solutions/``.

Inside a solution file, every region between ``### BEGIN SOLUTION`` and
``### END SOLUTION`` (nbgrader's markers) becomes one
``raise NotImplementedError(...)`` at the marker's indentation; everything else,
signatures and docstrings included, is kept.  A lesson's ``walkthrough.md`` becomes
its notebook (see ``walkthrough``); its ``lesson.toml`` is read and written back in one
form (``course.render_declaration``; a lesson folder without one is an error).  Its
catalogue of known mistakes (``mistakes.toml``) stays in ``solutions/``.  Other files of
a lesson folder (its README, data) are copied as they are.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..course import CATALOGUE, DECLARATION, LESSON_NAME, Course, read_declaration, render_declaration
from ..trusted.unwritten import STUB_TODO
from . import walkthrough

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
_DEF = re.compile(r"^\s*(?:async\s+)?def\s+(\w+)|^\s*class\s+(\w+)")


class MarkerError(ValueError):
    pass


def make_stub(source: str, filename: str = "<solution>") -> str:
    out: list[str] = []
    inside = False
    scope = "this part"
    for number, line in enumerate(source.splitlines(keepends=True), 1):
        stripped = line.strip()
        if stripped == BEGIN:
            if inside:
                raise MarkerError(f"{filename}:{number}: nested {BEGIN}")
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f'{indent}raise NotImplementedError("{scope}: {STUB_TODO}")\n')
            continue
        if stripped == END:
            if not inside:
                raise MarkerError(f"{filename}:{number}: {END} without {BEGIN}")
            inside = False
            continue
        if not inside:
            match = _DEF.match(line)
            if match:
                scope = match.group(1) or match.group(2)
            out.append(line)
    if inside:
        raise MarkerError(f"{filename}: {BEGIN} is never closed")
    return "".join(out)


def without_markers(source: str) -> str:
    """A solution as a student would hand it in: the marker lines dropped, all else kept."""
    return "".join(line for line in source.splitlines(keepends=True) if line.strip() not in (BEGIN, END))


def expected_assignments(course: Course) -> dict[Path, bytes]:
    """Every file ``assignments/`` should hold, by path relative to it."""
    files: dict[Path, bytes] = {}
    for lesson in sorted(course.solutions_dir.iterdir()):
        if not (lesson.is_dir() and LESSON_NAME.match(lesson.name)):
            continue
        declared = read_declaration(lesson / DECLARATION)  # also: a lesson without one stops here
        for src in sorted(lesson.rglob("*")):
            if not src.is_file() or "__pycache__" in src.parts or src == lesson / CATALOGUE:
                continue
            rel = src.relative_to(course.solutions_dir)
            data = src.read_bytes()
            if src.suffix == ".py":
                data = make_stub(data.decode(), str(src)).encode()
            elif src.name == walkthrough.SOURCE:
                rel, data = rel.with_name(walkthrough.NOTEBOOK), walkthrough.notebook_from_markdown(data.decode())
            elif src.name == DECLARATION and src.parent == lesson:
                data = render_declaration(declared).encode()
            files[rel] = data
    return files


def stale_files(course: Course) -> list[str]:
    """Paths under ``assignments/`` that differ from what the solutions generate."""
    want = expected_assignments(course)
    have = {p.relative_to(course.assignments_dir): p for p in course.assignments_dir.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}
    stale = [str(rel) for rel, data in want.items() if rel not in have or have[rel].read_bytes() != data]
    stale += [f"{rel} (not generated from solutions/)" for rel in have if rel not in want]
    return sorted(stale)


def write_assignments(course: Course) -> list[str]:
    written = []
    want = expected_assignments(course)
    for rel, data in want.items():
        path = course.assignments_dir / rel
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(str(rel))
    for path in course.assignments_dir.rglob("*"):
        rel = path.relative_to(course.assignments_dir)
        if path.is_file() and "__pycache__" not in path.parts and rel not in want:
            path.unlink()
            written.append(f"{rel} (removed)")
    return written
