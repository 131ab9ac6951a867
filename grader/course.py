"""The course layout: which lessons exist and where their files live.

A lesson ``NN_name`` has ``solutions/NN_name/<module>.py`` (reference, instructors
only), ``assignments/NN_name/<module>.py`` (generated stub), ``tests/NN_name/test_*.py``
(public) and ``tests/NN_name/hidden/test_*.py`` (hidden).  It declares itself in
``lesson.toml`` (``solutions/`` holds the author's, ``grader stubs`` writes it into
``assignments/``, where the grader reads it, on a student's machine too)::

    module = "linear_model"      # the graded module: linear_model.py (or a notebook, see notebooks)
    data = ["house_tiny.csv"]    # files of the lesson folder its code reads (optional)

``solutions/NN_name/mistakes.toml`` is the lesson's catalogue of known mistakes
(``trusted.mistakes``): instructor side only, never a stub, a data file or released.

A lesson folder without a readable declaration, a module that is not a Python name, two
lessons declaring one module, or more lessons than ``MAX_LESSONS`` stop the grader with a
message naming the file; no lesson goes missing silently.
"""
from __future__ import annotations

import json
import keyword
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .limits import MAX_LESSONS

LESSON_NAME = re.compile(r"^\d\d_[a-z0-9_]+$")
DECLARATION = "lesson.toml"
CATALOGUE = "mistakes.toml"   # a lesson's known mistakes, in solutions/ only
DECLARED_KEYS = {"module": "the graded module's name (linear_model for linear_model.py)",
                 "data": "file names of the lesson folder its code reads"}


class CourseError(SystemExit):
    """A course folder the grader cannot read as lessons (the message says which file and why)."""


@dataclass(frozen=True)
class Lesson:
    name: str
    module: str
    tests_dir: Path
    data: tuple[str, ...] = ()

    @property
    def filename(self) -> str:
        return f"{self.module}.py"

    def public_tests(self) -> list[Path]:
        return sorted(self.tests_dir.glob("test_*.py"))

    def hidden_tests(self) -> list[Path]:
        return sorted((self.tests_dir / "hidden").glob("test_*.py"))

    def test_files(self, include_hidden: bool) -> list[Path]:
        return self.public_tests() + (self.hidden_tests() if include_hidden else [])

    def helper_files(self, include_hidden: bool) -> list[Path]:
        """The modules beside the tests that are not tests (``tests/NN_name/helpers.py``):
        the public folder's ship with the public tests, ``hidden/``'s never do."""
        folders = [self.tests_dir, self.tests_dir / "hidden"][:2 if include_hidden else 1]
        return [p for folder in folders for p in sorted(folder.glob("*.py")) if not p.name.startswith("test_")]


@dataclass(frozen=True)
class Course:
    root: Path

    @property
    def tests_dir(self) -> Path:
        return self.root / "tests"

    @property
    def assignments_dir(self) -> Path:
        return self.root / "assignments"

    @property
    def solutions_dir(self) -> Path:
        return self.root / "solutions"

    def lessons(self, names: list[str] | None = None) -> list[Lesson]:
        """The lessons ``assignments/`` declares (all, or ``names`` in that order)."""
        found = self._declared()
        if names:
            unknown = [n for n in names if n not in found]
            if unknown:
                raise SystemExit(f"unknown lesson(s): {', '.join(unknown)}; known: {', '.join(found)}")
            return [found[n] for n in names]
        return list(found.values())

    def _declared(self) -> dict[str, Lesson]:
        folder = self.assignments_dir
        found: dict[str, Lesson] = {}
        by_module: dict[str, str] = {}
        for lesson in sorted(folder.iterdir()) if folder.is_dir() else []:
            if not (lesson.is_dir() and LESSON_NAME.match(lesson.name)):
                continue
            declared = read_declaration(lesson / DECLARATION)
            other = by_module.setdefault(declared["module"], lesson.name)
            if other != lesson.name:
                raise CourseError(f"{lesson / DECLARATION}: module {declared['module']!r} is declared by "
                                  f"{other} too; each lesson grades a module of its own")
            found[lesson.name] = Lesson(lesson.name, declared["module"], self.tests_dir / lesson.name,
                                        declared["data"])
        if len(found) > MAX_LESSONS:
            raise CourseError(f"{folder}: {len(found)} lessons; a course holds at most {MAX_LESSONS} "
                              "(grader.limits.MAX_LESSONS)")
        return found


def read_declaration(path: Path) -> dict:
    """``{"module": str, "data": tuple}`` from a ``lesson.toml``; ``CourseError`` naming
    ``path`` (and the line, for TOML syntax) when it is missing or malformed."""
    try:
        with open(path, "rb") as fh:
            table = tomllib.load(fh)
    except FileNotFoundError:
        raise CourseError(f"{path}: missing; every lesson folder declares its module there "
                          f"(module = \"name\"; see docs/authoring.md)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CourseError(f"{path}: cannot be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise CourseError(f"{path}: not valid TOML: {exc}") from None
    unknown = sorted(set(table) - set(DECLARED_KEYS))
    if unknown:
        known = "; ".join(f"{key}: {what}" for key, what in DECLARED_KEYS.items())
        raise CourseError(f"{path}: unknown key(s) {', '.join(unknown)} (known: {known})")
    module = table.get("module")
    if not isinstance(module, str) or not module.isidentifier() or keyword.iskeyword(module):
        raise CourseError(f"{path}: module must be a Python module name (e.g. module = \"linear_model\"), "
                          f"got {module!r}")
    data = table.get("data", [])
    if not isinstance(data, list) or not all(isinstance(name, str) for name in data):
        raise CourseError(f"{path}: data must be a list of file names, got {data!r}")
    for name in data:
        if not name or PurePosixPath(name).name != name or "\\" in name or name.startswith("."):
            raise CourseError(f"{path}: data file {name!r} must be a plain file name of the lesson folder "
                              "(no folders, not hidden)")
        if name == CATALOGUE:
            raise CourseError(f"{path}: {CATALOGUE} is the lesson's catalogue of known mistakes, "
                              "instructors only; it cannot be a data file")
    return {"module": module, "data": tuple(data)}


def render_declaration(declared: dict) -> str:
    """The ``lesson.toml`` text of ``declared`` (what ``read_declaration`` returns), the
    same bytes for the same declaration."""
    data = ", ".join(json.dumps(name, ensure_ascii=False) for name in declared["data"])  # a TOML string too
    return ("# What the grader reads of this lesson (generated from solutions/ by `grader stubs`).\n"
            f'module = "{declared["module"]}"\n'
            f"data = [{data}]\n")


def find_course(start: Path | None = None) -> Course:
    """The course whose folder holds ``start`` (default: the current folder)."""
    here = (start or Path.cwd()).resolve()
    for folder in [here, *here.parents]:
        if (folder / "assignments").is_dir() and (folder / "tests").is_dir():
            return Course(folder)
    raise SystemExit(f"no course found at or above {here} (a folder with assignments/ and tests/)")
