"""The course layout: which lessons exist and where their files live.

A lesson ``NN_name`` has ``solutions/NN_name/<module>.py`` (reference, instructors
only), ``assignments/NN_name/<module>.py`` (generated stub), ``tests/NN_name/test_*.py``
(public) and ``tests/NN_name/hidden/test_*.py`` (hidden).  The module name is the one
Python file of the lesson's assignment folder (or, where a student works in a notebook
instead, the name of ``<module>.ipynb``; ``walkthrough.ipynb`` is the lesson's own).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

LESSON_NAME = re.compile(r"^\d\d_[a-z0-9_]+$")


@dataclass(frozen=True)
class Lesson:
    name: str
    module: str
    tests_dir: Path

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
        found = {}
        for folder in sorted(self.assignments_dir.iterdir()) if self.assignments_dir.is_dir() else []:
            modules = [p.stem for p in folder.glob("*.py") if not p.name.startswith(("_", "test_"))]
            modules = modules or [p.stem for p in folder.glob("*.ipynb")
                                  if p.stem not in ("walkthrough", folder.name) and not p.name.startswith(".")]
            if LESSON_NAME.match(folder.name) and len(modules) == 1:
                found[folder.name] = Lesson(folder.name, modules[0], self.tests_dir / folder.name)
        if names:
            unknown = [n for n in names if n not in found]
            if unknown:
                raise SystemExit(f"unknown lesson(s): {', '.join(unknown)}; known: {', '.join(found)}")
            return [found[n] for n in names]
        return list(found.values())


def find_course(start: Path | None = None) -> Course:
    """The course whose folder holds ``start`` (default: the current folder)."""
    here = (start or Path.cwd()).resolve()
    for folder in [here, *here.parents]:
        if (folder / "assignments").is_dir() and (folder / "tests").is_dir():
            return Course(folder)
    raise SystemExit(f"no course found at or above {here} (a folder with assignments/ and tests/)")
